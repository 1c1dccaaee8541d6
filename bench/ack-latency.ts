// Ack latency under load: bursts of 50 concurrent signed requests against the built bot and against
// a bare Bolt app (bench/bare-bolt.mjs) that acks the same requests the same way, both spawned with
// `node` and measured side by side in one run, alternating burst by burst.
// - `/migrate help` and `/migrate status` (on a migration seeded with 60 services): answered in the ack
// - a button click (Cancel on a confirmation that is gone): an empty ack, then an answer through
//   its response_url; the next burst starts once every answer of the last one has arrived
// Latency is from sending a request to having read its whole HTTP response, as Slack waits for it.
// The server's CPU time per request (from /proc, answers through response_url included) is shown
// beside it: on a shared machine it is steadier than the latencies. Beside the ratio of the pooled
// p50s, "paired" is the median (and interquartile range) of each bot burst's p50 over the bare burst's
// run just before it: the range shows how far one burst's ratio swings on the machine at hand.
// `npm run bench:ack` runs only this part; `npm run bench` runs it after the start-up bench.
import { fileURLToPath } from 'node:url';
import { ACTION } from '../src/slack/ids.ts';
import { openStore } from '../src/store/db.ts';
import { activeMigration } from '../src/store/migrations.ts';
import { FakeSlack } from '../test/support/fake-slack.ts';
import { layeredGraphYaml, seedGraph } from '../test/support/seed.ts';
import {
  blockActionPayload,
  CHANNEL,
  payloadBody,
  sendSigned,
  slashCommandBody,
  TEAM,
} from '../test/support/slack-requests.ts';
import {
  assertBuilt,
  cpuMs,
  ENTRIES,
  type Entry,
  printTable,
  SIGNING_SECRET,
  type Started,
  startServer,
} from './servers.ts';

const CONCURRENCY = 50;
const WARM_UP_BURSTS = 3;
const BURSTS = 60;
const SERVICES = 60;

type Kind = 'help' | 'status' | 'click';
const KINDS: readonly Kind[] = ['help', 'status', 'click'];
const LABEL: Record<Kind, string> = { help: '/migrate help', status: '/migrate status', click: 'button click' };

function request(kind: Kind, fake: FakeSlack): { body: string; responseId: string } {
  const responseUrl = fake.responseUrl();
  const responseId = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
  if (kind === 'click') {
    const payload = blockActionPayload({ actionId: ACTION.cancel, value: 'gone', responseUrl });
    return { body: payloadBody(payload), responseId };
  }
  return { body: slashCommandBody(kind, { response_url: responseUrl }), responseId };
}

