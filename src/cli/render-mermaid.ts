// A plan as a Mermaid flowchart: one subgraph per step or batch, in plan order, and an arrow from each
// service to what it depends on (consumer --> provider). Paste it into any Mermaid renderer.
import type { PlanEntry } from '../domain/planner.ts';
import type { PlanReport } from './render-plan.ts';

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

function slotLabel(e: PlanEntry, hybrid: boolean): string {
  const slot = e.step !== null ? `Step ${e.step}` : `Batch ${e.batch}`;
  return hybrid ? `Phase ${e.phase} · ${slot}` : slot;
}

export function renderPlanMermaid(r: PlanReport): string {
  const { plan } = r;
  const ids = mermaidIds(plan.entries.map((e) => e.service));
  const id = (name: string) => ids.get(name) ?? `svc_unknown_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const lines = [
    'flowchart LR',
    `  %% ${r.file}: ${plan.strategy} plan, ${plan.direction}. An arrow points from a service to what it depends on.`,
  ];
  const slots = new Map<string, PlanEntry[]>();
  for (const e of plan.entries) {
    const key = e.step !== null ? `step_${e.step}` : `batch_${e.batch}`;
    const list = slots.get(key);
    if (list) list.push(e);
    else slots.set(key, [e]);
  }
  const grouped = new Map(plan.groups.map((g) => [g.id, g]));
  for (const [key, members] of slots) {
    lines.push(`  subgraph ${key}["${label(slotLabel(members[0] as PlanEntry, plan.strategy === 'hybrid'))}"]`);
    for (const e of members) {
      const group = e.groupId ? grouped.get(e.groupId) : undefined;
      lines.push(`    ${id(e.service)}["${label(group ? `${e.service} (${group.id})` : e.service)}"]`);
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
