// A stand-in for Slack's Web API, run in-process on loopback: the playground's Slack and the
// end-to-end tests' fake. It records every call, answers like Slack, refuses blocks and views that
// break Block Kit's limits (recording a violation), serves response_urls, the three-step file
// upload and file downloads, and keeps the conversation a person would see (conversation.ts).
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { blockKitProblems } from './block-kit-limits.ts';
import { BOT, Conversation, type FileInfo } from './conversation.ts';
import { parseArgs, readBody, uploadedBytes } from './request-body.ts';
import { installMethods } from './slack-methods.ts';
import { type Grant, type IssuedToken, installOAuthMethods } from './slack-oauth.ts';

export { BOT, uploadedBytes };

export interface ApiCall {
  readonly method: string;
  readonly args: Record<string, unknown>;
  readonly token: string | null;
}

export interface Response {
  readonly id: string;
  readonly body: Record<string, unknown>;
}

export type Handler = (args: Record<string, unknown>, call: ApiCall) => Record<string, unknown>;

/** A fault Slack or the network can produce instead of an answer. */
export type Fault =
  | { readonly status: number; readonly retryAfter?: number }
  /** The call is carried out (a post lands), then the answer is lost: the connection drops. */
  | { readonly dropAnswer: true };
export type FaultRule = (args: Record<string, unknown>, call: ApiCall) => Fault | null;

/** Who a response_url answers and which message it came from; unknown for a bare responseUrl(). */
export interface ResponseContext {
  readonly channel: string;
  readonly user: string;
  /** The message whose button was clicked: replace_original and delete_original act on it. */
  readonly messageTs?: string;
}

/**
 * Resolves when one of `waiters` is called (something a waiting test may look at happened) or after
 * 100 ms, whichever comes first: a wait re-checks its condition then, and never sleeps a fixed time.
 */
