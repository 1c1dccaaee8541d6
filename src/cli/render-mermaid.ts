// A plan as a Mermaid flowchart: one subgraph per step or batch, in plan order, and an arrow from each
// service to what it depends on (consumer --> provider). Paste it into any Mermaid renderer.
// Mermaid refuses to draw past 500 edges or 50,000 characters unless its config raises maxEdges and
// maxTextSize, so a larger plan is drawn collapsed: one node per step or batch (or per run of them)
// with its service count, and one arrow per pair of nodes with the number of dependencies.
import { groupWords } from '../domain/graph-group-reasons.ts';
import type { Plan, PlanEntry } from '../domain/planner.ts';
import { grouped, plural } from '../domain/words.ts';
import type { PlanReport } from './render-plan.ts';

/** Mermaid's defaults (its `maxEdges` and `maxTextSize`). */
export const MERMAID_LIMITS = { edges: 500, characters: 50_000 } as const;
/** Nodes of a collapsed diagram: at most 30, so even every pair joined stays under 500 arrows. */
const MAX_COLLAPSED_NODES = 30;

export type MermaidMode = 'auto' | 'collapse' | 'full';

export interface MermaidDiagram {
  readonly text: string;
  /** For stderr: why the diagram is collapsed, or that Mermaid will not draw it by default; null otherwise. */
  readonly notice: string | null;
}

/**
 * Mermaid ids take letters, digits and `_`; service names also hold `. : / -`. Each name gets a
 * readable id with a prefix (so `end` or `graph` never clash with keywords), numbered on a clash.
 */