/** One burst of concurrent requests; returns each one's latency in ms. */
async function burst(server: Started, kind: Kind, fake: FakeSlack): Promise<number[]> {
  const requests = Array.from({ length: CONCURRENCY }, () => request(kind, fake));
  const latencies = await Promise.all(
    requests.map(async ({ body }) => {
      const t0 = performance.now();
      const res = await sendSigned(server.baseUrl, body, { secret: SIGNING_SECRET });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${LABEL[kind]} answered HTTP ${res.status}`);
      return performance.now() - t0;
    }),
  );
  if (kind === 'click') {
    const ids = new Set(requests.map((r) => r.responseId));
    await fake.waitFor(
      () => fake.responses.filter((r) => ids.has(r.id)).length >= ids.size,
      'the answers to the clicks',
    );
  }
  return latencies;
}

/** The bot's channel gets a migration with services, so `status` has something to show. */
async function seed(bot: Started, fake: FakeSlack): Promise<void> {
  const body = slashCommandBody('new Shop', { response_url: fake.responseUrl() });
  const res = await sendSigned(bot.baseUrl, body, { secret: SIGNING_SECRET });
  await res.arrayBuffer();
  await fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('started the migration'));
  const store = openStore(bot.databaseUrl);
  try {
    const migration = activeMigration(store.db, TEAM, CHANNEL);
    if (!migration) throw new Error('the bench could not start its migration');
    seedGraph(store, migration, layeredGraphYaml(SERVICES));
  } finally {
    store.close();
  }
}

const percentile = (xs: readonly number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] as number;
};

export async function runAckBench(): Promise<void> {
  assertBuilt();
  const fake = await new FakeSlack().start();
  const servers: Partial<Record<Entry, Started>> = {};
  try {
    servers.bare = await startServer('bare', fake.apiUrl);
    servers.bot = await startServer('bot', fake.apiUrl);
    await seed(servers.bot, fake);
    // Each burst's latencies, in the order run: a bot burst is paired with the bare burst just before it.
    const bursts = new Map<string, number[][]>();
    const cpu = new Map<string, number>();
    for (let b = 0; b < WARM_UP_BURSTS + BURSTS; b++) {
      for (const kind of KINDS) {
        for (const entry of ['bare', 'bot'] as const) {
          const server = servers[entry] as Started;
          const cpu0 = cpuMs(server.child.pid as number);
          const latencies = await burst(server, kind, fake);
          if (b < WARM_UP_BURSTS) continue;
          const key = `${entry}:${kind}`;
          bursts.set(key, (bursts.get(key) ?? []).concat([latencies]));
          cpu.set(key, (cpu.get(key) ?? 0) + cpuMs(server.child.pid as number) - cpu0);
        }
      }
    }
    const burstsOf = (entry: Entry, kind: Kind) => bursts.get(`${entry}:${kind}`) ?? [];
    const at = (entry: Entry, kind: Kind, p: number) => percentile(burstsOf(entry, kind).flat(), p);
    const cpuPer = (entry: Entry, kind: Kind) => (cpu.get(`${entry}:${kind}`) ?? 0) / (BURSTS * CONCURRENCY);
    // Paired bursts run a few milliseconds apart, so whatever else the machine was doing then weighs
    // on both alike: the median of their ratios is steadier than the ratio of the pooled p50s.
    const pairedRatios = (kind: Kind) => {
      const bare = burstsOf('bare', kind);
      return burstsOf('bot', kind).map((bot, i) => percentile(bot, 0.5) / percentile(bare[i] ?? [], 0.5));
    };
    const fixed = (x: number, digits = 1) => x.toFixed(digits);
    const ratio = (x: number, y: number) => `${(x / y).toFixed(2)}x`;
    console.log(
      `\nAck latency, ${BURSTS} bursts of ${CONCURRENCY} concurrent signed requests each (after ${WARM_UP_BURSTS} warm-up), ` +
        `Node ${process.version}:\n  bot = ${ENTRIES.bot.label}, bare = ${ENTRIES.bare.label}`,
    );
    printTable([
      [
        '',
        'bot p50 ms',
        'bare p50 ms',
        'p50 ratio',
        'paired (IQR)',
        'bot p99 ms',
        'bare p99 ms',
        'p99 ratio',
        'bot CPU ms/request',
        'bare CPU ms/request',
        'CPU ratio',
      ],
      ...KINDS.map((kind) => {
        const paired = pairedRatios(kind);
        const pairedText = `${ratio(percentile(paired, 0.5), 1)} (${fixed(percentile(paired, 0.25), 2)}-${fixed(percentile(paired, 0.75), 2)})`;
        const [b50, r50] = [at('bot', kind, 0.5), at('bare', kind, 0.5)];
        const [b99, r99] = [at('bot', kind, 0.99), at('bare', kind, 0.99)];
        const [bc, rc] = [cpuPer('bot', kind), cpuPer('bare', kind)];
        return [
          LABEL[kind],
          fixed(b50),
          fixed(r50),
          ratio(b50, r50),
          pairedText,
          fixed(b99),
          fixed(r99),
          ratio(b99, r99),
          fixed(bc, 2),
          fixed(rc, 2),
          ratio(bc, rc),
        ];
      }),
    ]);
    console.log('  aim: p50 within 1.3x of bare Bolt, bot p99 under 25 ms');
  } finally {
    await servers.bot?.stop();
    await servers.bare?.stop();
    await fake.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runAckBench();
