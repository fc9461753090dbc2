import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Texts } from '../src/i18n/i18n.js';
import { LOCALES } from '../src/i18n/resolve-locale.js';
import { loadCorpus, parseCorpus } from '../src/nlu/corpus.js';
import { Recognizer } from '../src/nlu/recognizer.js';
import { loadRecognizer, recognizerPhrases, writeRecognizerModel } from '../src/nlu/recognizer-model.js';
import { LOCALES_DIR, PROJECT_ROOT, RECOGNIZER_MODEL_FILE } from '../src/paths.js';
import { withTypo, WRITTEN_APART } from '../support/nlu-evaluation.js';
import { BlobPartnerRegister } from '../src/store/blob/blob-partner-register.js';
import { startAzurite, type Azurite } from '../support/azurite.js';
import { organisationData } from './bench/organisations.js';
import { BENCH_ADMIN, benchSeed, benchTenant, prefill } from './bench/prefill.js';
import { freePort, waitFor } from '../support/net.js';
import { seededRandom } from '../support/random.js';

/**
 * `npm run bench [-- --duration S --concurrency N --sizes 0,10000,100000 --orgs 1000,10000,100000 --churn S --quick --no-blob --only NAME --steps --profile DIR --out FILE --flood N --bot FILE --recognizer]`
 *
 * Starts each target as its own process on a loopback port and drives it with the same load:
 * `concurrency` virtual users, each in its own conversation, asking with
 * `deliveryMode: "expectReplies"` so replies come back in the HTTP response. Prints one table and
 * writes the figures as JSON. `--quick` (CI) runs briefly and checks that every request succeeded.
 */
interface Options {
  duration: number;
  warmup: number;
  concurrency: number;
  sizes: number[];
  tenants: number;
  subscriptions: number;
  quick: boolean;
  noBlob: boolean;
  /** Runs only the targets whose name contains this text (baselines are always run). */
  only: string | undefined;
  /** Writes a V8 CPU profile of each bot target into this folder (`--cpu-prof`). */
  profile: string | undefined;
  /** Prints latency per step of the flow (always in the JSON). */
  steps: boolean;
  out: string;
  /** Measures a flood of one conversation instead (`--flood N`: N senders at once). */
  flood: number;
  /** The bot's entry point (default: this checkout's build), to measure another build the same way. */
  bot: string | undefined;
  /** Organisations of the "many organisations" runs (none: not run). */
  orgs: number[];
  /** Subscriptions of each of those organisations. */
  orgSubscriptions: number;
  /** Seconds of the churn run: 2,000 organisations never seen before per minute. */
  churn: number;
  /** Times the recognizer in this process instead (`--recognizer`): its build, and each recognition. */
  recognizer: boolean;
}