export function mermaidIds(names: readonly string[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const name of names) {
    const base = `svc_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    used.add(id);
    ids.set(name, id);
  }
  return ids;
}

/** Label text inside `["…"]`: quotes and angle brackets as Mermaid entity codes. */
function label(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

/** Steps 1 to 30, Batches 2 to 4; in a hybrid plan the phase and slot of both ends. */
function rangeLabel(first: PlanEntry, last: PlanEntry, hybrid: boolean): string {
  if (hybrid) return `${slotLabel(first, true)} to ${slotLabel(last, true)}`;
  return first.step !== null ? `Steps ${first.step} to ${last.step}` : `Batches ${first.batch} to ${last.batch}`;
}

function slotLabel(e: PlanEntry, hybrid: boolean): string {
  const slot = e.step !== null ? `Step ${e.step}` : `Batch ${e.batch}`;
  return hybrid ? `Phase ${e.phase} · ${slot}` : slot;
}

/** The diagram Mermaid draws by default: the full one when it fits, else collapsed, unless `mode` forces one. */
export function renderPlanMermaid(r: PlanReport, mode: MermaidMode = 'auto'): MermaidDiagram {
  const edges = r.dependencies.length;
  const full = mode === 'collapse' ? null : fullDiagram(r);
  const size = full === null ? 0 : full.length;
  const over = edges > MERMAID_LIMITS.edges || size > MERMAID_LIMITS.characters;
  const why = `${plural(edges, 'dependency', 'dependencies')}${full === null ? '' : ` and ${plural(size, 'character', 'characters')}`}`;
  const limits = `${MERMAID_LIMITS.edges} edges, ${grouped(MERMAID_LIMITS.characters)} characters`;
  if (full !== null && (mode === 'full' || !over)) {
    if (!over) return { text: full, notice: null };
    const warning = `Mermaid will not draw this diagram by default: ${why}, past its limits (${limits}). Raise maxEdges and maxTextSize in its config, or use --collapse.`;
    // A comment goes after the diagram's first line, where every Mermaid version takes one.
    const [kind, ...rest] = full.split('\n');
    return { text: [kind, `  %% ${warning}`, ...rest].join('\n'), notice: `warning: ${warning}` };
  }
  const reason =
    mode === 'collapse'
      ? 'Collapsed, as asked'
      : `Collapsed: the full diagram has ${why}, past what Mermaid draws by default (${limits})`;
  const note = `${reason}. Each node is a step or batch (or a run of them) with its service count; --full draws every service.`;
  return { text: collapsedDiagram(r, note), notice: mode === 'collapse' ? null : `note: ${note}` };
}

/** Entries by step or batch, in plan order. */
function slotsOf(entries: readonly PlanEntry[]): Map<string, PlanEntry[]> {
  const slots = new Map<string, PlanEntry[]>();
  for (const e of entries) {
    const key = e.step !== null ? `step_${e.step}` : `batch_${e.batch}`;
    const list = slots.get(key);
    if (list) list.push(e);
    else slots.set(key, [e]);
  }
  return slots;
}

function fullDiagram(r: PlanReport): string {
  const { plan } = r;
  const ids = mermaidIds(plan.entries.map((e) => e.service));
  const id = (name: string) => ids.get(name) ?? `svc_unknown_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const lines = [
    'flowchart LR',
    `  %% ${r.file}: ${plan.strategy} plan, ${plan.direction}. An arrow points from a service to what it depends on.`,
  ];
  const slots = slotsOf(plan.entries);
  const groupName = groupNames(plan);
  for (const [key, members] of slots) {
    lines.push(`  subgraph ${key}["${label(slotLabel(members[0] as PlanEntry, plan.strategy === 'hybrid'))}"]`);
    for (const e of members) {
      const group = e.groupId ? groupName.get(e.groupId) : undefined;
      lines.push(`    ${id(e.service)}["${label(group ? `${e.service} (with the ${group.name})` : e.service)}"]`);
    }
    lines.push('  end');
  }
  for (const d of r.dependencies) {
    const tags = [d.kind === 'sync' ? null : d.kind, d.hidden ? 'hidden' : null].filter((t) => t !== null);
    const arrow = d.kind === 'async' ? '-.->' : '-->';
    lines.push(`  ${id(d.from)} ${arrow}${tags.length ? `|${label(tags.join(', '))}|` : ''} ${id(d.to)}`);
  }
  const sequential = plan.entries.filter((e) => e.track === 'sequential').map((e) => id(e.service));
  if (plan.strategy === 'hybrid' && sequential.length > 0) {
    lines.push('  classDef sequentialTrack stroke-width:3px');
    lines.push(`  class ${sequential.join(',')} sequentialTrack`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * One node per step or batch; past MAX_COLLAPSED_NODES, consecutive ones share a node. A node names
 * the groups inside it, and an arrow carries the number of dependencies between two nodes.
 */
function collapsedDiagram(r: PlanReport, note: string): string {
  const { plan } = r;
  const hybrid = plan.strategy === 'hybrid';
  const slots = [...slotsOf(plan.entries).values()];
  const per = Math.max(1, Math.ceil(slots.length / MAX_COLLAPSED_NODES));
  const nodeOf = new Map<string, number>();
  const groupName = groupNames(plan);
  const lines = [
    'flowchart LR',
    `  %% ${note}`,
    `  %% ${r.file}: ${plan.strategy} plan, ${plan.direction}. An arrow points from services to what they depend on.`,
  ];
  for (let n = 0; n * per < slots.length; n++) {
    const chunk = slots.slice(n * per, (n + 1) * per);
    const entries = chunk.flat();
    for (const e of entries) nodeOf.set(e.service, n);
    const first = chunk[0]?.[0] as PlanEntry;
    const last = chunk[chunk.length - 1]?.[0] as PlanEntry;
    const title = chunk.length === 1 ? slotLabel(first, hybrid) : rangeLabel(first, last, hybrid);
    const groups = new Map<string, number>();
    for (const e of entries) if (e.groupId) groups.set(e.groupId, (groups.get(e.groupId) ?? 0) + 1);
    const named = [...groups].slice(0, 3).map(([g, size]) => {
      const group = groupName.get(g);
      return group && size < group.size ? `${size} of the ${group.name}` : `the ${group?.name ?? g}, moving as one`;
    });
    if (groups.size > named.length) named.push(`${groups.size - named.length} more groups`);
    const inside = named.length > 0 ? ` (${named.join(', ')})` : '';
    const only = entries.length === 1 ? entries[0]?.service : undefined;
    const whole = groups.size === 1 && groups.get(first.groupId ?? '') === entries.length;
    const what =
      only !== undefined
        ? only
        : whole
          ? `the ${groupName.get(first.groupId ?? '')?.name ?? first.groupId}, moving as one`
          : `${plural(entries.length, 'service', 'services')}${inside}`;
    lines.push(`  node_${n + 1}["${label(`${title}: ${what}`)}"]`);
  }
  const arrows = new Map<string, { from: number; to: number; n: number }>();
  for (const d of r.dependencies) {
    const from = nodeOf.get(d.from);
    const to = nodeOf.get(d.to);
    if (from === undefined || to === undefined || from === to) continue;
    const arrow = arrows.get(`${from}>${to}`) ?? { from, to, n: 0 };
    arrow.n++;
    arrows.set(`${from}>${to}`, arrow);
  }
  for (const { from, to, n } of arrows.values()) {
    lines.push(`  node_${from + 1} -->|${plural(n, 'dependency', 'dependencies')}| node_${to + 1}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Group ids (g1) mean nothing to a reader: a group is named by its size and a member. */
function groupNames(plan: Plan): Map<string, { readonly name: string; readonly size: number }> {
  return new Map(plan.groups.map((g) => [g.id, { name: groupWords(g.members), size: g.members.length }]));
}
