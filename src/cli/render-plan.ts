// A plan as the command line prints it: text for people, JSON for scripts. Pure: report in, string out.

import type { EstimateComparison } from '../domain/estimates.ts';
import { groupWords } from '../domain/graph-group-reasons.ts';
import type { ImportedDependency } from '../domain/import/index.ts';
import type { ImportFormat, ServiceGraph, Strategy } from '../domain/model.ts';
import type { PlanWarning } from '../domain/plan-review.ts';
import type { Plan, PlanEntry } from '../domain/planner.ts';
import { dollars, grouped, plural } from '../domain/words.ts';
import { warningSentence } from './plan-warnings.ts';

/** Everything `migrate-bot plan` shows. */
export interface PlanReport {
  /** As the user gave it. */
  readonly file: string;
  readonly format: ImportFormat;
  /** What the importer ignored or merged on the way. */
  readonly notes: readonly string[];
  readonly graph: ServiceGraph;
  readonly dependencies: readonly ImportedDependency[];
  /** Owner text as the file gives it, by service. */
  readonly owners: ReadonlyMap<string, string>;
  readonly plan: Plan;
  readonly estimates: EstimateComparison;
  /** The plan review's findings (groups, batches, duration past sensible sizes). */
  readonly warnings: readonly PlanWarning[];
}

const STRATEGY_WORDS: Readonly<Record<Strategy, string>> = {
  sequential: 'sequential: one service (or group) at a time',
  parallel: 'parallel: batches of services with no dependency path between them',
  hybrid: 'hybrid: critical, stateful, external, grouped and core services one at a time, the rest in batches',
};

