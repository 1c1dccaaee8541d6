// Health evaluations: each minute, the services due (from shadow to the end of monitoring, not
// evaluated within their migration's interval) are claimed, then evaluated in the background.
// The tick does not wait for Prometheus: the other jobs run on while queries are out, and the
// client's per-query timeout and concurrency cap bound what a slow source can hold. Each result is
// recorded in one transaction with what its changes cause: a refresh of the approval message and,
// in the monitoring window, an alert when a check turns red. The same job drops old results.
import type { Deps } from '../deps.ts';
import type { UnknownReason } from '../domain/health.ts';
import { type CheckStatus, type EvaluatedCheck, transitions, turnedRed, worstState } from '../domain/health-gate.ts';
import type { CheckTemplate } from '../domain/health-templates.ts';
import { CredentialsError, metricsSourceOf } from '../health/credentials.ts';
import { evaluateChecks } from '../health/evaluate.ts';
import type { InFlight } from '../in-flight.ts';
import { commit, outboxContext } from '../services/commit.ts';
import { alertPost } from '../services/health-alerts.ts';
import { HEALTH_CHANGE_ACTION, platformPair, statusesWith } from '../services/health-gate.ts';
import { refreshApprovalMessages } from '../services/lifecycle.ts';
import type { Effect } from '../slack/effect.ts';
import { appendAudit } from '../store/audit.ts';
import type { Db } from '../store/db.ts';
import { serviceChecks } from '../store/health.ts';
import {
  claimEvaluation,
  type DueEvaluation,
  dueEvaluations,
  pruneResults,
  recordResults,
} from '../store/health-results.ts';
import { serviceById } from '../store/lifecycle.ts';
import type { Job } from './tick.ts';

/**
 * How long results are kept (each check's newest is kept however old: pruneResults). Nothing that
 * people read needs more: the gates, messages and `/migrate health <service>` read each check's
 * newest result, the digest reads health changes from the audit log. Two weeks is history enough
 * for a whole service cycle (3 to 7 days of shadow, then 24 to 48 hours of monitoring), and at one
 * evaluation a minute keeps about 20,000 rows per check.
 */
export const RESULTS_KEPT_MS = 14 * 24 * 60 * 60 * 1000;

/** Pruning scans the results table, so it runs once an hour (and at the first tick), not every minute. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;

export function healthJob(deps: Deps, background: Pick<InFlight, 'run'>): Job {
  // Services whose evaluation is still out: a source slower than the interval gets no second one
  // queued behind the first, so the limiter's queue cannot grow tick after tick.
  const running = new Set<number>();
  let prunedAt: number | null = null;
  return {
    name: 'health',
    run(now: Date): Effect[] {
      const { db } = deps.store;
      if (prunedAt === null || now.getTime() - prunedAt >= PRUNE_EVERY_MS) {
        pruneResults(db, new Date(now.getTime() - RESULTS_KEPT_MS));
        prunedAt = now.getTime();
      }
      for (const due of dueEvaluations(db, now)) {
        const id = due.service.id;
        if (running.has(id) || !claimEvaluation(db, due.service, now, due.source.intervalSeconds * 1000)) continue;
        running.add(id);
        // Counted as work in flight (bot.idle() and stop() wait for it), but not by this tick.
        void background
          .run(() => evaluate(deps, due, now))
          .catch((err: unknown) => {
            deps.logger.error(
              `[tick:health] ${due.service.name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
            );
          })
          .finally(() => running.delete(id));
      }
      return [];
    },
  };
}

async function evaluate(deps: Deps, due: DueEvaluation, now: Date): Promise<void> {
  const { migration, service, source } = due;
  const checks = serviceChecks(deps.store.db, migration, source, service);
  if (checks.length === 0) return;
  const results = await run(deps, due, checks);
  commit(deps, outboxContext(migration), (tx) => {
    const before = statusesWith(tx, migration, source, service, now);
    recordResults(tx, service, results, now);
    const after = statusesWith(tx, migration, source, service, now);
    const changes = transitions(before, after);
    if (changes.length === 0) return [];
    recordHealthChange(tx, due, before, after, now);
    // The service may have moved while the queries were out: alert on what it is now.
    const current = serviceById(tx, service.workspaceId, service.id) ?? service;
    const effects = refreshApprovalMessages(deps, migration, [service.id]);
    if (current.state === 'monitoring' && turnedRed(changes).length > 0) {
      effects.push(alertPost(tx, migration, current, after));
    }
    return effects;
  });
}

/** The service's worst state moved: an audit row, which the digest reads as one health line. */
function recordHealthChange(
  tx: Db,
  { migration, service }: DueEvaluation,
  before: readonly CheckStatus[],
  after: readonly CheckStatus[],
  now: Date,
): void {
  // Before its first evaluation a service has no health to change from.
  const was = before.some((s) => s.evaluatedAt !== null) ? worstState(before) : null;
  const is = worstState(after);
  if (is === null || is === was) return;
  appendAudit(tx, {
    workspaceId: migration.workspaceId,
    migrationId: migration.id,
    serviceId: service.id,
    serviceName: service.name,
    actor: 'migrate-bot',
    action: HEALTH_CHANGE_ACTION,
    fromValue: was,
    toValue: is,
    detail: { red: after.filter((s) => s.verdict.state === 'red').map((s) => s.key) },
    createdAt: now,
  });
}

/** Saved credentials that cannot be opened make every check amber with the reason, like any failure. */
async function run(deps: Deps, due: DueEvaluation, checks: readonly CheckTemplate[]): Promise<EvaluatedCheck[]> {
  let source: ReturnType<typeof metricsSourceOf>;
  try {
    source = metricsSourceOf(due.source, deps.health.box);
  } catch (err) {
    const reason: UnknownReason = 'refused';
    // Only our own fixed sentences are shown: a decryption error's text is not for a channel.
    const why = err instanceof CredentialsError ? err.message : 'they cannot be opened with the configured key';
    const detail = `the saved credentials cannot be used: ${why}`;
    return checks.map((c) => ({
      key: c.key,
      name: c.name,
      dashboardUrl: null,
      verdict: { state: 'amber', value: null, reference: null, unknown: reason, reason: detail },
    }));
  }
  return evaluateChecks(deps.health.client, source, checks, platformPair(due.migration, due.source, due.service));
}
