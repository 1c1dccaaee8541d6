// A simulated Prometheus for the playground: a tiny `/api/v1/query` on its own loopback server, so
// a person can turn a service red (`/metrics orders red` on the page) and watch the gate close.
// It reads the labels out of the query and answers the default templates' three numbers: request
// rate, error ratio and p99 latency; `vector(1)` (the bot's test query) answers 1.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SimulatedState = 'green' | 'red';

/** What every service answers: healthy unless turned red, then one request in four fails. */
const HEALTHY = { rps: 20, errorRatio: 0.002, p99: 0.12 } as const;
const RED_ERROR_RATIO = 0.25;

export class SimulatedMetrics {
  readonly #red = new Set<string>();
  #server: Server | null = null;
  #url = '';
  /** How many queries reached it: a test waits on this rather than on time. */
  queries = 0;

  /** The base URL to give `/migrate health source prometheus`, e.g. http://127.0.0.1:41234/. */
  get url(): string {
    return this.#url;
  }

  /** host:port, for the playground's HEALTH_SOURCE_HOSTS. */
  get host(): string {
    return new URL(this.#url).host;
  }

  set(service: string, state: SimulatedState): void {
    if (state === 'red') this.#red.add(service);
    else this.#red.delete(service);
  }

  stateOf(service: string): SimulatedState {
    return this.#red.has(service) ? 'red' : 'green';
  }

  /** The value a query asks for, by the metric and the service label in it. */
  valueOf(query: string): number {
    if (/^\s*vector\(1\)\s*$/.test(query)) return 1;
    const service = /service(?:_name)?="((?:[^"\\]|\\.)*)"/.exec(query)?.[1] ?? '';
    if (query.includes('histogram_quantile')) return HEALTHY.p99;
    if (/code=~"5\.\."/.test(query)) return this.#red.has(service) ? RED_ERROR_RATIO : HEALTHY.errorRatio;
    return HEALTHY.rps;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      this.#answer(req, res).catch(() => res.writeHead(500).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.#server = server;
    this.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (server === null) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async #answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://metrics');
    if (url.pathname !== '/api/v1/query') {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"status":"error","errorType":"not_found","error":"not found"}');
      return;
    }
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const query = new URLSearchParams(body).get('query') ?? url.searchParams.get('query') ?? '';
    this.queries += 1;
    const value = this.valueOf(query);
    const answer = {
      status: 'success',
      data: { resultType: 'vector', result: [{ metric: {}, value: [Date.now() / 1000, String(value)] }] },
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  }
}

/** `/metrics [<service> red|green]` typed on the page: the answer shown to the person. */
export function metricsCommand(metrics: SimulatedMetrics, text: string): string {
  const [service, state] = text
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (service === undefined) {
    return `Simulated Prometheus at ${metrics.url}: set it with /migrate health source prometheus ${metrics.url}, then turn a service red with /metrics <service> red (and back with /metrics <service> green).`;
  }
  if (state !== 'red' && state !== 'green') return 'Usage: /metrics <service> red|green';
  metrics.set(service, state);
  // The bot evaluates once a minute; the page's clock control runs the next evaluation at once.
  const when = 'The next evaluation (within a minute, or now with Next health check under Bot clock)';
  return state === 'red'
    ? `Simulated Prometheus: ${service} now fails one request in four (error ratio 25%). ${when} turns its error-ratio check red.`
    : `Simulated Prometheus: ${service} is healthy again. ${when} turns its checks green.`;
}
