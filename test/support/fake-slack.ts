// A fake Slack Web API, run in-process on loopback. It records every call, answers like Slack,
// rejects blocks and views that break Block Kit's limits, serves response_urls, the three-step
// file upload, and file downloads. No test reaches the internet.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { blockKitProblems, viewProblems } from './block-kit-limits.ts';

export interface ApiCall {
  readonly method: string;
  readonly args: Record<string, unknown>;
  readonly token: string | null;
}

export interface Response {
  readonly id: string;
  readonly body: Record<string, unknown>;
}

type Handler = (args: Record<string, unknown>, call: ApiCall) => Record<string, unknown>;

/** A fault Slack or the network can produce instead of an answer. */
export type Fault =
  | { readonly status: number; readonly retryAfter?: number }
  /** The call is carried out (a post lands), then the answer is lost: the connection drops. */
  | { readonly dropAnswer: true };
type FaultRule = (args: Record<string, unknown>, call: ApiCall) => Fault | null;

const JSON_FIELDS = new Set(['blocks', 'view', 'attachments', 'files', 'metadata']);

export const BOT = { userId: 'UBOT', botId: 'BBOT', teamId: 'T0001' } as const;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseArgs(req: IncomingMessage, raw: string): Record<string, unknown> {
  if ((req.headers['content-type'] ?? '').includes('application/json')) return raw ? JSON.parse(raw) : {};
  const args: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    args[k] = JSON_FIELDS.has(k) ? JSON.parse(v) : v;
  }
  return args;
}

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly responses: Response[] = [];
  readonly uploads = new Map<string, Buffer>();
  /** Problems found in blocks or views the bot sent; every test expects none unless it says so. */
  readonly violations: string[] = [];
  private server: Server | null = null;
  private tsCounter = 0;
  private responseCounter = 0;
  private readonly handlers = new Map<string, Handler>();
  private readonly files = new Map<string, string>();
  private readonly waiters = new Set<() => void>();
  private readonly holds = new Map<string, Promise<void>>();
  private readonly faults = new Map<string, FaultRule>();
  /** Messages as the channel would show them, with the metadata they were posted with. */
  readonly history = new Map<string, { ts: string; text: string; metadata?: unknown }[]>();
  readonly cannotPost = new Map<string, string>();
  readonly timeZones = new Map<string, string>();
  readonly usergroups = new Map<string, string[]>();
  readonly channelMembers = new Map<string, string[]>();
  readonly emails = new Map<string, string>();
  readonly privateChannels = new Set<string>();

  get url(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('The fake Slack API is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.writeHead(500);
        res.end(String(err));
      });
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.installDefaults();
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  /** Replaces the answer of one method. */
  on(method: string, handler: Handler): void {
    this.handlers.set(method, handler);
  }

  /** Makes calls to `method` fail as `rule` says (null: answer normally); `clearFault` ends it. */
  fault(method: string, rule: FaultRule): void {
    this.faults.set(method, rule);
  }

  clearFault(method: string): void {
    this.faults.delete(method);
  }

  /** Holds every answer to `method` (a slow Slack) until the returned function is called. */
  hold(method: string): () => void {
    let release = () => {};
    this.holds.set(
      method,
      new Promise<void>((resolve) => {
        release = resolve;
      }),
    );
    return () => {
      this.holds.delete(method);
      release();
    };
  }

  /** A response_url the bot can answer a command through. */
  responseUrl(): string {
    this.responseCounter += 1;
    return `${this.url}/respond/${this.responseCounter}`;
  }

  /** A file the bot can download with its token, as Slack's url_private_download. */
  hostFile(id: string, content: string): string {
    this.files.set(id, content);
    return `${this.url}/files/${id}`;
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Waits until `predicate` holds (checked after each call or response), for at most 5 s. */
  async waitFor<T>(find: () => T | undefined | null | false, what = 'the expected Slack call'): Promise<T> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const found = find();
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const done = () => {
          this.waiters.delete(done);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(done, 100);
        this.waiters.add(done);
      });
    }
  }

  waitForCall(method: string, match: (c: ApiCall) => boolean = () => true, skip = 0): Promise<ApiCall> {
    return this.waitFor(() => this.callsTo(method).filter(match)[skip], `${method} call`);
  }

  waitForResponse(match: (r: Response) => boolean = () => true): Promise<Response> {
    return this.waitFor(() => this.responses.find(match), 'a response_url answer');
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `1700000000.${String(this.tsCounter).padStart(6, '0')}`;
  }

  private check(where: string, problems: string[]): string | null {
    if (problems.length === 0) return null;
    this.violations.push(...problems.map((p) => `${where}: ${p}`));
    return problems[0] ?? null;
  }

  private messageProblems(args: Record<string, unknown>, textMax: number): string | null {
    const problems = args.blocks === undefined ? [] : blockKitProblems(args.blocks, 'message');
    if (typeof args.text === 'string' && args.text.length > textMax) problems.push(`text over ${textMax}`);
    return this.check(String(args.channel), problems);
  }

  private installDefaults(): void {
    this.on('auth.test', () => ({ ok: true, user_id: BOT.userId, bot_id: BOT.botId, team_id: BOT.teamId }));
    const post: Handler = (args) => {
      const channel = String(args.channel);
      const problem = this.messageProblems(args, 40_000);
      if (problem) return { ok: false, error: 'invalid_blocks', detail: problem };
      const refusal = this.cannotPost.get(channel);
      if (refusal) return { ok: false, error: refusal };
      const ts = this.nextTs();
      const posted = channel.startsWith('U') ? `D${channel.slice(1)}` : channel;
      const shown = this.history.get(posted) ?? [];
      shown.push({ ts, text: String(args.text ?? ''), ...(args.metadata ? { metadata: args.metadata } : {}) });
      this.history.set(posted, shown);
      return { ok: true, channel: posted, ts, message: { ts } };
    };
    this.on('chat.postMessage', post);
    this.on('conversations.history', (args) => ({
      ok: true,
      messages: [...(this.history.get(String(args.channel)) ?? [])].reverse().slice(0, Number(args.limit ?? 100)),
      has_more: false,
    }));
    this.on('chat.postEphemeral', (args, call) => ({ ...post(args, call), message_ts: this.nextTs() }));
    this.on('chat.update', (args) => {
      const problem = this.messageProblems(args, 4000);
      if (problem) return { ok: false, error: problem.includes('text over') ? 'msg_too_long' : 'invalid_blocks' };
      return { ok: true, channel: args.channel, ts: args.ts };
    });
    this.on('chat.getPermalink', (args) => ({
      ok: true,
      permalink: `https://example.slack.com/archives/${String(args.channel)}/p${String(args.message_ts).replace('.', '')}`,
    }));
    const view: Handler = (args) => {
      const problem = this.check('view', viewProblems(args.view));
      if (problem) return { ok: false, error: 'invalid_arguments', detail: problem };
      return { ok: true, view: { id: `V${this.nextTs().replace('.', '')}`, hash: 'h1' } };
    };
    for (const m of ['views.open', 'views.update', 'views.push', 'views.publish']) this.on(m, view);
    this.on('users.info', (args) => ({
      ok: true,
      user: { id: args.user, tz: this.timeZones.get(String(args.user)) ?? 'America/New_York' },
    }));
    this.on('usergroups.users.list', (args) => {
      const users = this.usergroups.get(String(args.usergroup));
      return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
    });
    this.on('conversations.members', (args) => ({
      ok: true,
      members: this.channelMembers.get(String(args.channel)) ?? [],
      response_metadata: { next_cursor: '' },
    }));
    this.on('conversations.info', (args) => ({
      ok: true,
      channel: { id: args.channel, is_private: this.privateChannels.has(String(args.channel)) },
    }));
    this.on('users.lookupByEmail', (args) => {
      const id = this.emails.get(String(args.email));
      return id ? { ok: true, user: { id } } : { ok: false, error: 'users_not_found' };
    });
    this.on('files.getUploadURLExternal', (args) => {
      const id = `F${this.nextTs().replace('.', '')}`;
      return { ok: true, upload_url: `${this.url}/upload/${id}?name=${String(args.filename)}`, file_id: id };
    });
    this.on('files.completeUploadExternal', (args) => {
      const files = args.files as { id: string; title?: string }[];
      const missing = files.filter((f) => !this.uploads.has(f.id));
      if (missing.length) return { ok: false, error: 'file_not_found' };
      return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const bytes = await readBody(req);
    const raw = bytes.toString('utf8');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
      this.notify();
    };
    if (url.pathname.startsWith('/api/')) {
      const method = url.pathname.slice('/api/'.length);
      const auth = req.headers.authorization ?? null;
      const args = parseArgs(req, raw);
      const call: ApiCall = { method, args, token: auth?.replace(/^Bearer /, '') ?? null };
      this.calls.push(call);
      const held = this.holds.get(method);
      if (held) {
        this.notify();
        await held;
      }
      if (!call.token) return send(200, { ok: false, error: 'not_authed' });
      const handler = this.handlers.get(method);
      const fault = this.faults.get(method)?.(args, call) ?? null;
      if (fault && !('dropAnswer' in fault)) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
        res.writeHead(fault.status, headers);
        res.end(JSON.stringify({ ok: false, error: fault.status === 429 ? 'ratelimited' : 'internal_error' }));
        this.notify();
        return;
      }
      const answer = handler ? handler(args, call) : { ok: false, error: 'unknown_method' };
      if (fault) {
        req.socket.destroy();
        this.notify();
        return;
      }
      return send(200, answer);
    }
    if (url.pathname.startsWith('/respond/')) {
      const id = url.pathname.slice('/respond/'.length);
      // Slack takes at most 5 answers through one response_url.
      if (this.responses.filter((r) => r.id === id).length >= 5) {
        this.violations.push(`response_url ${id}: used more than 5 times`);
        return send(404, { ok: false, error: 'used_url' });
      }
      this.responses.push({ id, body: JSON.parse(raw) });
      const body = this.responses.at(-1)?.body ?? {};
      const problems = body.blocks === undefined ? [] : blockKitProblems(body.blocks, 'message');
      if (this.check('response_url', problems)) return send(400, { ok: false });
      return send(200, { ok: true });
    }
    if (url.pathname.startsWith('/upload/')) {
      this.uploads.set(url.pathname.slice('/upload/'.length), bytes);
      return send(200, { ok: true });
    }
    if (url.pathname.startsWith('/files/')) {
      const content = this.files.get(url.pathname.slice('/files/'.length));
      if (content === undefined || !req.headers.authorization) return send(404, { ok: false });
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(content);
      return;
    }
    send(404, { ok: false, error: 'not_found' });
  }
}
