// The composition root: config -> store (schema applied) -> Bolt App -> listeners -> jobs -> start.
// Importing this module does nothing; createBot() builds, start() listens.
import type { Server } from 'node:http';
import { App } from '@slack/bolt';
import type { RetryOptions } from '@slack/web-api';
import type { Config } from './config.ts';
import { createInFlight } from './in-flight.ts';
import { createLogger, LEVELS, type Logger } from './logger.ts';
import { digestJob } from './schedule/digests.ts';
import { monitoringJob } from './schedule/monitoring.ts';
import { approvalReminderJob } from './schedule/reminders.ts';
import { createScheduler, type Job, type Scheduler } from './schedule/tick.ts';
import type { Deps } from './services/deps.ts';
import { runEffects } from './slack/effects.ts';
import { createHomePublisher } from './slack/home-publisher.ts';
import { registerListeners } from './slack/listeners/index.ts';
import { lastStop } from './slack/listeners/last-stop.ts';
import { createSlackPort } from './slack/port.ts';
import { applySchema, openStore, pingStore, type Store } from './store/db.ts';

export interface BotOptions {
  readonly logger?: Logger;
  /** The clock every rule reads; tests inject one. */
  readonly now?: () => Date;
  /** Web API retries; tests turn them off so a failing fake answers at once. */
  readonly retryConfig?: RetryOptions;
  /** An already open store (tests share one file between two bots). */
  readonly store?: Store;
  /** Start the minute tick with the app (default true); tests drive scheduler.runTick(now) instead. */
  readonly startScheduler?: boolean;
  /** The interface to listen on in HTTP mode; all interfaces when unset. Tests use loopback. */
  readonly host?: string;
}

export interface Bot {
  readonly app: App;
  readonly store: Store;
  readonly deps: Deps;
  /** The minute tick; tests call scheduler.runTick(now) instead of waiting. */
  readonly scheduler: Scheduler;
  /** Listens (HTTP on config.port, 0 for any free port) and returns the HTTP server when there is one. */
  start(): Promise<Server | undefined>;
  /** Resolves once no request, app.error answer or tick is still at work (tests wait on this, not on quiet). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function createBot(config: Config, options: BotOptions = {}): Bot {
  const logger = options.logger ?? createLogger(config.logLevel);
  const store = options.store ?? openStore(config.databaseUrl);
  applySchema(store);

  const socketMode = config.slack.appToken !== undefined;
  const healthz = {
    path: '/healthz',
    method: ['GET'],
    handler: (_req: unknown, res: import('node:http').ServerResponse) => {
      const ok = pingStore(store);
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: ok ? 'ok' : 'unavailable', db: ok ? 'ok' : 'unavailable' }));
    },
  };
  const app = new App({
    token: config.slack.botToken,
    logger,
    logLevel: LEVELS[config.logLevel],
    ...(socketMode
      ? { socketMode: true, appToken: config.slack.appToken, installerOptions: { port: config.port } }
      : { signingSecret: config.slack.signingSecret }),
    customRoutes: [healthz],
    // app.error gets the request body, so the last stop can answer the person who asked.
    extendedErrorHandler: true,
    clientOptions: {
      ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
      ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}),
    },
  });

  const deps: Deps = {
    store,
    logger,
    slack: createSlackPort(app.client, config.slack.botToken),
    now: options.now ?? (() => new Date()),
    defaultTz: config.defaultTz,
  };
  const home = createHomePublisher(app.client, logger);
  registerListeners(app, deps, home);
  app.error(lastStop(app.client, logger));
  // Each request counts from its arrival until its listeners and any app.error answer are done:
  // Bolt acks events before their listener starts, so counting inside listeners would start late.
  const inFlight = createInFlight();
  const processEvent = app.processEvent.bind(app);
  app.processEvent = (event) => inFlight.run(() => processEvent(event));

  const jobs: Job[] = [digestJob(deps), monitoringJob(deps), approvalReminderJob(deps)];
  const scheduler = createScheduler(
    jobs,
    (effect) => runEffects({ client: app.client, logger }, [effect]),
    logger,
    deps.now,
    inFlight,
  );

  return {
    app,
    store,
    deps,
    scheduler,
    async start() {
      const server = await (socketMode || !options.host
        ? app.start(config.port)
        : app.start({ port: config.port, host: options.host }));
      if (options.startScheduler !== false) scheduler.start();
      logger.info(`running (${socketMode ? 'Socket Mode' : `HTTP on port ${config.port}`})`);
      return socketMode ? undefined : (server as Server);
    },
    idle: () => inFlight.idle(),
    async stop() {
      await scheduler.stop();
      await home.close();
      await app.stop();
      if (!options.store) store.close();
    },
  };
}
