import restify from 'restify';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, MemoryStorage } from 'botbuilder';

/** Baseline: a botbuilder echo bot on MemoryStorage (one state read and write per turn). */
const conversationState = new ConversationState(new MemoryStorage());
const count = conversationState.createProperty<number>('count');
const bot = new ActivityHandler().onMessage(async (context, next) => {
  const n = (await count.get(context, 0)) + 1;
  await count.set(context, n);
  await context.sendActivity(`${n}: ${context.activity.text ?? ''}`);
  await next();
});
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const server = restify.createServer({ handleUncaughtExceptions: false });
server.use(restify.plugins.bodyParser({ mapParams: false }));
server.get('/healthz', async (_req, res) => {
  res.json(200, { status: 'ok' });
});
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, async (context) => {
    await bot.run(context);
    await conversationState.saveChanges(context);
  });
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1');
