// Start-up and idle memory of the built bot (node dist/src/main.bundle.js, as `npm start` and the image run
// it) against a bare Bolt app (bench/bare-bolt.mjs) started the same way, in the same run, against
// the same in-process fake Slack. Runs alternate between the two; medians are shown.
// - start-up: from spawn to the first 200 from GET /healthz (polled every 5 ms)
// - start-up CPU: the CPU time the process had used by then (steadier on a shared machine)
// - idle RSS: the process's resident memory (VmRSS) one second after it became healthy
// `npm run bench:startup` runs only this part; `npm run bench` runs it after the planner bench.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FakeSlack } from '../test/support/fake-slack.ts';
import { assertBuilt, ENTRIES, type Entry, median, printTable, startServer } from './servers.ts';

const ROUNDS = 5;
const IDLE_MS = 1000;

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024;
}

interface Sample {
  readonly startMs: number;
  readonly startCpuMs: number;
  readonly rssMb: number;
}

async function measure(entry: Entry, apiUrl: string): Promise<Sample> {
  const server = await startServer(entry, apiUrl);
  try {
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    return { startMs: server.startMs, startCpuMs: server.startCpuMs, rssMb: rssMb(server.child.pid as number) };
  } finally {
    await server.stop();
  }
}

export async function runStartupBench(): Promise<void> {
  assertBuilt();
  const fake = await new FakeSlack().start();
  try {
    const samples: Record<Entry, Sample[]> = { bot: [], bare: [] };
    await measure('bare', fake.apiUrl); // warm the file cache for both
    await measure('bot', fake.apiUrl);
    for (let r = 0; r < ROUNDS; r++) {
      samples.bare.push(await measure('bare', fake.apiUrl));
      samples.bot.push(await measure('bot', fake.apiUrl));
    }
    const m = (k: Entry, f: keyof Sample) => median(samples[k].map((s) => s[f]));
    console.log(`\nStart-up and idle memory, median of ${ROUNDS} alternating runs, Node ${process.version}:`);
    printTable([
      ['', 'start-up to /healthz ms', 'start-up CPU ms', 'idle RSS MB'],
      ...(['bot', 'bare'] as const).map((k) => [
        ENTRIES[k].label,
        m(k, 'startMs').toFixed(0),
        m(k, 'startCpuMs').toFixed(0),
        m(k, 'rssMb').toFixed(1),
      ]),
      [
        'ratio',
        ...(['startMs', 'startCpuMs', 'rssMb'] as const).map((f) => `${(m('bot', f) / m('bare', f)).toFixed(2)}x`),
      ],
    ]);
  } finally {
    await fake.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runStartupBench();
