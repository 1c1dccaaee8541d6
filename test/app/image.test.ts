// No container engine in CI: this test does what the Dockerfile does, step by step, read from the
// Dockerfile itself. The runtime dependencies are installed from the lockfile into an empty folder
// (better-sqlite3 builds from source: slow), the final stage's COPY lines bring the built app, and
// the bot starts from there with the image's ENV and CMD. A runtime dependency missing from
// "dependencies", or an asset the build does not carry, fails it.
import { execSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../support/fake-slack.ts';
import { BOT_TOKEN } from '../support/harness.ts';
import { SIGNING_SECRET, sendSigned, slashCommandBody } from '../support/slack-requests.ts';
import { type BotProcess, ROOT, spawnBot } from './spawn.ts';

interface Stage {
  readonly name: string;
  readonly lines: string[];
}

/** The Dockerfile's stages, with continuation lines joined and comments dropped. */
function stages(): Stage[] {
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const out: Stage[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) out.push({ name: from[1] ?? `stage${out.length}`, lines: [] });
    else out.at(-1)?.lines.push(line);
  }
  return out;
}

const MINUTES = 60_000;

describe('the container image, without a container engine', () => {
  let fake: FakeSlack | undefined;
  let bot: BotProcess | undefined;
  afterAll(async () => {
    bot?.kill();
    await fake?.stop();
  });

  it(
    'installs the runtime dependencies with the lockfile, copies what the image copies, and becomes ready',
    async () => {
      expect(existsSync(join(ROOT, 'dist/src/main.bundle.js')), 'npm run build first (npm test does)').toBe(true);
      const all = stages();
      const deps = all.find((s) => s.name === 'deps');
      const runtime = all.at(-1);
      if (!deps || !runtime) throw new Error('the Dockerfile needs a deps stage and a final stage');

      // The deps stage, in an empty folder: its COPY lines (package files) and RUN lines.
      const depsDir = mkdtempSync(join(tmpdir(), 'migrate-bot-deps-'));
      for (const line of deps.lines) {
        const copy = /^COPY\s+(?!--)(.+)\s+\S+$/.exec(line);
        if (copy) for (const f of (copy[1] as string).split(/\s+/)) cpSync(join(ROOT, f), join(depsDir, f));
        const run = /^RUN\s+(.+)$/.exec(line);
        if (run) execSync(run[1] as string, { cwd: depsDir, stdio: 'pipe', env: { ...process.env, NODE_OPTIONS: '' } });
      }

      // The final stage's COPY lines into another empty folder; --from=build is this built tree.
      const app = mkdtempSync(join(tmpdir(), 'migrate-bot-image-'));
      const env: Record<string, string> = {};
      let cmd: string[] = [];
      for (const line of runtime.lines) {
        const copy = /^COPY\s+(?:--from=(\S+)\s+)?(\S+)\s+(\S+)$/.exec(line);
        if (copy) {
          const [, stage, source, target] = copy as unknown as [string, string | undefined, string, string];
          const from = stage === 'deps' ? depsDir : ROOT;
          cpSync(join(from, source.replace(/^\/app\//, '')), join(app, target), { recursive: true });
        }
        const envLine = /^ENV\s+(.+)$/.exec(line);
        if (envLine)
          for (const [, k, v] of (envLine[1] as string).matchAll(/(\w+)=(\S+)/g)) env[k as string] = v as string;
        const cmdLine = /^CMD\s+(\[.+\])$/.exec(line);
        if (cmdLine) cmd = JSON.parse(cmdLine[1] as string) as string[];
      }
      expect(cmd[0]).toBe('node');
      expect(existsSync(join(app, 'node_modules/typescript')), 'no dev dependencies in the image').toBe(false);
      expect(existsSync(join(app, 'node_modules/tsx')), 'no tsx in the image').toBe(false);
      expect(existsSync(join(app, 'src')), 'no TypeScript source in the image').toBe(false);

      fake = await new FakeSlack().start();
      const data = mkdtempSync(join(tmpdir(), 'migrate-bot-volume-'));
      bot = spawnBot({
        cwd: app,
        entry: join(app, cmd[1] as string),
        env: {
          ...env,
          DATABASE_URL: join(data, 'migrate-bot.db'),
          PORT: '0',
          SLACK_BOT_TOKEN: BOT_TOKEN,
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_API_URL: fake.apiUrl,
        },
      });
      const base = `http://127.0.0.1:${await bot.port()}`;
      const ready = await fetch(`${base}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', db: 'ok', slack: 'ok' }]);
      expect(JSON.parse(await bot.waitFor(/running/))).toMatchObject({ level: 'info' });

      // The chart needs the resvg binary and the DejaVu font from node_modules: render one.
      const slack = fake;
      await sendSigned(base, slashCommandBody('new Shop', { response_url: slack.responseUrl() }));
      await slack.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('started the migration'));
      // The image's own command line (bin/ and the compiled CLI) writes into the same database.
      execSync(`node bin/migrate-bot.js import ${join(ROOT, 'examples/shop-graph.yaml')} --migration Shop`, {
        cwd: app,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: join(data, 'migrate-bot.db') },
        stdio: 'pipe',
      });
      await sendSigned(base, slashCommandBody('chart', { response_url: slack.responseUrl() }));
      await slack.waitFor(() => slack.callsTo('files.completeUploadExternal')[0], 'the chart upload');
      // The upload body is multipart; the PNG signature is inside it.
      const upload = [...slack.uploads.values()][0];
      expect(upload?.includes(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBe(true);
      expect(bot.stderr()).toBe('');
    },
    10 * MINUTES,
  );
});
