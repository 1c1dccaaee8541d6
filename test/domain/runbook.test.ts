import { describe, expect, it } from 'vitest';
import {
  DEFAULT_IMPORT_PHASE,
  defaultRunbook,
  isStepDone,
  MAX_STEP_TEXT,
  mergeImportedSteps,
  parsePhase,
  ROLLBACK_PROCEDURE_KEY,
  RUNBOOK_PHASES,
  type RunbookStep,
  type RunbookTraits,
  runbookProgress,
  type StepStatus,
} from '../../src/domain/runbook.ts';

const ALL_TRAITS: RunbookTraits[] = [false, true].flatMap((stateful) =>
  [false, true].flatMap((external) =>
    [false, true].map((inParallelBatch) => ({ stateful, external, inParallelBatch })),
  ),
);

const keys = (steps: readonly RunbookStep[]): string[] => steps.map((s) => s.key);
const phaseRank = (s: RunbookStep): number => RUNBOOK_PHASES.indexOf(s.phase);

describe('defaultRunbook', () => {
  it.each(ALL_TRAITS)('is well formed for %o', (traits) => {
    const steps = defaultRunbook(traits, 24);
    expect(new Set(keys(steps)).size).toBe(steps.length);
    const ranks = steps.map(phaseRank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    for (const phase of RUNBOOK_PHASES) expect(steps.some((s) => s.phase === phase)).toBe(true);
    expect(keys(steps)).toContain(ROLLBACK_PROCEDURE_KEY);
    for (const s of steps) expect(s.appliesTo(traits)).toBe(true);
  });

  it('a plain sequential service', () => {
    const steps = defaultRunbook({ stateful: false, external: false, inParallelBatch: false }, 24);
    expect(keys(steps)).toEqual([
      'dependency-check',
      'order-confirmed',
      'shadow-deploy',
      'shadow-traffic',
      'shadow-compare',
      'validate-health',
      'rollback-procedure',
      'switch-traffic',
      'keep-old-platform',
      'monitor-window',
      'monitor-dashboards',
      'decommission',
      'hidden-dependencies',
    ]);
    expect(steps.find((s) => s.key === 'keep-old-platform')?.text).toContain('next service');
  });

  it('stateful services get data validation; in a parallel batch, dual writes and a flag instead', () => {
    const sequential = keys(defaultRunbook({ stateful: true, external: false, inParallelBatch: false }, 24));
    expect(sequential).toContain('validate-data');
    expect(sequential).not.toContain('validate-dual-writes');
    expect(sequential).not.toContain('feature-flag');
    const batched = keys(defaultRunbook({ stateful: true, external: false, inParallelBatch: true }, 24));
    expect(batched).toContain('validate-dual-writes');
    expect(batched).toContain('feature-flag');
    expect(batched).not.toContain('validate-data');
  });

  it('stateless services get no data validation', () => {
    for (const inParallelBatch of [false, true]) {
      const steps = keys(defaultRunbook({ stateful: false, external: false, inParallelBatch }, 24));
      expect(steps).not.toContain('validate-data');
      expect(steps).not.toContain('validate-dual-writes');
    }
  });

  it('external services get a scheduling step', () => {
    expect(keys(defaultRunbook({ stateful: false, external: true, inParallelBatch: false }, 24))).toContain(
      'external-schedule',
    );
  });

  it('batch members switch together and keep the old endpoints until all batches succeed', () => {
    const steps = defaultRunbook({ stateful: false, external: false, inParallelBatch: true }, 24);
    expect(steps.find((s) => s.key === 'switch-traffic')?.text).toContain('batch');
    expect(steps.find((s) => s.key === 'keep-old-platform')?.text).toContain('every batch');
  });

  it('uses the monitoring window from settings', () => {
    const steps = defaultRunbook({ stateful: false, external: false, inParallelBatch: false }, 48);
    expect(steps.find((s) => s.key === 'monitor-window')?.text).toContain('48 h');
  });

  it('marks validation steps', () => {
    const steps = defaultRunbook({ stateful: true, external: false, inParallelBatch: true }, 24);
    expect(steps.filter((s) => s.validation).map((s) => s.key)).toEqual([
      'shadow-compare',
      'validate-health',
      'validate-dual-writes',
      'feature-flag',
      'rollback-procedure',
    ]);
  });
});

describe('parsePhase', () => {
  it('accepts phase names and a few spellings, rejects the rest', () => {
    expect(parsePhase(' Validate ')).toBe('validate');
    expect(parsePhase('monitoring')).toBe('monitor');
    expect(parsePhase('clean-up')).toBe('cleanup');
    expect(parsePhase('constructor')).toBeNull();
    expect(parsePhase('deploy')).toBeNull();
  });
});

describe('mergeImportedSteps', () => {
  const defaults = defaultRunbook({ stateful: false, external: false, inParallelBatch: false }, 24);

  it('appends each step to the end of its phase, validate by default', () => {
    const result = mergeImportedSteps(defaults, [
      { step: 'Run the contract tests' },
      { phase: 'shadow', step: 'Enable  traffic mirroring in Istio' },
      { phase: 'cleanup', step: 'Delete the RabbitMQ vhost' },
    ]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const steps = result.steps;
    expect(DEFAULT_IMPORT_PHASE).toBe('validate');
    const contract = steps.find((s) => s.text === 'Run the contract tests');
    expect(contract).toMatchObject({ key: 'custom-run-the-contract-tests', phase: 'validate', validation: true });
    const mirror = steps.find((s) => s.key === 'custom-enable-traffic-mirroring-in-istio');
    expect(mirror).toMatchObject({ phase: 'shadow', validation: false, text: 'Enable traffic mirroring in Istio' });
    const shadowKeys = steps.filter((s) => s.phase === 'shadow').map((s) => s.key);
    expect(shadowKeys.at(-1)).toBe('custom-enable-traffic-mirroring-in-istio');
    expect(keys(steps).at(-1)).toBe('custom-delete-the-rabbitmq-vhost');
    const ranks = steps.map(phaseRank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(steps.length).toBe(defaults.length + 3);
  });

  it('keeps keys unique and stable, and drops repeats', () => {
    const input = [{ step: 'Check queue lag' }, { step: 'check queue lag!' }, { step: 'CHECK QUEUE LAG' }];
    const first = mergeImportedSteps(defaults, input);
    const second = mergeImportedSteps(defaults, input);
    expect(first).toEqual(second);
    if (!first.ok) throw new Error('expected ok');
    const added = first.steps.slice(0).filter((s) => s.key.startsWith('custom-'));
    expect(keys(added)).toEqual(['custom-check-queue-lag', 'custom-check-queue-lag-2']);
    expect(new Set(keys(first.steps)).size).toBe(first.steps.length);
  });

  it('rejects unknown phases, empty and overlong steps, naming each', () => {
    const result = mergeImportedSteps(defaults, [
      { phase: 'deploy', step: 'x' },
      { step: '   ' },
      { step: 'y'.repeat(MAX_STEP_TEXT + 1) },
      { phase: 'monitor', step: 'fine' },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(3);
    expect(result.errors[0]).toContain('step 1: unknown phase `deploy`');
    expect(result.errors[0]).toContain('prepare, shadow, validate, cutover, monitor, cleanup');
    expect(result.errors[1]).toContain('step 2');
    expect(result.errors[2]).toContain('step 3');
  });

  it('an empty import changes nothing', () => {
    expect(mergeImportedSteps(defaults, [])).toEqual({ ok: true, steps: defaults });
  });
});

describe('runbookProgress and isStepDone', () => {
  const withStatus = (statuses: StepStatus[]) =>
    defaultRunbook({ stateful: false, external: false, inParallelBatch: false }, 24).map((s, i) => ({
      ...s,
      status: statuses[i] ?? 'open',
    }));

  it('counts statuses and lists open validation steps in order', () => {
    const steps = withStatus(['done', 'done', 'done', 'done', 'skipped', 'open']);
    const progress = runbookProgress(steps);
    expect(progress).toMatchObject({ done: 4, skipped: 1, open: steps.length - 5, total: steps.length });
    expect(progress.openValidation.map((s) => s.key)).toEqual(['validate-health', 'rollback-procedure']);
  });

  it('a skipped validation step is not open', () => {
    const steps = withStatus(Array(20).fill('skipped'));
    expect(runbookProgress(steps)).toMatchObject({ skipped: steps.length, open: 0, openValidation: [] });
  });

  it('empty runbook', () => {
    expect(runbookProgress([])).toEqual({ done: 0, skipped: 0, open: 0, total: 0, openValidation: [] });
  });

  it('isStepDone reads the rollback procedure', () => {
    const steps = [{ key: ROLLBACK_PROCEDURE_KEY, status: 'done' as const }];
    expect(isStepDone(steps, ROLLBACK_PROCEDURE_KEY)).toBe(true);
    expect(isStepDone([{ key: ROLLBACK_PROCEDURE_KEY, status: 'skipped' }], ROLLBACK_PROCEDURE_KEY)).toBe(false);
    expect(isStepDone([], ROLLBACK_PROCEDURE_KEY)).toBe(false);
  });
});
