// A Prometheus stand-in in process, for tests that need a source but not real metrics: it answers
// 1 to every query (an error ratio of 100%: red), or refuses without the token, or is broken.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const TOKEN = 'tok-9f8e7d6c5b4a-secret';

export class FakeProm {
  mode: 'open' | 'token' | 'broken' | 'syntax' | 'empty' = 'open';
  readonly queries: string[] = [];
  readonly authorizations: (string | undefined)[] = [];
  #server: Server | null = null;
  url = '';
  async start(): Promise<this> {
    this.#server = createServer(async (req, res) => {
      this.authorizations.push(req.headers.authorization);
      let body = '';
      for await (const chunk of req) body += String(chunk);
      this.queries.push(new URLSearchParams(body).get('query') ?? '');
      if (this.mode === 'broken') return void res.writeHead(502).end('bad gateway');
      if (this.mode === 'token' && req.headers.authorization !== `Bearer ${TOKEN}`) {
        return void res.writeHead(401).end('{"status":"error"}');
      }
      if (this.mode === 'syntax' && !this.queries.at(-1)?.startsWith('vector(')) {
        const error = { status: 'error', errorType: 'bad_data', error: '1:5: parse error: unexpected <by>' };
        return void res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify(error));
      }
      const result = this.mode === 'empty' ? [] : [{ metric: {}, value: [1, '1'] }];
      const answer = { status: 'success', data: { resultType: 'vector', result } };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/`;
    return this;
  }
  get host(): string {
    return new URL(this.url).host;
  }
  async stop(): Promise<void> {
    const server = this.#server;
    if (server === null) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