function parseOptions(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const number = (name: string, fallback: number) => {
    const raw = value(name);
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} takes a number`);
    return n;
  };
  return {
    quick,
    noBlob: argv.includes('--no-blob'),
    only: value('only'),
    profile: value('profile'),
    steps: argv.includes('--steps'),
    duration: number('duration', quick ? 3 : 10),
    warmup: number('warmup', quick ? 1 : 2),
    concurrency: number('concurrency', quick ? 10 : 50),
    sizes: (value('sizes') ?? (quick ? '0,1000' : '0,10000,100000')).split(',').map(Number),
    tenants: number('tenants', quick ? 50 : 1000),
    subscriptions: number('subscriptions', 50),
    out: value('out') ?? path.join(PROJECT_ROOT, 'dist', 'bench', 'results.json'),
    flood: number('flood', 0),
    bot: value('bot'),
    orgs: (value('orgs') ?? (quick ? '1000' : '1000,10000,100000')).split(',').filter((x) => x !== '').map(Number),
    orgSubscriptions: number('org-subscriptions', 10),
    churn: number('churn', quick ? 3 : 30),
    recognizer: argv.includes('--recognizer'),
  };
}

interface Target {
  readonly name: string;
  /** Prepares the target's store just before it starts (Azurite for the blob backend). */
  readonly prepare?: () => Promise<Record<string, string>>;
  readonly kind: 'bare' | 'echo' | 'bot';
  readonly script: string;
  readonly env?: Record<string, string>;
  readonly dataDir?: string;
  readonly stored?: number;
}

interface Result {
  target: string;
  stored?: number;
  turns: number;
  turnsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  cpuMsPerTurn: number;
  /** The load generator's own CPU per turn (it shares the machine's cores with the target). */
  clientCpuMsPerTurn: number;
  rssMb: number;
  startupMs: number;
  dataMb?: number;
  /** Latency per step of the flow: which kind of turn makes the tail. */
  steps: Record<string, { turns: number; p50: number; p99: number }>;
  firstError?: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

function postJson(port: number, body: unknown): Promise<{ status: number; json: unknown }> {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/api/messages', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': data.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined });
          } catch (error) {
            reject(error as Error);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

type Reply = { type: string; text?: string; attachments?: Array<{ content: unknown }> };

/** The value of `cardId` in a reply's card (the confirm and pick cards carry one). */
function cardIdOf(replies: Reply[]): string | undefined {
  const text = JSON.stringify(replies.map((r) => r.attachments ?? []));
  return /"cardId":"([^"]+)"/.exec(text)?.[1];
}

class Load {
  latencies: number[] = [];
  readonly byStep = new Map<string, number[]>();
  errors = 0;
  firstError: string | undefined;
  measuring = false;

  constructor(private readonly port: number) {}

  /** One request; a wrong status or reply counts as an error and ends the user's flow. */
  async turn(step: string, activity: Record<string, unknown>, expect: (replies: Reply[]) => boolean): Promise<Reply[] | undefined> {
    const started = performance.now();
    try {
      const { status, json } = await postJson(this.port, activity);
      const replies = ((json as { activities?: Reply[] } | undefined)?.activities ?? []).filter((a) => a.type === 'message');
      const ok = status === 200 && expect(replies);
      if (this.measuring) {
        const latency = performance.now() - started;
        this.latencies.push(latency);
        const step_ = this.byStep.get(step) ?? [];
        step_.push(latency);
        this.byStep.set(step, step_);
        if (!ok) {
          this.errors += 1;
          this.firstError ??= `HTTP ${status}: ${JSON.stringify(replies).slice(0, 300)}`;
        }
      }
      return ok ? replies : undefined;
    } catch (error) {
      if (this.measuring) {
        this.errors += 1;
        this.firstError ??= String(error);
      }
      return undefined;
    }
  }
}

let activityCount = 0;

/** A Teams-shaped activity; each has an id of its own, as Teams gives them (re-sends are recognized by it). */
function activity(vu: number, conversation: string, fields: Record<string, unknown>): Record<string, unknown> {
  activityCount += 1;
  return {
    type: 'message',
    id: `bench-activity-${activityCount}`,
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9',
    deliveryMode: 'expectReplies',
    locale: 'en-US',
    conversation: { id: conversation, conversationType: 'personal', tenantId: benchTenant(vu) },
    channelData: { tenant: { id: benchTenant(vu) } },
    from: { id: `29:bench-${vu}`, name: `Admin ${vu}`, aadObjectId: BENCH_ADMIN },
    recipient: { id: '28:partner-bot' },
    ...fields,
  };
}

/** A virtual user of the real bot: add a partner, view, remove it again — 8 turns a round. */
async function partnerFlow(load: Load, vu: number, round: number): Promise<void> {
  const conversation = `bench-${vu}-${round}`;
  const say = (step: string, text: string, expect: (r: Reply[]) => boolean) => load.turn(step, activity(vu, conversation, { text }), expect);
  const submit = (step: string, value: Record<string, unknown>, expect: (r: Reply[]) => boolean) =>
    load.turn(step, activity(vu, conversation, { value }), expect);
  const hasCard = (r: Reply[]) => cardIdOf(r) !== undefined;
  const says = (start: string) => (r: Reply[]) => r.some((x) => x.text?.startsWith(start));

  let replies = await say('ask to add', 'add a partner', hasCard);
  if (!replies) return;
  replies = await submit('pick', { verb: 'pickSubscription', cardId: cardIdOf(replies), subscriptionId: 'sub-0' }, says('What is the Microsoft Partner ID'));
  if (!replies) return;
  replies = await say('type Partner ID', '7654321', hasCard);
  if (!replies) return;
  if (!(await submit('confirm (write)', { verb: 'confirm', cardId: cardIdOf(replies) }, says('Recorded:')))) return;
  if (!(await say('view', 'show my partners', (r) => JSON.stringify(r).includes('Northwind Traders (7654321)')))) return;
  replies = await say('ask to remove', 'remove partner', hasCard);
  if (!replies) return;
  replies = await submit('pick', { verb: 'pickSubscription', cardId: cardIdOf(replies), subscriptionId: 'sub-0' }, hasCard);
  if (!replies) return;
  await submit('confirm (write)', { verb: 'confirm', cardId: cardIdOf(replies) }, says('Recorded:'));
}

async function echoFlow(load: Load, vu: number, round: number): Promise<void> {
  await load.turn('echo', activity(vu, `bench-${vu}`, { text: `hello ${round}` }), (r) => r.length === 1);
}

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in 1/100 s
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.replace(/\D+/g, '') ?? 0) / 1024;
}

function sizeMb(dir: string): number {
  let total = 0;
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else total += statSync(p).size;
    }
  };
  if (existsSync(dir)) walk(dir);
  return total / 1024 / 1024;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function run(target: Target, options: Options): Promise<Result> {
  const port = await freePort();
  const prepared = (await target.prepare?.()) ?? {};
  const started = performance.now();
  const profile = options.profile && target.kind === 'bot' ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options.profile)}`] : [];
  const child: ChildProcess = spawn(process.execPath, ['--disable-warning=DEP0111', ...profile, target.script, String(port)], {
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', MicrosoftAppId: '', MicrosoftAppPassword: '', ...target.env, ...prepared, ...(target.dataDir ? { DATA_DIR: target.dataDir } : {}) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitFor(`http://127.0.0.1:${port}/healthz`, target.name, 60_000);
    const startupMs = performance.now() - started;
    const load = new Load(port);
    const flow = target.kind === 'bot' ? partnerFlow : echoFlow;
    let stop = false;
    const users = Array.from({ length: options.concurrency }, async (_, vu) => {
      for (let round = 0; !stop; round++) await flow(load, vu, round);
    });
    await new Promise((resolve) => setTimeout(resolve, options.warmup * 1000));
    load.measuring = true;
    const cpuBefore = cpuMs(child.pid!);
    const clientBefore = process.cpuUsage();
    const t0 = performance.now();
    await new Promise((resolve) => setTimeout(resolve, options.duration * 1000));
    load.measuring = false;
    const seconds = (performance.now() - t0) / 1000;
    const cpuAfter = cpuMs(child.pid!);
    const client = process.cpuUsage(clientBefore);
    const rss = rssMb(child.pid!);
    stop = true;
    await Promise.all(users);
    const sorted = [...load.latencies].sort((a, b) => a - b);
    const steps = Object.fromEntries(
      [...load.byStep].map(([step, latencies]) => {
        latencies.sort((a, b) => a - b);
        return [step, { turns: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99) }];
      }),
    );
    const turns = sorted.length;
    return {
      target: target.name,
      ...(target.stored === undefined ? {} : { stored: target.stored }),
      turns,
      turnsPerSecond: turns / seconds,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.at(-1) ?? 0,
      errors: load.errors,
      cpuMsPerTurn: turns > 0 ? (cpuAfter - cpuBefore) / turns : 0,
      clientCpuMsPerTurn: turns > 0 ? (client.user + client.system) / 1000 / turns : 0,
      rssMb: rss,
      startupMs,
      ...(target.dataDir ? { dataMb: sizeMb(target.dataDir) } : {}),
      steps,
      ...(load.firstError ? { firstError: load.firstError } : {}),
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

/** The figures of one "many organisations" run. */
interface OrganisationsResult {
  organisations: number;
  startupMs: number;
  rssIdleMb: number;
  turns: number;
  turnsPerSecond: number;
  p50: number;
  p99: number;
  cpuMsPerTurn: number;
  rssLoadedMb: number;
  churn: { organisations: number; p50: number; p99: number; rssMb: number };
  errors: number;
  firstError?: string;
}


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Many organisations: the bot on a DATA_DIR of `organisations` organisations (lowdb, bot state on
 * disk too, as deployed). Start-up (until /healthz answers) and RSS once idle; then `concurrency`
 * conversations ask "show my partners" back to back, each turn from an organisation drawn at
 * random among all of them; then, on a fresh start, 2,000 organisations never seen before per
 * minute ask it once each (open loop: one every 30 ms), and RSS after.
 */
async function runOrganisations(organisations: number, options: Options, bot: string, work: string): Promise<OrganisationsResult> {
  const t0 = performance.now();
  const { dir, made } = organisationData(path.join(work, `orgs-${organisations}`), organisations, options.orgSubscriptions);
  if (made) console.log(`  wrote ${organisations} organisations in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const profile = options.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options.profile)}`] : [];
  let errors = 0;
  let firstError: string | undefined;
  const shows = (replies: Reply[]) => JSON.stringify(replies).includes('Contoso Advisors (1234567)');
  const ask = async (port: number, org: number, conversation: string): Promise<number | undefined> => {
    const started = performance.now();
    try {
      const { status, json } = await postJson(port, activity(org, conversation, { text: 'show my partners' }));
      const replies = ((json as { activities?: Reply[] } | undefined)?.activities ?? []).filter((a) => a.type === 'message');
      if (status === 200 && shows(replies)) return performance.now() - started;
      firstError ??= `HTTP ${status}: ${JSON.stringify(replies).slice(0, 300)}`;
    } catch (error) {
      firstError ??= String(error);
    }
    errors += 1;
    return undefined;
  };
  const start = async () => {
    const port = await freePort();
    const started = performance.now();
    const child = spawn(process.execPath, ['--disable-warning=DEP0111', ...profile, bot, String(port)], {
      env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', MicrosoftAppId: '', MicrosoftAppPassword: '', DATA_DIR: dir },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the bot stopped at start (exit code ${child.exitCode})`);
      const up = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (up) break;
      if (performance.now() - started > 120_000) throw new Error('the bot did not start within 120 s');
      await sleep(10);
    }
    return { child, port, startupMs: performance.now() - started };
  };
  const stop = async (child: ChildProcess) => {
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
  };

  // Steady load over every organisation.
  const first = await start();
  let loaded: Omit<OrganisationsResult, 'churn' | 'errors' | 'organisations'>;
  try {
    await sleep(1000);
    const rssIdleMb = rssMb(first.child.pid!);
    const random = seededRandom(organisations);
    const latencies: number[] = [];
    let measuring = false;
    let stopped = false;
    const users = Array.from({ length: options.concurrency }, async (_, vu) => {
      for (let n = 0; !stopped; n++) {
        const org = Math.floor(random() * organisations);
        const latency = await ask(first.port, org, `bench-org-${org}-${vu}`);
        if (measuring && latency !== undefined) latencies.push(latency);
      }
    });
    await sleep(options.warmup * 1000);
    errors = 0;
    firstError = undefined;
    measuring = true;
    const cpuBefore = cpuMs(first.child.pid!);
    const t1 = performance.now();
    await sleep(options.duration * 1000);
    measuring = false;
    const seconds = (performance.now() - t1) / 1000;
    const cpu = cpuMs(first.child.pid!) - cpuBefore;
    const rssLoadedMb = rssMb(first.child.pid!);
    stopped = true;
    await Promise.all(users);
    latencies.sort((a, b) => a - b);
    loaded = {
      startupMs: first.startupMs,
      rssIdleMb,
      turns: latencies.length,
      turnsPerSecond: latencies.length / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      cpuMsPerTurn: latencies.length > 0 ? cpu / latencies.length : 0,
      rssLoadedMb,
    };
  } finally {
    await stop(first.child);
  }

  // Churn: organisations arriving at 2,000 a minute, each seen once, on a fresh start.
  const second = await start();
  try {
    const count = Math.min(organisations, Math.round((options.churn * 2000) / 60));
    const stride = 7919; // a prime: consecutive arrivals are far apart in the data set, all distinct
    const latencies: number[] = [];
    const asked: Array<Promise<void>> = [];
    const t2 = performance.now();
    for (let i = 0; i < count; i++) {
      const org = (i * stride) % organisations;
      asked.push(ask(second.port, org, `bench-churn-${org}`).then((latency) => void (latency !== undefined && latencies.push(latency))));
      const due = t2 + ((i + 1) * 60_000) / 2000;
      await sleep(Math.max(0, due - performance.now()));
    }
    await Promise.all(asked);
    latencies.sort((a, b) => a - b);
    const churn = { organisations: count, p50: percentile(latencies, 50), p99: percentile(latencies, 99), rssMb: rssMb(second.child.pid!) };
    return { organisations, ...loaded, churn, errors, ...(firstError ? { firstError } : {}) };
  } finally {
    await stop(second.child);
  }
}

function organisationsTable(results: OrganisationsResult[]): string {
  const rows = [['organisations', 'start ms', 'RSS idle MB', 'turns/s', 'p50 ms', 'p99 ms', 'CPU ms/turn', 'RSS loaded MB', 'churn orgs', 'churn p50 ms', 'churn p99 ms', 'RSS churn MB', 'errors']];
  for (const r of results) {
    rows.push([String(r.organisations), r.startupMs.toFixed(0), r.rssIdleMb.toFixed(0), r.turnsPerSecond.toFixed(0), r.p50.toFixed(1), r.p99.toFixed(1), r.cpuMsPerTurn.toFixed(2), r.rssLoadedMb.toFixed(0), String(r.churn.organisations), r.churn.p50.toFixed(1), r.churn.p99.toFixed(1), r.churn.rssMb.toFixed(0), String(r.errors)]);
  }
  return markdown(rows);
}

function markdown(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w, i) => (i === 0 ? ':' : '') + '-'.repeat(w + 1) + (i === 0 ? '' : ':')).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

function table(results: Result[]): string {
  const rows = [['target', 'stored', 'turns/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'CPU ms/turn', 'client CPU', 'RSS MB', 'start ms', 'data MB']];
  for (const r of results) {
    rows.push([r.target, r.stored === undefined ? '' : String(r.stored), r.turnsPerSecond.toFixed(0), r.p50.toFixed(1), r.p99.toFixed(1), r.max.toFixed(1), String(r.errors), r.cpuMsPerTurn.toFixed(2), r.clientCpuMsPerTurn.toFixed(2), r.rssMb.toFixed(0), r.startupMs.toFixed(0), r.dataMb === undefined ? '' : r.dataMb.toFixed(1)]);
  }
  return markdown(rows);
}

/**
 * `--flood N`: N senders post into one conversation as fast as it answers them, for `duration`
 * seconds, while one other conversation asks for its partners once a second. Prints how the
 * flooded conversation was answered (200 / 429), the other conversation's latency, and the bot's
 * memory before, during and after.
 */
async function flood(options: Options, bot: string, dataDir: string): Promise<void> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', bot], {
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', MicrosoftAppId: '', MicrosoftAppPassword: '', DATA_DIR: dataDir },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitFor(`http://127.0.0.1:${port}/healthz`, 'partner-bot', 60_000);
    const rssIdle = rssMb(child.pid!);
    const statuses = new Map<number, number>();
    const calm: number[] = [];
    let rssPeak = rssIdle;
    let stop = false;
    const flooded = activity(0, 'bench-flood', { text: 'show my partners' });
    const senders = Array.from({ length: options.flood }, async () => {
      while (!stop) {
        const { status } = await postJson(port, { ...flooded, id: `flood-${(activityCount += 1)}` }).catch(() => ({ status: 0 }));
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    });
    const other = (async () => {
      for (let i = 0; !stop; i++) {
        const started = performance.now();
        const { status } = await postJson(port, activity(1, 'bench-calm', { text: 'show my partners' }));
        if (status === 200) calm.push(performance.now() - started);
        rssPeak = Math.max(rssPeak, rssMb(child.pid!));
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, options.duration * 1000));
    stop = true;
    await Promise.all([...senders, other]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const rssAfter = rssMb(child.pid!);
    calm.sort((a, b) => a - b);
    const count = (status: number) => statuses.get(status) ?? 0;
    console.log(`flood: ${options.flood} senders into one conversation for ${options.duration} s`);
    console.log(`  flooded conversation: ${count(200)} answered, ${count(429)} refused with 429, ${[...statuses].filter(([s]) => s !== 200 && s !== 429).reduce((a, [, n]) => a + n, 0)} other`);
    console.log(`  other conversation: ${calm.length} answered, median ${percentile(calm, 50).toFixed(1)} ms, max ${(calm.at(-1) ?? 0).toFixed(1)} ms`);
    console.log(`  RSS MB: idle ${rssIdle.toFixed(0)}, peak ${rssPeak.toFixed(0)}, after ${rssAfter.toFixed(0)}`);
    if (calm.length === 0 || count(200) === 0) process.exitCode = 1;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

/**
 * `--recognizer`: builds the recognizer as the bot does at start, trained and loaded from the
 * build's model file (timed), warms it up on every utterance of the corpus and of the sets written
 * apart from it (as written and with one typo), then times each of them once on a second
 * recognizer, built the same way, so that no answer comes from its memo.
 */
function benchRecognizer(): void {
  const phrases = recognizerPhrases(Texts.fromDirectory(LOCALES_DIR));
  const corpus = loadCorpus(LOCALES_DIR);
  const apart = WRITTEN_APART.flatMap((set) => LOCALES.flatMap((l) => parseCorpus(readFileSync(path.join(PROJECT_ROOT, 'test', 'nlu', set.folder, `${l}.txt`), 'utf8'))));
  const utterances = [...LOCALES.flatMap((l) => corpus[l]), ...apart].flatMap((e) => [e.text, withTypo(e.text)]);
  const unique = [...new Set(utterances)];
  const timed = <T>(times: number[], make: () => T): T => {
    const t0 = performance.now();
    const made = make();
    times.push(performance.now() - t0);
    return made;
  };
  const trainings: number[] = [];
  const warm = timed(trainings, () => new Recognizer(phrases, corpus));
  for (let round = 0; round < 3; round++) for (const text of unique) warm.recognize(`${text} ${round}`);
  const measured = timed(trainings, () => new Recognizer(phrases, corpus));
  const times = unique.map((text) => {
    const t0 = performance.now();
    measured.recognize(text);
    return performance.now() - t0;
  });
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  const file = path.join(PROJECT_ROOT, 'dist', 'bench', 'recognizer-model.json');
  writeRecognizerModel(phrases, corpus, file);
  const loads: number[] = [];
  for (let i = 0; i < 3; i++) timed(loads, () => loadRecognizer(phrases, corpus, file));
  console.log(`recognizer: ${unique.length} utterances (corpus and the sets written apart, as written and with one typo), each once after a warm-up`);
  console.log(`  recognition: p50 ${at(0.5).toFixed(3)} ms, p99 ${at(0.99).toFixed(3)} ms, max ${times.at(-1)!.toFixed(3)} ms`);
  console.log(`  trained at start: first ${trainings[0]!.toFixed(0)} ms, second ${trainings[1]!.toFixed(0)} ms`);
  console.log(`  loaded from the build's model: ${loads.map((t) => t.toFixed(0)).join(', ')} ms`);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const dist = path.join(PROJECT_ROOT, 'dist');
  const work = path.join(dist, 'bench');
  mkdirSync(work, { recursive: true });
  const bot = options.bot ? path.resolve(options.bot) : path.join(dist, 'src', 'index.js');
  // The bot as npm start runs it: the build has trained its recognizer.
  if (!options.bot) writeRecognizerModel(recognizerPhrases(Texts.fromDirectory(LOCALES_DIR)), loadCorpus(LOCALES_DIR), RECOGNIZER_MODEL_FILE);
  if (options.recognizer) {
    benchRecognizer();
    agent.destroy();
    return;
  }
  if (options.flood > 0) {
    const dir = path.join(work, 'data-flood');
    rmSync(dir, { recursive: true, force: true });
    await prefill(dir, 0, options.tenants, options.subscriptions);
    await flood(options, bot, dir);
    rmSync(dir, { recursive: true, force: true });
    agent.destroy();
    return;
  }
  console.log(`partner-bot bench: ${options.concurrency} concurrent conversations, ${options.duration} s per target (after ${options.warmup} s warm-up), ${options.tenants} organisations × ${options.subscriptions} subscriptions`);

  const targets: Target[] = [
    { name: 'bare restify', kind: 'bare', script: path.join(dist, 'scripts', 'bench', 'bare-target.js') },
    { name: 'echo bot (MemoryStorage)', kind: 'echo', script: path.join(dist, 'scripts', 'bench', 'echo-target.js') },
  ];
  // Data is prepared only for the targets that run.
  const wanted = (name: string) => !options.only || name.includes(options.only);
  const memoryDir = path.join(work, 'data-memory');
  rmSync(memoryDir, { recursive: true, force: true });
  if (wanted('partner-bot (MemoryStorage)')) {
    await prefill(memoryDir, 0, options.tenants, options.subscriptions);
    targets.push({ name: 'partner-bot (MemoryStorage)', kind: 'bot', script: bot, env: { STATE_STORAGE: 'memory' }, dataDir: memoryDir, stored: 0 });
  }
  for (const size of wanted('partner-bot (lowdb)') ? options.sizes : []) {
    const dir = path.join(work, `data-${size}`);
    rmSync(dir, { recursive: true, force: true });
    const t0 = performance.now();
    await prefill(dir, size, options.tenants, options.subscriptions);
    console.log(`  prefilled ${size} conversations in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    targets.push({ name: 'partner-bot (lowdb)', kind: 'bot', script: bot, dataDir: dir, stored: size });
  }

  let azurite: Azurite | undefined;
  if (!options.noBlob && wanted('partner-bot (blob, Azurite)')) {
    targets.push({
      name: 'partner-bot (blob, Azurite)',
      kind: 'bot',
      script: bot,
      stored: 0,
      prepare: async () => {
        azurite = await startAzurite();
        const t0 = performance.now();
        const repository = await BlobPartnerRegister.open(azurite.container('bench'));
        await repository.importSeed(benchSeed(options.tenants, options.subscriptions));
        console.log(`  seeded Azurite with ${options.tenants} organisations in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        return { STORAGE: 'blob', BLOB_CONNECTION_STRING: azurite.connectionString, BLOB_CONTAINER: 'bench' };
      },
    });
  }

  const results: Result[] = [];
  for (const target of targets) {
    const result = await run(target, options);
    results.push(result);
    console.log(`  ${target.name}${target.stored === undefined ? '' : ` [${target.stored}]`}: ${result.turnsPerSecond.toFixed(0)} turns/s, p99 ${result.p99.toFixed(1)} ms, ${result.errors} errors`);
    if (options.steps && target.kind === 'bot') {
      for (const [step, s] of Object.entries(result.steps)) console.log(`      ${step.padEnd(16)} p50 ${s.p50.toFixed(1).padStart(6)} ms  p99 ${s.p99.toFixed(1).padStart(6)} ms  (${s.turns} turns)`);
    }
  }

  const organisations: OrganisationsResult[] = [];
  for (const size of wanted('partner-bot (organisations)') ? options.orgs : []) {
    const result = await runOrganisations(size, options, bot, work);
    organisations.push(result);
    console.log(`  partner-bot (organisations) [${size}]: start ${result.startupMs.toFixed(0)} ms, ${result.turnsPerSecond.toFixed(0)} turns/s, p99 ${result.p99.toFixed(1)} ms, RSS ${result.rssIdleMb.toFixed(0)} → ${result.rssLoadedMb.toFixed(0)} MB, ${result.errors} errors`);
  }

  const get = (name: string, stored?: number) => results.find((r) => r.target === name && (stored === undefined || r.stored === stored));
  const memory = get('partner-bot (MemoryStorage)');
  const echo = get('echo bot (MemoryStorage)');
  const lowdb0 = get('partner-bot (lowdb)', options.sizes[0]);
  const lowdbMax = get('partner-bot (lowdb)', options.sizes.at(-1));
  const ratios = {
    lowdbVsMemory: lowdb0 && memory ? lowdb0.turnsPerSecond / memory.turnsPerSecond : undefined,
    largestVsEmpty: lowdb0 && lowdbMax ? lowdbMax.turnsPerSecond / lowdb0.turnsPerSecond : undefined,
    flowTurnVsEcho: memory && echo ? memory.turnsPerSecond / echo.turnsPerSecond : undefined,
    echoVsBare: echo && get('bare restify') ? echo.turnsPerSecond / get('bare restify')!.turnsPerSecond : undefined,
    mostVsFewestOrganisations: organisations.length > 1 ? organisations.at(-1)!.turnsPerSecond / organisations[0]!.turnsPerSecond : undefined,
    viewTurnVsEcho: organisations[0] && echo ? organisations[0].turnsPerSecond / echo.turnsPerSecond : undefined,
  };
  console.log(`\n${table(results)}\n`);
  const fmt = (x: number | undefined) => (x === undefined ? 'n/a' : `${x.toFixed(2)}×`);
  console.log(`lowdb / MemoryStorage: ${fmt(ratios.lowdbVsMemory)} · ${options.sizes.at(-1)} stored / ${options.sizes[0]}: ${fmt(ratios.largestVsEmpty)} · flow turn / echo turn: ${fmt(ratios.flowTurnVsEcho)} · echo / bare: ${fmt(ratios.echoVsBare)}`);
  if (organisations.length > 0) {
    console.log(`\nMany organisations (${options.orgSubscriptions} subscriptions each; "show my partners" from a random organisation, ${options.concurrency} conversations at once; churn: 2,000 new organisations a minute for ${options.churn} s):\n\n${organisationsTable(organisations)}\n`);
    const sizes = organisations.length > 1 ? `${options.orgs.at(-1)} / ${options.orgs[0]} organisations: ${fmt(ratios.mostVsFewestOrganisations)} · ` : '';
    console.log(`${sizes}"show my partners" turn (${options.orgs[0]} organisations) / echo turn: ${fmt(ratios.viewTurnVsEcho)}`);
  }
  mkdirSync(path.dirname(options.out), { recursive: true });
  writeFileSync(options.out, JSON.stringify({ at: new Date().toISOString(), node: process.version, options, results, organisations, ratios }, null, 2));
  console.log(`results written to ${options.out}`);
  await azurite?.stop();
  for (const size of options.sizes) rmSync(path.join(work, `data-${size}`), { recursive: true, force: true });
  rmSync(memoryDir, { recursive: true, force: true });

  const failed = results.filter((r) => r.errors > 0 || r.turns === 0);
  if (failed.length > 0) {
    for (const r of failed) console.error(`${r.target}${r.stored === undefined ? '' : ` [${r.stored}]`}: ${r.errors} errors of ${r.turns} turns; first: ${r.firstError ?? 'no turn completed'}`);
    process.exitCode = 1;
  }
  for (const r of organisations.filter((o) => o.errors > 0 || o.turns === 0)) {
    console.error(`partner-bot (organisations) [${r.organisations}]: ${r.errors} errors of ${r.turns} turns; first: ${r.firstError ?? 'no turn completed'}`);
    process.exitCode = 1;
  }
  agent.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