/** Table rows with each column padded to its widest cell; the last column is left ragged. */
function table(rows: readonly (readonly string[])[], indent: string): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) widths[i] = Math.max(widths[i] ?? 0, (row[i] as string).length);
  }
  return rows.map((row) =>
    `${indent}${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd(),
  );
}

function slotTitle(e: PlanEntry, size: number): string {
  return e.step !== null
    ? `Step ${e.step} (sequential track${size > 1 ? `, ${size} services moving as one` : ''})`
    : `Batch ${e.batch} (parallel track, ${plural(size, 'service')})`;
}

/** Entries by phase, then by step or batch in order of first appearance. */
function slotsByPhase(entries: readonly PlanEntry[]): Map<number, Map<string, PlanEntry[]>> {
  const phases = new Map<number, Map<string, PlanEntry[]>>();
  for (const e of entries) {
    let slots = phases.get(e.phase);
    if (!slots) {
      slots = new Map();
      phases.set(e.phase, slots);
    }
    const key = e.step !== null ? `s${e.step}` : `b${e.batch}`;
    const list = slots.get(key);
    if (list) list.push(e);
    else slots.set(key, [e]);
  }
  return phases;
}

function orderLines(r: PlanReport): string[] {
  const { plan } = r;
  const width = String(plan.entries.length).length;
  const hasOwners = r.owners.size > 0;
  const hybrid = plan.strategy === 'hybrid';
  // Headings and service rows interleaved; the rows share one set of column widths.
  const items: (string | readonly string[])[] = [];
  const facts = (e: PlanEntry) => [
    e.service,
    ...(hasOwners ? [r.owners.get(e.service) ?? '-'] : []),
    `blast radius ${e.blastRadius}`,
    e.reason,
  ];
  if (plan.strategy === 'sequential') {
    // One line per service; the members of a group share their step number.
    const steps = String(plan.stepCount).length;
    const rows = plan.entries.map((e) => [`step ${String(e.step).padStart(steps)}`, ...facts(e)]);
    return table(rows, '  ');
  }
  for (const [phase, slots] of slotsByPhase(plan.entries)) {
    if (hybrid) items.push(`Phase ${phase} of ${plan.phaseCount}`);
    for (const members of slots.values()) {
      items.push(`${hybrid ? '  ' : ''}${slotTitle(members[0] as PlanEntry, members.length)}`);
      for (const e of members) {
        items.push([`${String(e.position).padStart(width)}.`, ...facts(e)]);
      }
    }
  }
  const rows = table(
    items.filter((i) => typeof i !== 'string'),
    hybrid ? '    ' : '  ',
  );
  let next = 0;
  return items.map((i) => (typeof i === 'string' ? i : (rows[next++] as string)));
}

function estimateLines(c: EstimateComparison, chosen: Strategy): string[] {
  const rows = [
    ['', 'strategy', 'calendar', 'engineer-hours', 'dual-running cost'],
    ...c.estimates.map((e) => [
      e.strategy === chosen ? '*' : '',
      e.strategy,
      `${e.calendarWeeks} weeks (${e.calendarMonths} months, ${e.calendarDays} working days)`,
      `${grouped(e.engineerHours)} h`,
      dollars(e.dualRunningCost),
    ]),
  ];
  const lines = ['Estimates for all three strategies (* the one planned above):', ...table(rows, '  '), ''];
  lines.push('How each figure is made:');
  for (const e of c.estimates) {
    lines.push(`  ${e.strategy}`);
    lines.push(`    calendar: ${e.formulas.calendar}`);
    lines.push(`    engineer-hours: ${e.formulas.engineerHours}`);
    lines.push(`    dual-running cost: ${e.formulas.dualRunningCost}`);
  }
  lines.push('', 'Inputs:');
  lines.push(
    ...table(
      c.inputs.map((i) => [i.key, `${i.value} ${i.unit}`, `(${i.source})`, i.note]),
      '  ',
    ),
  );
  const total = c.estimates[0]?.services ?? 0;
  const own = c.servicesWithOwnEffort;
  lines.push(
    '',
    own === total
      ? 'Every service carries its own effort figure: effort-days is not used.'
      : `${own} of ${plural(total, 'service')} carry their own effort figure; the rest use effort-days.`,
    c.inputs.every((i) => i.source === 'guide default')
      ? "These figures are the guide's defaults, not your team's: once the graph is imported, `/migrate set <key> <value>` in Slack replaces them."
      : 'Figures marked "team" are your own; the rest are the guide\'s defaults.',
  );
  return lines;
}

export function renderPlanText(r: PlanReport): string {
  const { plan } = r;
  const direction =
    plan.direction === 'leaf-first'
      ? 'leaf-first: consumers move before the services they depend on'
      : 'providers-first: services move before their consumers';
  const shape = [
    plan.stepCount > 0 ? plural(plan.stepCount, 'step') : null,
    plan.batchCount > 0 ? plural(plan.batchCount, 'batch', 'batches') : null,
    plan.strategy === 'hybrid' ? `in ${plural(plan.phaseCount, 'phase')}` : null,
  ].filter((x) => x !== null);
  const lines = [
    `${r.file} (${r.format}): ${plural(r.graph.services.length, 'service')}, ${plural(r.graph.edges.length, 'dependency', 'dependencies')}`,
    ...r.notes.map((n) => `note: ${n}`),
    `Plan: ${STRATEGY_WORDS[plan.strategy]}; ${direction}.`,
    `${plural(plan.entries.length, 'service')} in ${shape.join(', ')}${plan.batchCap > 0 ? `, at most ${plan.batchCap} per batch` : ''}.`,
    '',
    // First, so a lead sees them before a thousand lines of order.
    ...r.warnings.flatMap((w) => [`warning: ${warningSentence(w)}`, '']),
    ...orderLines(r),
    '',
  ];
  if (plan.groups.length > 0) {
    lines.push('Services that move together (a dependency cycle, or users of one database):');
    for (const g of plan.groups) lines.push(`  ${groupWords(g.members)}: ${g.members.join(', ')} (${g.reason})`);
    lines.push('');
  }
  if (!plan.blastRadiusExact) lines.push('Blast radii of large graphs are estimates.', '');
  lines.push(...estimateLines(r.estimates, plan.strategy));
  return `${lines.join('\n')}\n`;
}

export function renderPlanJson(r: PlanReport): string {
  const { plan } = r;
  const out = {
    file: r.file,
    format: r.format,
    strategy: plan.strategy,
    direction: plan.direction,
    batchCap: plan.batchCap,
    phaseCount: plan.phaseCount,
    stepCount: plan.stepCount,
    batchCount: plan.batchCount,
    blastRadiusExact: plan.blastRadiusExact,
    entries: plan.entries,
    groups: plan.groups,
    warnings: r.warnings.map((w) => ({ ...w, sentence: warningSentence(w) })),
    notes: r.notes,
    estimates: r.estimates,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
