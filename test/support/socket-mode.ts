// Slack's side of Socket Mode, as the end-to-end tests play it: the fake Web API answers
// apps.connections.open (app-level token checked) with the URL of a real WebSocket server run here,
// which greets each connection with `hello`, hands the bot envelopes and collects its acks, and can
// drop the connection or ask for a new one (`disconnect`) the way Slack does. The protocol is the one
// @slack/socket-mode speaks (SocketModeClient.onWebSocketMessage and send()).
import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { nextChange } from '../../src/playground/slack-api.ts';
import type { FakeSlack } from './fake-slack.ts';

export const APP_TOKEN = 'xapp-1-A0APP-1234-socket-token-never-logged';

type Awaitable<T> = T | Promise<T>;

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/** What the bot sent back for an envelope: its id and the ack's payload (empty for a bare ack). */
export interface Ack {
  readonly envelopeId: string;
  readonly payload: Record<string, unknown>;
}

export interface SocketOptions {
  /** Greet each new connection with `hello` at once (default); false: the test calls hello(). */
  readonly autoHello?: boolean;
}

export class SlackSocket {
  readonly acks: Ack[] = [];
  /** Every connection the bot opened, oldest first. */
  readonly connections: WebSocket[] = [];
  autoHello: boolean;
  private readonly server: WebSocketServer;
  private readonly tickets = new Set<string>();
  private readonly waiters = new Set<() => void>();
  private envelopes = 0;

  private constructor(server: WebSocketServer, options: SocketOptions) {
    this.server = server;
    this.autoHello = options.autoHello ?? true;
    server.on('connection', (socket, req) => {
      // Only a URL apps.connections.open handed out connects, once, like Slack's ticket.
      const ticket = new URL(req.url ?? '/', 'ws://x').searchParams.get('ticket') ?? '';
      if (!this.tickets.delete(ticket)) return socket.close(4001, 'unknown ticket');
      this.connections.push(socket);
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: Record<string, unknown> };
        if (message.envelope_id) this.acks.push({ envelopeId: message.envelope_id, payload: message.payload ?? {} });
        this.notify();
      });
      socket.on('close', () => this.notify());
      if (this.autoHello) this.hello();
      this.notify();
    });
  }

  /** Starts the WebSocket server and teaches `fake` to answer apps.connections.open for `appToken`. */
  static async start(fake: FakeSlack, appToken = APP_TOKEN, options: SocketOptions = {}): Promise<SlackSocket> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(server, 'listening');
    const socket = new SlackSocket(server, options);
    fake.on('apps.connections.open', (_args, call) => {
      if (call.token !== appToken) return { ok: false, error: 'invalid_auth' };
      const ticket = Math.random().toString(36).slice(2);
      socket.tickets.add(ticket);
      return { ok: true, url: `ws://127.0.0.1:${socket.port}/link/?ticket=${ticket}&app_id=A0APP` };
    });
    return socket;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The connection Slack would deliver on now: the newest one still open. */
  get current(): WebSocket | undefined {
    return this.connections.filter((s) => s.readyState === s.OPEN).at(-1);
  }

  /** Slack's greeting: the client counts itself connected only after it. */
  hello(socket = this.current): void {
    this.sendOn(socket, {
      type: 'hello',
      num_connections: 1,
      debug_info: { host: 'applink-stand-in', approximate_connection_time: 18060 },
      connection_info: { app_id: 'A0APP' },
    });
  }

  /** Delivers `payload` in an envelope and returns the envelope's id. */
  deliver(type: EnvelopeType, payload: Record<string, unknown>): string {
    this.envelopes += 1;
    const envelopeId = `env-${this.envelopes}-${Math.random().toString(36).slice(2, 8)}`;
    this.sendOn(this.current, {
      envelope_id: envelopeId,
      type,
      payload,
      // Slack takes a payload in the ack of commands and of view submissions, not of clicks or events.
      accepts_response_payload: type === 'slash_commands' || payload.type === 'view_submission',
      ...(type === 'events_api' ? { retry_attempt: 0, retry_reason: '' } : {}),
    });
    return envelopeId;
  }

  /** Waits for the bot's ack of one envelope. */
  waitForAck(envelopeId: string): Promise<Ack> {
    return this.waitFor(() => this.acks.find((a) => a.envelopeId === envelopeId), `the ack of ${envelopeId}`);
  }

  /** Waits until the bot has opened `count` connections in all (the first, then each reconnection). */
  waitForConnections(count: number): Promise<WebSocket> {
    return this.waitFor(
      () => (this.connections.length >= count ? this.connections[count - 1] : undefined),
      `connection ${count}`,
    );
  }

  /** The connection drops without a goodbye (a network fault, a Slack host gone). */
  drop(): void {
    this.current?.terminate();
  }

  /** Slack asks the client to reconnect: it closes this connection and opens a new one. */
  disconnect(reason = 'refresh_requested'): void {
    this.sendOn(this.current, { type: 'disconnect', reason, debug_info: { host: 'applink-stand-in' } });
  }

  /** Waits until `find` returns something, checked on every message, connection and close (at most 15 s). */
  async waitFor<T>(find: () => Awaitable<T | undefined | null | false>, what: string): Promise<T> {
    // Longer than the client's 5 s pause before it reconnects.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const found = await find();
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await this.changed();
    }
  }

  /** Resolves at the next message, connection, close or poke(), or after 100 ms, whichever comes first. */
  changed(): Promise<void> {
    return nextChange(this.waiters);
  }

  /** Something else the test waits on happened (the bot logged a line). */
  poke(): void {
    this.notify();
  }

  async stop(): Promise<void> {
    for (const socket of this.connections) socket.terminate();
    this.server.close();
    await once(this.server, 'close');
  }

  private sendOn(socket: WebSocket | undefined, message: Record<string, unknown>): void {
    if (!socket) throw new Error('The bot has no open Socket Mode connection');
    socket.send(JSON.stringify(message));
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }
}

/**
 * A loopback port nothing listens on. In Socket Mode the receiver listens on PORT itself and the
 * bot's start() resolves only once Slack said hello, so the test must know the port beforehand.
 */
export async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  probe.close();
  await once(probe, 'close');
  return port;
}
