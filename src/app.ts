// The composition root: config -> store (schema applied) -> Bolt App -> listeners -> jobs -> start.
// Importing this module does nothing; createBot() builds, start() listens.
import type { Server } from 'node:http';
import { App, SocketModeReceiver } from '@slack/bolt';
import type { RetryOptions, WebClientOptions } from '@slack/web-api';
import type { Config } from './config.ts';
import type { Deps } from './deps.ts';
import { createHealthDeps } from './health/deps.ts';
import {
  authProblem,
  createReadiness,
  healthRoutes,
  isPlatformError,
  type Readiness,
  slackCode,
} from './http/health.ts';
import { createInFlight } from './in-flight.ts';
import { countDigests, countingFetch, instrumentJobs, trackRequests } from './instrument.ts';
import { createLogger, LEVELS, type Logger } from './logger.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { INSTALL_PATH, installerAppOptions } from './oauth/installer.ts';
import { registerUninstall } from './oauth/uninstall.ts';
import { clientPool, installedTokens, singleToken, type WorkspaceTokens } from './oauth/workspace-tokens.ts';
import { checkInstallations, scopedAccess, scopeRequests, servedWorkspaces } from './oauth/workspace-wiring.ts';
import { digestJob } from './schedule/digests.ts';
import { healthJob } from './schedule/health.ts';
import { monitoringJob } from './schedule/monitoring.ts';
import { approvalReminderJob } from './schedule/reminders.ts';
import { createScheduler, type Job, type Scheduler } from './schedule/tick.ts';
import { createSecretBox } from './secrets/secret-box.ts';
import { renderApprovalMessage } from './services/lifecycle.ts';
import { renderMonitoringPrompt } from './services/monitoring-prompt.ts';
import { receiptHandler } from './services/receipts.ts';
import { workspaceOf } from './slack/context.ts';
import type { Effect, ReceiptHandler } from './slack/effect.ts';
import { runEffects } from './slack/effects.ts';
import { createHomePublisher } from './slack/home-publisher.ts';
import { registerListeners } from './slack/listeners/index.ts';
import { lastStop } from './slack/listeners/last-stop.ts';
import { createOutbox, type OutboxContext, parseRef, receiptOf } from './slack/outbox.ts';
import { createOutboxSender } from './slack/outbox-sender.ts';
import { createSlackPort } from './slack/port.ts';
import { deliveryFailureNotice } from './slack/views/delivery-failure.ts';
import { applySchema, type Db, openStore, type Store } from './store/db.ts';
import { claimDeliveryFailureNotice } from './store/digests.ts';
import { migrationById } from './store/migrations.ts';
import { type OutboxRow, outboxStats } from './store/outbox.ts';
import { watchCachedReads } from './store/read-cache.ts';

/** Start-up failed for a reason the operator must fix; main prints its message alone, no stack. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

const SLACK_API = 'https://slack.com/api/';

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
  /** The outbox's first retry delay (doubling after); tests make it short. */
  readonly outboxRetryMs?: number;
  /** Where metrics are counted; a fresh registry by default. */
  readonly metrics?: Metrics;
  /** How long a command's answer may take and still go in the ack (handle.ts); tests shorten it. */
  readonly ackDeadlineMs?: number;
}

