// Default runbook per service, phase by phase, after the guide's workflows (DOMAIN.md sections
// 3, 4 and 6), plus steps a team imports from its own checklist.

export const RUNBOOK_PHASES = ['prepare', 'shadow', 'validate', 'cutover', 'monitor', 'cleanup'] as const;
export type RunbookPhase = (typeof RUNBOOK_PHASES)[number];

/** Imported steps without a phase land here: a team's own checklist is mostly checks to pass before cutover. */
export const DEFAULT_IMPORT_PHASE: RunbookPhase = 'validate';

/** The step whose done-ness the rehearsal gate for critical services reads. */
export const ROLLBACK_PROCEDURE_KEY = 'rollback-procedure';

/** Longest imported step text, so a step still fits on one line of a message. */
export const MAX_STEP_TEXT = 300;

export interface RunbookTraits {
  readonly stateful: boolean;
  readonly external: boolean;
  readonly inParallelBatch: boolean;
}

export interface RunbookStep {
  /** Stable id, unique within one service's runbook. */
  readonly key: string;
  readonly phase: RunbookPhase;
  readonly text: string;
  /** Counts as a validation step: cutover requested with it still open draws a warning. */
  readonly validation: boolean;
  readonly appliesTo: (service: RunbookTraits) => boolean;
}

