// The playground's web server: the page, its script, and a small JSON API the page drives
// (state, a command, a click, a submission, an upload, time travel) with Server-Sent Events for
// updates. Every action reaches the bot signed, through its real receiver (actions.ts).
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { z } from 'zod';
import { type PageActions, PlaygroundError } from './actions.ts';
import type { PlaygroundClock } from './clock.ts';
import type { FakeSlack } from './slack-api.ts';

const zAction = z.looseObject({ action_id: z.string(), block_id: z.string(), type: z.string() });
const zValues = z.record(z.string(), z.record(z.string(), z.unknown()));
const zUser = z.object({ user: z.string() });

const ROUTES = {
  '/api/command': zUser.extend({ channel: z.string(), text: z.string() }),
  '/api/action': zUser.extend({
    channel: z.string().optional(),
    ts: z.string().optional(),
    viewId: z.string().optional(),
    values: zValues.default({}),
    action: zAction,
  }),
  '/api/submit': zUser.extend({ viewId: z.string(), values: zValues }),
  '/api/close': zUser.extend({ viewId: z.string(), values: zValues.default({}) }),
  '/api/home': zUser,
  '/api/dismiss': zUser,
  '/api/upload': zUser.extend({ name: z.string().min(1), content: z.string().max(1_000_000) }),
  '/api/time': z.object({ jump: z.enum(['digest', '48h', 'monday', 'health']) }),
} as const;

type Route = keyof typeof ROUTES;
type Body<R extends Route> = z.infer<(typeof ROUTES)[R]>;

/**
 * The page's sources: beside this file when it runs from src/, in the checkout's src/ when it runs
 * compiled from dist/ (tsc neither copies index.html nor keeps the page's TypeScript).
 */
const PAGE_DIR = new URL(
  existsSync(new URL('./page/index.html', import.meta.url))
    ? './page/'
    : import.meta.url.replace('/dist/src/playground/', '/src/playground/').replace(/[^/]*$/, 'page/'),
  import.meta.url,
);

/** The page script, bundled once from src/playground/page/ (TypeScript, no framework). */
async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [new URL('main.ts', PAGE_DIR).pathname],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  return raw ? JSON.parse(raw) : {};
}

export interface PageServer {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

export async function startPageServer(input: {
  slack: FakeSlack;
  actions: PageActions;
  clock: PlaygroundClock;
  port: number;
  host: string;
}): Promise<PageServer> {
  const { slack, actions, clock } = input;
  const script = await bundle();
  const html = readFileSync(new URL('index.html', PAGE_DIR), 'utf8');
  const streams = new Set<ServerResponse>();
  const unsubscribe = slack.conversation.subscribe(() => {
    for (const s of streams) s.write(`data: ${slack.conversation.version}\n\n`);
  });

  const handlers: { [R in Route]: (body: Body<R>) => Promise<unknown> | unknown } = {
    '/api/command': (b) => actions.command(b.user, b.channel, b.text),
    '/api/action': (b) => {
      if (b.viewId) return actions.viewAction(b.user, b.viewId, b.values, b.action);
      if (b.channel && b.ts) return actions.messageAction(b.user, b.channel, b.ts, b.action);
      throw new PlaygroundError('A click needs a message (channel and ts) or a view.');
    },
    '/api/submit': (b) => actions.submit(b.user, b.viewId, b.values),
    '/api/close': (b) => actions.close(b.user, b.viewId, b.values),
    '/api/home': (b) => actions.openHome(b.user),
    '/api/dismiss': (b) => slack.conversation.dismissRefusedView(b.user),
    '/api/upload': (b) => actions.upload(b.user, b.name, b.content),
    '/api/time': async (b) => ({ now: (await actions.travel(b.jump)).toISOString() }),
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://playground');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body ?? { ok: true }));
    };
    if (req.method === 'GET' && url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return void res.end(html);
    }
    if (req.method === 'GET' && url.pathname === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      return void res.end(script);
    }
    if (req.method === 'GET' && url.pathname === '/api/state') {
      const me = url.searchParams.get('user') ?? '';
      return json(200, { ...slack.conversation.snapshot(me), now: clock.now().toISOString() });
    }
    if (req.method === 'GET' && url.pathname === '/api/events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(`data: ${slack.conversation.version}\n\n`);
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (req.method === 'GET' && url.pathname.startsWith('/api/files/')) {
      const id = url.pathname.slice('/api/files/'.length);
      const content = slack.fileContent(id);
      if (!content) return json(404, { ok: false, error: 'file_not_found' });
      const info = slack.files.get(id);
      res.writeHead(200, { 'content-type': info?.mimetype ?? 'application/octet-stream' });
      return void res.end(content);
    }
    if (req.method === 'POST' && url.pathname in ROUTES) {
      const path = url.pathname as Route;
      const parsed = ROUTES[path].safeParse(await readJson(req));
      if (!parsed.success) return json(400, { ok: false, error: parsed.error.issues.map((i) => i.message).join('; ') });
      const handler = handlers[path] as (body: unknown) => unknown;
      return json(200, (await handler(parsed.data)) ?? { ok: true });
    }
    json(404, { ok: false, error: 'not_found' });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      const known = err instanceof PlaygroundError;
      if (!res.headersSent) res.writeHead(known ? 400 : 500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: known ? err.message : String(err) }));
    });
  });
  server.listen(input.port, input.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${input.host === '127.0.0.1' ? 'localhost' : input.host}:${port}`,
    async close() {
      unsubscribe();
      for (const s of streams) s.end();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