export interface Bot {
  readonly app: App;
  readonly store: Store;
  readonly deps: Deps;
  /** The minute tick; tests call scheduler.runTick(now) instead of waiting. */
  readonly scheduler: Scheduler;
  readonly metrics: Metrics;
  readonly readiness: Readiness;
  /** Listens (HTTP on config.port, 0 for any free port) and returns the HTTP server when there is one. */
  start(): Promise<Server | undefined>;
  /** Resolves once no request, app.error answer or tick is still at work (tests wait on this, not on quiet). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function createBot(config: Config, options: BotOptions = {}): Bot {
  const logger =
    options.logger ??
    createLogger(config.logLevel, 'migrate-bot', {
      pretty: config.prettyLogs,
      secrets: [
        config.slack.botToken,
        config.slack.signingSecret,
        config.slack.appToken,
        config.slack.oauth?.clientSecret,
        config.slack.oauth?.stateSecret,
        config.encryptionKey?.toString('base64'),
        config.encryptionKey?.toString('hex'),
      ],
    });
  const { oauth } = config.slack;
  if (oauth && !config.encryptionKey) {
    throw new StartupError(
      'OAuth mode needs MIGRATE_BOT_ENCRYPTION_KEY to seal workspace tokens (openssl rand -base64 32)',
    );
  }
  if (!oauth && !config.slack.botToken) throw new StartupError('SLACK_BOT_TOKEN is required without OAuth mode');
  const store = options.store ?? openStore(config.databaseUrl);
  applySchema(store);
  const metrics = options.metrics ?? createMetrics();
  const now = options.now ?? (() => new Date());
  const box = oauth && config.encryptionKey ? createSecretBox(config.encryptionKey) : undefined;
  // Whose token a call outside a request goes out with: each installation's in OAuth mode.
  const tokens: WorkspaceTokens = box ? installedTokens(store.db, box) : singleToken(config.slack.botToken ?? '');

  const apiUrl = config.slack.apiUrl ?? SLACK_API;
  const fetch = countingFetch(metrics, apiUrl);
  const clientsWith = (extra: WebClientOptions) => clientPool(tokens, { slackApiUrl: apiUrl, logger, fetch, ...extra });
  // The readiness and start-up check: no retries and a timeout, so a dead Slack answers quickly.
  const checker = clientsWith({ retryConfig: { retries: 0 }, timeout: 5000 });
  const socketMode = config.slack.appToken !== undefined;
  let socketConnected = false;
  const readiness = createReadiness({
    store,
    metrics,
    checkAuth: () => checkInstallations(tokens, checker, logger),
    ...(socketMode ? { socketConnected: () => socketConnected } : {}),
  });
  const installer = oauth && box ? installerAppOptions(oauth, store.db, box, now, tokens.forget) : {};
  const customRoutes = healthRoutes(store, readiness, metrics);
  const receiver = socketMode
    ? new SocketModeReceiver({
        appToken: config.slack.appToken as string,
        logger,
        logLevel: LEVELS[config.logLevel],
        ...installer,
        // The receiver's own Web API clients (apps.connections.open with the app token, and the
        // installer's oauth.v2.access) get none of the App's clientOptions: without these they call
        // slack.com whatever SLACK_API_URL says.
        installerOptions: {
          ...installer.installerOptions,
          port: config.port,
          clientOptions: { slackApiUrl: apiUrl, fetch },
        },
        customRoutes,
      })
    : undefined;
  if (receiver) {
    receiver.client.on('connected', () => {
      socketConnected = true;
    });
    // 'close' is the WebSocket gone: a drop, or Slack's `disconnect` asking for a new connection.
    // The client reports no state for those until it starts reconnecting, a pause (5 s) later.
    for (const state of ['close', 'disconnecting', 'disconnected', 'reconnecting']) {
      receiver.client.on(state, () => {
        socketConnected = false;
      });
    }
  }
  const app = new App({
    ...(oauth ? {} : { token: config.slack.botToken }),
    logger,
    logLevel: LEVELS[config.logLevel],
    // auth.test runs in start(), after our own check has turned a rejected token into one clear line.
    deferInitialization: true,
    ...(receiver ? { receiver } : { signingSecret: config.slack.signingSecret, customRoutes, ...installer }),
    // No listener reads context.conversation: skip Bolt's conversation-store middleware on every request.
    convoStore: false,
    // app.error gets the request body, so the last stop can answer the person who asked.
    extendedErrorHandler: true,
    clientOptions: {
      slackApiUrl: apiUrl,
      fetch,
      ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}),
    },
  });
  const inFlight = createInFlight();
  trackRequests(app, metrics, inFlight);
  scopeRequests(app);
  // Clients for work outside Bolt's own request handling, one per workspace token.
  const clientFor = clientsWith(options.retryConfig ? { retryConfig: options.retryConfig } : {});

  // The outbox sender's own client: no retries of its own and 429s rejected, so the sender alone
  // decides when to try again, in order per channel.
  const sendingClientFor = clientsWith({ retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 10_000 });
  let receipts: ReceiptHandler = () => [];
  const sender = createOutboxSender({
    store,
    logger,
    clientFor: sendingClientFor,
    render: (_db, workspaceId, ref) => {
      const parsed = parseRef(ref);
      if (parsed?.kind === 'monitoring') return renderMonitoringPrompt(deps, workspaceId, parsed.id);
      return parsed ? renderApprovalMessage(deps, workspaceId, parsed.id) : null;
    },
    onSettled: (tx, row, delivery) => {
      const receipt = receiptOf(row);
      if (!receipt) {
        if (!delivery.ok) tellCreatorOnce(tx, row, delivery.error);
        return;
      }
      const outcome = delivery.ok
        ? { posted: true as const, channel: delivery.channel, ts: delivery.ts }
        : { posted: false as const, error: delivery.error };
      outbox.enqueue(tx, { workspaceId: row.workspaceId, migrationId: row.migrationId }, receipts(receipt, outcome));
    },
    ...(options.outboxRetryMs ? { baseDelayMs: options.outboxRetryMs, maxDelayMs: options.outboxRetryMs * 20 } : {}),
  });
  const outbox = createOutbox(store.db, () => sender.kick());
  // A message given up for good: the migration's creator hears of it once (a digest has its own notice).
  const tellCreatorOnce = (tx: Db, row: OutboxRow, error: string) => {
    const migration = row.migrationId === null ? null : migrationById(tx, row.workspaceId, row.migrationId);
    if (!migration || row.lane === migration.createdBy) return;
    if (!claimDeliveryFailureNotice(tx, migration, new Date())) return;
    const message = deliveryFailureNotice(migration.name, row.lane, error);
    outbox.enqueue(tx, { workspaceId: row.workspaceId, migrationId: migration.id }, [
      { type: 'dm', user: migration.createdBy, message },
    ]);
  };
  metrics.watchOutbox(() => outboxStats(store.db, new Date()));
  watchCachedReads(store.db, (answer, reused) =>
    metrics.cachedAnswers.inc({ answer, outcome: reused ? 'reused' : 'worked_out' }),
  );
  const deps: Deps = {
    store,
    logger,
    slack: createSlackPort(scopedAccess(tokens, clientFor)),
    now,
    defaultTz: config.defaultTz,
    outbox,
    health: createHealthDeps({ allowlist: config.healthSourceHosts, encryptionKey: config.encryptionKey, logger }),
  };
  receipts = countDigests(receiptHandler(deps), metrics);
  const home = createHomePublisher(clientFor, logger);
  registerUninstall(app, store.db, tokens, logger);
  registerListeners(app, deps, home, options.ackDeadlineMs);
  app.error(lastStop((context) => (oauth ? clientFor(workspaceOf(context)) : app.client), logger));

  const jobs: Job[] = [digestJob(deps), monitoringJob(deps), approvalReminderJob(deps), healthJob(deps, inFlight)];
  const scheduler = createScheduler(
    instrumentJobs(jobs, metrics),
    (effect) =>
      runEffects({ client: app.client, logger, outbox: (effects) => outbox.send(scheduledContext(effect), effects) }, [
        effect,
      ]),
    logger,
    deps.now,
    inFlight,
    () => servedWorkspaces(tokens),
  );

  let server: Server | undefined;
  let started = false;
  return {
    app,
    store,
    deps,
    scheduler,
    metrics,
    readiness,
    async start() {
      const auth = await readiness.refreshAuth();
      if (!auth.ok) {
        throw new StartupError(authProblem(auth));
      }
      try {
        await app.init();
      } catch (err) {
        throw new StartupError(`Slack rejected SLACK_BOT_TOKEN: ${slackCode(err)}`);
      }
      const listening = await (socketMode || !options.host
        ? app.start(config.port)
        : app.start({ port: config.port, host: options.host })
      ).catch(async (err: unknown) => {
        if (!socketMode) throw err;
        // apps.connections.open failed for good. The receiver's HTTP server listens already: close it.
        await app.stop().catch(() => {});
        throw new StartupError(
          isPlatformError(err)
            ? `Slack rejected SLACK_APP_TOKEN: ${slackCode(err)}`
            : `could not open the Socket Mode connection to Slack: ${slackCode(err)}`,
        );
      });
      started = true;
      server = socketMode ? undefined : (listening as Server);
      if (options.startScheduler !== false) scheduler.start();
      // What an earlier run queued and did not deliver (it stopped, or was killed) goes out now.
      sender.kick();
      const address = server?.address();
      const port = address && typeof address === 'object' ? address.port : config.port;
      const mode = oauth ? `, OAuth mode: install at ${INSTALL_PATH}` : '';
      logger.info(`running (${socketMode ? 'Socket Mode' : `HTTP on port ${port}`}${mode})`);
      return server;
    },
    async idle() {
      // Requests and ticks first, then what they queued; a delivery may queue more (a receipt's notice).
      do {
        await inFlight.idle();
        await sender.idle();
      } while (inFlight.busy() || sender.busy());
    },
    async stop() {
      // Stop taking requests (the listening socket closes), let the ones in flight and the current
      // tick finish, then close what they used.
      const closing = started ? app.stop() : Promise.resolve();
      started = false;
      await Promise.all([inFlight.idle(), scheduler.stop()]);
      // What is still queued stays in the outbox for the next start.
      await sender.stop();
      server?.closeIdleConnections();
      await closing;
      await home.close();
      if (!options.store) store.close();
    },
  };
}

/** Scheduled work names its workspace in its receipt when it has one; a reminder or prompt does not need it. */
function scheduledContext(effect: Effect): OutboxContext {
  if (effect.type === 'post' && effect.receipt?.kind === 'digestRun') {
    return { workspaceId: effect.receipt.workspaceId, migrationId: effect.receipt.migrationId };
  }
  return { workspaceId: '' };
}