export const STEP_STATUSES = ['open', 'done', 'skipped'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export interface RunbookProgress<T> {
  readonly done: number;
  readonly skipped: number;
  readonly open: number;
  readonly total: number;
  /** Validation steps still open, in runbook order. */
  readonly openValidation: readonly T[];
}

export type ImportedStep = { readonly phase?: string; readonly step: string };

export type MergeResult =
  | { readonly ok: true; readonly steps: RunbookStep[] }
  | { readonly ok: false; readonly errors: string[] };

const always = (): boolean => true;

function step(
  key: string,
  phase: RunbookPhase,
  validation: boolean,
  text: string,
  appliesTo: (s: RunbookTraits) => boolean = always,
): RunbookStep {
  return { key, phase, text, validation, appliesTo };
}

/** Every default step, in order; a key may appear twice with complementary `appliesTo`. */
function catalogue(monitoringHours: number): RunbookStep[] {
  return [
    step(
      'dependency-check',
      'prepare',
      false,
      "Check this service's entry in the dependency map, hidden links included: shared databases, message topics, shared caches, hard-coded endpoints.",
    ),
    step('order-confirmed', 'prepare', false, "Confirm the service's place in the order (or its batch) still holds."),
    step(
      'external-schedule',
      'prepare',
      false,
      'Agree dates with the third party: its own migration schedule is a constraint you cannot parallelise.',
      (s) => s.external,
    ),
    step('shadow-deploy', 'shadow', false, 'Run the new version on the new platform next to the old one.'),
    step('shadow-traffic', 'shadow', false, 'Route (or mirror) a share of the traffic to the new version.'),
    step('shadow-compare', 'shadow', true, 'Compare outputs and metrics of the old and the new version side by side.'),
    step(
      'validate-health',
      'validate',
      true,
      'Error rate and latency on the new platform stay within the agreed thresholds.',
    ),
    step(
      'validate-data',
      'validate',
      true,
      'Validate the data: what the new platform holds matches the old (counts, checksums, spot checks).',
      (s) => s.stateful && !s.inParallelBatch,
    ),
    step(
      'validate-dual-writes',
      'validate',
      true,
      'Write to both stores at once and check that they stay consistent.',
      (s) => s.stateful && s.inParallelBatch,
    ),
    step(
      'feature-flag',
      'validate',
      true,
      'A flag for this service alone can turn it off without rolling back the rest of its batch.',
      (s) => s.inParallelBatch,
    ),
    step(
      ROLLBACK_PROCEDURE_KEY,
      'cutover',
      true,
      'Write down the rollback procedure: who reverts, the exact steps, and how long it takes.',
    ),
    step('switch-traffic', 'cutover', false, 'Switch all traffic to the new platform.', (s) => !s.inParallelBatch),
    step(
      'switch-traffic',
      'cutover',
      false,
      'Switch all traffic to the new platform together with the rest of the batch.',
      (s) => s.inParallelBatch,
    ),
    step(
      'keep-old-platform',
      'cutover',
      false,
      'Leave the old platform running until the next service in the order is validated.',
      (s) => !s.inParallelBatch,
    ),
    step(
      'keep-old-platform',
      'cutover',
      false,
      "Keep the old platform's endpoints alive until every batch has succeeded.",
      (s) => s.inParallelBatch,
    ),
    step(
      'monitor-window',
      'monitor',
      false,
      `Monitor the service for ${monitoringHours} h after the switch (the guide suggests 24-48 h).`,
    ),
    step('monitor-dashboards', 'monitor', false, 'Watch the dashboards and alerts: errors, latency, load.'),
    step('decommission', 'cleanup', false, "Decommission this service's resources on the old platform."),
    step(
      'hidden-dependencies',
      'cleanup',
      false,
      'Look for dependencies the decommissioning brought to light and add them to the map, so the plan is re-checked.',
    ),
  ];
}

/** The default steps that apply to this service, in phase order. */
export function defaultRunbook(service: RunbookTraits, monitoringHours: number): RunbookStep[] {
  return catalogue(monitoringHours).filter((s) => s.appliesTo(service));
}

/** Reads a phase name as a person might write it; null when it is none of the phases. */
export function parsePhase(raw: string): RunbookPhase | null {
  const name = raw.trim().toLowerCase();
  const aliases: Record<string, RunbookPhase> = {
    preparation: 'prepare',
    validation: 'validate',
    monitoring: 'monitor',
    'clean-up': 'cleanup',
    // The rollback procedure is written and checked as part of the cutover (ROLLBACK_PROCEDURE_KEY).
    rollback: 'cutover',
  };
  if ((RUNBOOK_PHASES as readonly string[]).includes(name)) return name as RunbookPhase;
  return Object.hasOwn(aliases, name) ? (aliases[name] ?? null) : null;
}

/**
 * Appends imported steps to the end of their phase (DEFAULT_IMPORT_PHASE when none is given).
 * Imported steps in `validate` count as validation steps; elsewhere they do not. A step whose
 * text already appears in that phase (ignoring case) is dropped. Keys are `custom-<slug>`, so
 * re-importing the same list gives the same keys. Any bad line fails the whole import.
 */
export function mergeImportedSteps(defaults: readonly RunbookStep[], imported: readonly ImportedStep[]): MergeResult {
  const errors: string[] = [];
  const added: RunbookStep[] = [];
  const keys = new Set(defaults.map((s) => s.key));
  const seen = new Set(defaults.map((s) => `${s.phase}\n${s.text.toLowerCase()}`));
  imported.forEach((item, index) => {
    const where = `step ${index + 1}`;
    const phase = item.phase === undefined || item.phase.trim() === '' ? DEFAULT_IMPORT_PHASE : parsePhase(item.phase);
    const text = item.step.trim().replace(/\s+/g, ' ');
    if (phase === null) {
      errors.push(`${where}: unknown phase \`${item.phase}\`; use one of ${RUNBOOK_PHASES.join(', ')}.`);
      return;
    }
    if (text === '') {
      errors.push(`${where}: the step has no text.`);
      return;
    }
    if (text.length > MAX_STEP_TEXT) {
      errors.push(`${where}: the step is ${text.length} characters long; keep it within ${MAX_STEP_TEXT}.`);
      return;
    }
    const identity = `${phase}\n${text.toLowerCase()}`;
    if (seen.has(identity)) return;
    seen.add(identity);
    const key = uniqueKey(`custom-${slug(text)}`, keys);
    added.push(step(key, phase, phase === 'validate', text));
  });
  if (errors.length > 0) return { ok: false, errors };
  const steps = [...defaults, ...added];
  const rank = (phase: RunbookPhase): number => RUNBOOK_PHASES.indexOf(phase);
  // A stable sort keeps defaults before imports within a phase, and each group in its own order.
  return { ok: true, steps: steps.sort((a, b) => rank(a.phase) - rank(b.phase)) };
}

export function runbookProgress<T extends { readonly validation: boolean; readonly status: StepStatus }>(
  steps: readonly T[],
): RunbookProgress<T> {
  const count = (status: StepStatus): number => steps.filter((s) => s.status === status).length;
  return {
    done: count('done'),
    skipped: count('skipped'),
    open: count('open'),
    total: steps.length,
    openValidation: steps.filter((s) => s.validation && s.status === 'open'),
  };
}

/** Whether the step with this key is done; false when the runbook has no such step. */
export function isStepDone(
  steps: readonly { readonly key: string; readonly status: StepStatus }[],
  key: string,
): boolean {
  return steps.some((s) => s.key === key && s.status === 'done');
}

function slug(text: string): string {
  const words = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return words.slice(0, 40).replace(/-+$/, '') || 'step';
}

function uniqueKey(base: string, taken: Set<string>): string {
  let key = base;
  for (let n = 2; taken.has(key); n += 1) key = `${base}-${n}`;
  taken.add(key);
  return key;
}
