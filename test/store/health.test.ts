// Health-check tables on a fresh in-memory store migrated from migrations/.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EvaluatedCheck } from '../../src/domain/health-gate.ts';
import { DEFAULT_TEMPLATE_SETS } from '../../src/domain/health-templates.ts';
import type { ServiceState } from '../../src/domain/model.ts';
import { applySchema, openStore, type Store } from '../../src/store/db.ts';
import {
  deleteServiceCheck,
  healthSource,
  migrationTemplates,
  removeHealthSource,
  replaceTemplates,
  saveHealthSource,
  serviceChecks,
  setServiceCheck,
  updateHealthSettings,
} from '../../src/store/health.ts';
import {
  claimEvaluation,
  dueEvaluations,
  latestResults,
  pruneResults,
  recordResults,
  resultHistory,
} from '../../src/store/health-results.ts';
import { archiveMigration, insertMigration, type MigrationRow } from '../../src/store/migrations.ts';
import { servicesTable } from '../../src/store/schema.ts';

const WS = 'T0001';
const T0 = new Date('2026-11-25T10:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

let store: Store;
let migration: MigrationRow;

beforeEach(() => {
  store = openStore(':memory:');
  applySchema(store);
  migration = insertMigration(store.db, {
    workspaceId: WS,
    channelId: 'C0MOVE',
    channelPrivate: false,
    name: 'to-k8s',
    fromPlatform: 'EC2',
    toPlatform: 'Kubernetes',
    strategy: 'hybrid',
    createdBy: 'U0LEAD',
    digestTz: 'UTC',
    createdAt: T0,
  });
});
afterEach(() => store.close());

function service(name: string, state: ServiceState, m: MigrationRow = migration) {
  return store.db
    .insert(servicesTable)
    .values({ workspaceId: m.workspaceId, migrationId: m.id, name, state })
    .returning()
    .get();
}

const checked = (key: string, state: 'green' | 'amber' | 'red', reason: string): EvaluatedCheck => ({
  key,
  name: key,
  dashboardUrl: null,
  verdict: {
    state,
    value: state === 'amber' ? null : 0.5,
    reference: null,
    unknown: state === 'amber' ? 'unreachable' : null,
    reason,
  },
});

describe('metrics sources', () => {
  it('one per migration: saving again replaces URL and credentials, keeps the settings', () => {
    saveHealthSource(
      store.db,
      migration,
      { url: 'http://prom:9090/', credentials: 'opaque-1', createdBy: 'U0LEAD' },
      T0,
    );
    expect(updateHealthSettings(store.db, migration, { intervalSeconds: 120, newPlatformLabel: 'k8s' })).toBe(true);
    saveHealthSource(store.db, migration, { url: 'http://prom:9091/', credentials: null, createdBy: 'U0OTHER' }, at(5));
    expect(healthSource(store.db, migration)).toMatchObject({
      kind: 'prometheus',
      url: 'http://prom:9091/',
      credentials: null,
      intervalSeconds: 120,
      newPlatformLabel: 'k8s',
      templateSet: 'prometheus',
      window: '5m',
      createdBy: 'U0OTHER',
    });
    expect(healthSource(store.db, { ...migration, workspaceId: 'T0OTHER' })).toBeNull();
    expect(removeHealthSource(store.db, migration)).toBe(true);
    expect(healthSource(store.db, migration)).toBeNull();
    expect(updateHealthSettings(store.db, migration, { window: '1m' })).toBe(false);
  });
});

describe('templates and service checks', () => {
  it('a default set until the migration has its own; a service overrides, removes and adds', () => {
    saveHealthSource(store.db, migration, { url: 'http://prom:9090/', credentials: null, createdBy: 'U0LEAD' }, T0);
    expect(migrationTemplates(store.db, migration, 'opentelemetry')).toEqual(DEFAULT_TEMPLATE_SETS.opentelemetry);
    const [rate, errors] = DEFAULT_TEMPLATE_SETS.prometheus;
    if (rate === undefined || errors === undefined) throw new Error('the default set has these');
    expect(replaceTemplates(store.db, migration, [errors, rate], 'U0LEAD')).toBe(true);
    const source = healthSource(store.db, migration);
    if (source === null) throw new Error('saved above');
    expect(source.templateSet).toBe('custom');
    expect(migrationTemplates(store.db, migration, 'custom')).toEqual([errors, rate]);

    const svc = service('checkout', 'shadow');
    const none = { name: null, query: null, referenceQuery: null, threshold: null, unit: null, dashboardUrl: null };
    setServiceCheck(
      store.db,
      svc,
      { key: 'error-ratio', removed: false, ...none, threshold: { kind: 'below', value: 0.05 } },
      'import',
      'U0LEAD',
    );
    setServiceCheck(store.db, svc, { key: 'request-rate', removed: true, ...none }, 'command', 'U0LEAD');
    setServiceCheck(
      store.db,
      svc,
      {
        key: 'queue',
        removed: false,
        ...none,
        query: 'max(q{service="{{service}}"})',
        threshold: { kind: 'below', value: 9 },
      },
      'command',
      'U0LEAD',
    );
    // The same key again replaces the row rather than adding a second.
    setServiceCheck(
      store.db,
      svc,
      { key: 'error-ratio', removed: false, ...none, threshold: { kind: 'below', value: 0.02 } },
      'command',
      'U0LEAD',
    );
    const checks = serviceChecks(store.db, migration, source, svc);
    expect(checks.map((c) => [c.key, c.threshold])).toEqual([
      ['error-ratio', { kind: 'below', value: 0.02 }],
      ['queue', { kind: 'below', value: 9 }],
    ]);
    expect(deleteServiceCheck(store.db, svc, 'request-rate')).toBe(true);
    expect(serviceChecks(store.db, migration, source, svc).map((c) => c.key)).toEqual([
      'error-ratio',
      'request-rate',
      'queue',
    ]);
    expect(deleteServiceCheck(store.db, svc, 'request-rate')).toBe(false);
  });
});

describe('results', () => {
  it('keeps every evaluation with its time; the latest per check is the current one', () => {
    const svc = service('checkout', 'shadow');
    recordResults(store.db, svc, [checked('errors', 'green', '0% < 1%'), checked('p99', 'green', 'ok')], T0);
    recordResults(
      store.db,
      svc,
      [checked('errors', 'red', '5% ≥ 1%'), checked('p99', 'amber', 'connection refused')],
      at(60),
    );
    recordResults(store.db, svc, [checked('errors', 'red', '6% ≥ 1%')], at(120));
    const latest = latestResults(store.db, svc);
    expect(latest.map((r) => [r.key, r.verdict.state, r.verdict.reason, r.evaluatedAt])).toEqual([
      ['p99', 'amber', 'connection refused', at(60)],
      ['errors', 'red', '6% ≥ 1%', at(120)],
    ]);
    expect(latest[0]?.verdict.unknown).toBe('unreachable');
    expect(resultHistory(store.db, svc, 'errors').map((r) => [r.state, r.evaluatedAt])).toEqual([
      ['red', at(120)],
      ['red', at(60)],
      ['green', T0],
    ]);
    expect(latestResults(store.db, { ...svc, workspaceId: 'T0OTHER' })).toEqual([]);
    expect(pruneResults(store.db, at(60))).toBe(2);
    expect(resultHistory(store.db, svc, 'errors')).toHaveLength(2);
  });
});

describe('due evaluations and their claim', () => {
  it('lists watched services of active migrations with a source, each once per interval', () => {
    const shadow = service('shadowed', 'shadow');
    const waiting = service('waiting', 'awaiting_approval');
    const watching = service('watching', 'monitoring');
    service('planned', 'planned');
    service('finished', 'done');
    const names = (now: Date) =>
      dueEvaluations(store.db, now)
        .map((d) => d.service.name)
        .sort();

    expect(names(T0)).toEqual([]); // no source yet
    saveHealthSource(store.db, migration, { url: 'http://prom:9090/', credentials: null, createdBy: 'U0LEAD' }, T0);
    expect(names(T0)).toEqual(['shadowed', 'waiting', 'watching']);

    const interval = 60_000;
    expect(claimEvaluation(store.db, shadow, T0, interval)).toBe(true);
    // A second claimer at the same moment, or within the interval, loses.
    expect(claimEvaluation(store.db, shadow, T0, interval)).toBe(false);
    expect(claimEvaluation(store.db, shadow, at(59), interval)).toBe(false);
    expect(names(at(30))).toEqual(['waiting', 'watching']);
    expect(names(at(60))).toEqual(['shadowed', 'waiting', 'watching']);
    expect(claimEvaluation(store.db, shadow, at(60), interval)).toBe(true);
    expect(claimEvaluation(store.db, shadow, at(61), interval)).toBe(false);

    // The migration's own interval decides.
    updateHealthSettings(store.db, migration, { intervalSeconds: 300 });
    expect(claimEvaluation(store.db, waiting, T0, 300_000)).toBe(true);
    // Claimed at 60 s, shadowed is not due again before 360 s now.
    expect(names(at(200))).toEqual(['watching']);
    expect(claimEvaluation(store.db, watching, T0, 300_000)).toBe(true);
    expect(names(at(299))).toEqual([]);
    expect(names(at(360))).toEqual(['shadowed', 'waiting', 'watching']);

    archiveMigration(store.db, migration, at(400));
    expect(names(at(1000))).toEqual([]);
  });

  it("a claim on another workspace's service id does not take it", () => {
    const svc = service('shadowed', 'shadow');
    expect(claimEvaluation(store.db, svc, T0, 60_000)).toBe(true);
    expect(claimEvaluation(store.db, { ...svc, workspaceId: 'T0OTHER' }, at(120), 60_000)).toBe(false);
    expect(claimEvaluation(store.db, svc, at(120), 60_000)).toBe(true);
  });
});