export function nextChange(waiters: Set<() => void>): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      waiters.delete(done);
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, 100);
    waiters.add(done);
  });
}

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly responses: Response[] = [];
  readonly uploads = new Map<string, Buffer>();
  /** Problems found in blocks or views the bot sent; every test expects none unless it says so. */
  readonly violations: string[] = [];
  readonly cannotPost = new Map<string, string>();
  readonly timeZones = new Map<string, string>();
  readonly usergroups = new Map<string, string[]>();
  readonly channelMembers = new Map<string, string[]>();
  readonly emails = new Map<string, string>();
  readonly privateChannels = new Set<string>();
  readonly conversation = new Conversation();
  /** trigger_id -> the person whose click or command carried it, so views.open knows whose screen. */
  readonly triggers = new Map<string, string>();
  /** Names of files announced by files.getUploadURLExternal, by file id. */
  readonly pendingUploads = new Map<string, string>();
  readonly files = new Map<string, FileInfo>();
  /** OAuth: codes not yet exchanged, tokens oauth.v2.access issued, tokens revoked since. */
  readonly grants = new Map<string, Grant>();
  readonly issuedTokens = new Map<string, IssuedToken>();
  readonly revokedTokens = new Set<string>();
  /** When set, oauth.v2.access checks the app's credentials. */
  oauthClient: { readonly id: string; readonly secret: string } | undefined;
  private server: Server | null = null;
  private responseCounter = 0;
  private readonly handlers = new Map<string, Handler>();
  private readonly hosted = new Map<string, string>();
  private readonly responseContexts = new Map<string, ResponseContext>();
  private readonly waiters = new Set<() => void>();
  private readonly holds = new Map<string, Promise<void>>();
  private readonly faults = new Map<string, FaultRule>();

  get url(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('The Slack stand-in is not started');
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
    installMethods(this);
    installOAuthMethods(this);
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  handlerOf(method: string): Handler | undefined {
    return this.handlers.get(method);
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

  /** Messages as each channel shows them (conversation.ts `history`), oldest first, with their metadata. */
  get history(): Map<string, { ts: string; text: string; metadata?: Record<string, unknown> }[]> {
    const channels = new Set(this.conversation.messages.map((m) => m.channel));
    return new Map(
      [...channels].map((channel) => [
        channel,
        this.conversation
          .history(channel)
          .map(({ ts, text, metadata }) => ({ ts, text, ...(metadata ? { metadata } : {}) })),
      ]),
    );
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

  /** A response_url the bot can answer a command or click through; with a context, answers reach the conversation. */
  responseUrl(context?: ResponseContext): string {
    this.responseCounter += 1;
    const id = String(this.responseCounter);
    if (context) this.responseContexts.set(id, context);
    return `${this.url}/respond/${id}`;
  }

  /** A trigger_id for a person's command or click: the views it opens go on their screen. */
  trigger(user: string): string {
    const id = `trigger-${this.triggers.size + 1}-${Math.random().toString(36).slice(2, 8)}`;
    this.triggers.set(id, user);
    return id;
  }

  /** A file the bot can download with its token, as Slack's url_private_download. */
  hostFile(id: string, content: string): string {
    this.hosted.set(id, content);
    return `${this.url}/files/${id}`;
  }

  /** The bytes of an uploaded or hosted file, for the page. */
  fileContent(id: string): Buffer | undefined {
    const hosted = this.hosted.get(id);
    return this.uploads.get(id) ?? (hosted === undefined ? undefined : Buffer.from(hosted));
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Waits until `find` returns something (checked after each call or response), for at most 5 s. */
  async waitFor<T>(find: () => T | undefined | null | false, what = 'the expected Slack call'): Promise<T> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const found = find();
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await nextChange(this.waiters);
    }
  }

  waitForCall(method: string, match: (c: ApiCall) => boolean = () => true, skip = 0): Promise<ApiCall> {
    return this.waitFor(() => this.callsTo(method).filter(match)[skip], `${method} call`);
  }

  waitForResponse(match: (r: Response) => boolean = () => true): Promise<Response> {
    return this.waitFor(() => this.responses.find(match), 'a response_url answer');
  }

  /**
   * Records the problems as violations and, where a person would have seen the result, a refusal
   * in the conversation. Returns the first problem, or null when there is none.
   */
  refuse(where: { method: string; channel?: string; user?: string; error: string }, problems: string[]): string | null {
    if (problems.length === 0) return null;
    this.violations.push(...problems.map((p) => `${where.channel ?? where.method}: ${p}`));
    if (where.channel) {
      this.conversation.post({
        channel: where.channel,
        user: BOT.userId,
        text: '',
        ...(where.user ? { visibleTo: where.user } : {}),
        refusal: { method: where.method, error: where.error, problems },
      });
    }
    return problems[0] ?? null;
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  private respond(id: string, body: Record<string, unknown>): boolean {
    const context = this.responseContexts.get(id);
    const problems = body.blocks === undefined ? [] : blockKitProblems(body.blocks, 'message');
    const where = { method: 'response_url', error: 'invalid_blocks' };
    if (this.refuse(context ? { ...where, channel: context.channel, user: context.user } : where, problems))
      return false;
    if (!context) return true;
    const chat = this.conversation;
    const original = context.messageTs ? chat.find(context.channel, context.messageTs) : undefined;
    const text = typeof body.text === 'string' ? body.text : '';
    const blocks = Array.isArray(body.blocks) ? body.blocks : undefined;
    if (original && body.delete_original === true) chat.remove(original);
    else if (original && body.replace_original === true) chat.edit(original, text, blocks);
    else {
      const everyone = body.response_type === 'in_channel';
      chat.post({
        channel: context.channel,
        user: BOT.userId,
        text,
        blocks,
        ...(everyone ? {} : { visibleTo: context.user }),
      });
    }
    return true;
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
      // oauth.v2.access authenticates with the app's client id and secret, not a token.
      if (!call.token && method !== 'oauth.v2.access') return send(200, { ok: false, error: 'not_authed' });
      if (call.token && this.revokedTokens.has(call.token)) return send(200, { ok: false, error: 'token_revoked' });
      const fault = this.faults.get(method)?.(args, call) ?? null;
      if (fault && 'status' in fault) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
        res.writeHead(fault.status, headers);
        res.end(JSON.stringify({ ok: false, error: fault.status === 429 ? 'ratelimited' : 'internal_error' }));
        this.notify();
        return;
      }
      const handler = this.handlers.get(method);
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
      const body = JSON.parse(raw) as Record<string, unknown>;
      // fault('response_url', …) refuses an answer before it is taken, as a failing Slack would.
      const fault = this.faults.get('response_url')?.(body, { method: 'response_url', args: body, token: null });
      if (fault) {
        if ('dropAnswer' in fault) {
          req.socket.destroy();
          return this.notify();
        }
        res.writeHead(fault.status, fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) });
        res.end('');
        return this.notify();
      }
      this.responses.push({ id, body });
      return this.respond(id, body) ? send(200, { ok: true }) : send(400, { ok: false });
    }
    if (url.pathname.startsWith('/upload/')) {
      this.uploads.set(url.pathname.slice('/upload/'.length), uploadedBytes(req.headers['content-type'], bytes));
      return send(200, { ok: true });
    }
    if (url.pathname.startsWith('/files/')) {
      const content = this.hosted.get(url.pathname.slice('/files/'.length));
      if (content === undefined || !req.headers.authorization) return send(404, { ok: false });
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(content);
      return;
    }
    send(404, { ok: false, error: 'not_found' });
  }
}
