// `/migrate service <name>`: anyone who may read the migration sees one service, its dependencies
// both ways, its blast radius over the whole graph and its place in the current plan.
import { z } from 'zod';
import { analyseGraph } from '../src/domain/graph-groups.ts';
import { isStarted } from '../src/domain/lifecycle.ts';
import { withDefaults } from '../src/domain/settings.ts';
import { ownerText } from '../src/services/owners.ts';
import { requireReader, resolveMigration, scoped } from '../src/services/scope.ts';
import { findService } from '../src/services/targets.ts';
import { defineCommand } from '../src/slack/command.ts';
import { type Effect, reply } from '../src/slack/effect.ts';
import { type ServiceLink, type ServicePlace, serviceMessage } from '../src/slack/views/service-message.ts';
import type { Db } from '../src/store/db.ts';
import { type EdgeRow, loadGraph, type ServiceRow } from '../src/store/graph.ts';
import { lastPlannedSlots } from '../src/store/graph-edits.ts';
import type { MigrationRow } from '../src/store/migrations.ts';
import { currentPlan } from '../src/store/plans.ts';

function links(edges: readonly EdgeRow[], other: (e: EdgeRow) => string): ServiceLink[] {
  const byName = new Map<string, EdgeRow[]>();
  for (const e of edges) {
    const name = other(e);
    const list = byName.get(name);
    if (list) list.push(e);
    else byName.set(name, [e]);
  }
  return [...byName.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, list]) => ({ name, edges: list }));
}

function placeOf(db: Db, migration: MigrationRow, service: ServiceRow): ServicePlace {
  const stored = currentPlan(db, migration);
  if (!stored) return { kind: 'none' };
  const entry = stored.entries.find((e) => e.serviceId === service.id);
  if (entry) {
    return {
      kind: 'planned',
      version: stored.plan.version,
      total: stored.entries.length,
      position: entry.position,
      step: entry.step,
      batch: entry.batch,
      track: entry.track,
      reason: entry.reason,
      group: entry.groupLabel,
    };
  }
  if (isStarted(service.state)) {
    const slot = lastPlannedSlots(db, migration, [service.id]).get(service.id);
    return {
      kind: 'left',
      version: slot?.version ?? stored.plan.version,
      step: slot?.step ?? null,
      batch: slot?.batch ?? null,
    };
  }
  return { kind: 'unplanned', version: stored.plan.version };
}

export const serviceCommand = defineCommand({
  name: 'service',
  usage: 'service <name>',
  summary: 'one service: owner and facts, dependencies both ways, blast radius, place in the plan',
  args: scoped(
    z
      .array(z.string())
      .length(1, { error: 'takes one service name, e.g. `service orders`' })
      .transform(([name]) => ({ name: name as string })),
  ),
  async run(deps, actor, input: { migration: string | null; args: { name: string } }): Promise<Effect[]> {
    const migration = resolveMigration(deps, actor, input.migration);
    await requireReader(deps, migration, actor);
    const { db } = deps.store;
    const service = findService(db, migration, input.args.name);
    const { edges, graph } = loadGraph(db, migration);
    const analysis = analyseGraph(graph);
    const id = analysis.graph.idOf.get(service.name) as number;
    const groupIndex = analysis.groupOfUnit[analysis.unitOf[id] as number] as number;
    const group = groupIndex >= 0 ? analysis.groups[groupIndex] : undefined;
    const settings = withDefaults(migration.settings);
    const message = serviceMessage({
      migrationName: migration.name,
      name: service.name,
      owner: ownerText(service),
      tier: service.tier,
      criticalTier: settings['critical-tier'],
      stateful: service.stateful,
      external: service.external,
      effortDays: service.effortDays,
      defaultEffortDays: settings['effort-days'],
      state: service.state,
      stateChangedAt: service.stateChangedAt,
      sources: service.sources,
      providers: links(
        edges.filter((e) => e.fromId === service.id),
        (e) => e.to,
      ),
      consumers: links(
        edges.filter((e) => e.toId === service.id),
        (e) => e.from,
      ),
      blastRadius: analysis.blastRadius[id] ?? 0,
      blastRadiusExact: analysis.blastRadiusExact,
      group: group ? { reason: group.reason, members: group.members } : null,
      place: placeOf(db, migration, service),
    });
    return [reply(message)];
  },
});
