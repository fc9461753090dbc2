import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FileTranscriptStore, type Activity } from 'botbuilder';
import { loadConfig, loadDotEnv } from '../src/config.js';

/**
 * `npm run transcript -- CONVERSATION_ID [OUT_FILE]`: writes the recorded conversation (see
 * TRANSCRIPT_DIR) as a `.transcript` file, a JSON array of activities that the Bot Framework
 * Emulator opens (File > Open transcript).
 */
async function main(): Promise<void> {
  const [conversationId, outArg] = process.argv.slice(2);
  if (!conversationId) throw new Error('usage: npm run transcript -- CONVERSATION_ID [OUT_FILE]');
  loadDotEnv(process.cwd());
  const config = loadConfig(process.env, process.cwd());
  const dir = config.transcriptDir;
  if (!dir || !existsSync(dir)) {
    throw new Error('No recorded conversations: set TRANSCRIPT_DIR and restart the bot to record them.');
  }
  const store = new FileTranscriptStore(dir);
  const activities: Activity[] = [];
  for (const channel of readdirSync(dir)) {
    let token: string | undefined;
    do {
      const page = await store.getTranscriptActivities(channel, conversationId, token);
      activities.push(...page.items);
      token = page.continuationToken || undefined;
    } while (token);
    if (activities.length > 0) break;
  }
  if (activities.length === 0) throw new Error(`No recorded conversation "${conversationId}" in ${dir}.`);
  const safeName = conversationId.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100);
  const out = path.resolve(config.invocationDir, outArg ?? `${safeName}.transcript`);
  writeFileSync(out, JSON.stringify(activities, null, 2));
  console.log(`${activities.length} activities written to ${out}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
