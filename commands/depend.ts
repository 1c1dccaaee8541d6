// `/migrate depend <a> on <b> [kind]`: a dependency found late, added by hand mid-migration. Warns
// when it contradicts what already moved. One transaction with its audit row and the re-plan.

import { contradictions } from '../src/domain/contradictions.ts';
import { hasPath, indexGraph } from '../src/domain/graph.ts';
import { BadArgumentsError } from '../src/errors.ts';
import { commit, outboxContext } from '../src/services/commit.ts';
import {
  type EdgeArgs,
  edgeArgs,
  edgeEnds,
  movedHistory,
  plannedOutcome,
  post,
  svc,
} from '../src/services/graph-edit.ts';
import { scoped } from '../src/services/scope.ts';
import { defineCommand } from '../src/slack/command.ts';
import { type Effect, reply } from '../src/slack/effect.ts';
import { escapeInline } from '../src/slack/escape.ts';
import { mentionUser } from '../src/slack/format.ts';
import { planSummary } from '../src/slack/views/import-report.ts';
import { appendAudit } from '../src/store/audit.ts';
import { edgesOf, loadGraph } from '../src/store/graph.ts';
import { addManualDependency } from '../src/store/graph-edits.ts';
import { updateMigration } from '../src/store/migrations.ts';

export const dependCommand = defineCommand({
  name: 'depend',
  usage: 'depend <a> on <b> [sync|async|shared-db|shared-cache|endpoint]',
  summary: 'record that a depends on b (found mid-migration); re-plans and warns if it contradicts what moved',
  args: scoped(edgeArgs('depend', true)),
  run(deps, actor, input: { migration: string | null; args: EdgeArgs }): Effect[] {
    const { migration, from, to } = edgeEnds(deps, actor, input);
    const { db } = deps.store;
    const { kind } = input.args;
    if (from.id === to.id) throw new BadArgumentsError({ kind: 'self-dependency', service: from.name });
    const now = deps.now();
    // The edge and its announcement commit together (the transaction below nests in this one).
    return commit(deps, outboxContext(migration), () => {
      const outcome = db.transaction((tx) => {
        const same = edgesOf(tx, migration).find((e) => e.fromId === from.id && e.toId === to.id && e.kind === kind);
        if (same) return { added: false as const, origin: same.format ?? same.origin };
        const before = loadGraph(tx, migration);
        const closesCycle = hasPath(indexGraph(before.graph), to.name, from.name);
        addManualDependency(tx, migration, {
          fromId: from.id,
          toId: to.id,
          kind,
          hidden: false,
          userId: actor.userId,
          now,
        });
        updateMigration(tx, migration, { graphChangedAt: now });
        appendAudit(tx, {
          workspaceId: migration.workspaceId,
          migrationId: migration.id,
          serviceId: from.id,
          serviceName: from.name,
          actor: actor.userId,
          action: 'dependency.add',
          toValue: to.name,
          detail: { kind, provider: to.name },
          createdAt: now,
        });
        const after = loadGraph(tx, migration);
        const { history, batchOf } = movedHistory(tx, migration, after.services);
        const found = contradictions(after.graph, history, {
          direction: migration.direction,
          added: { from: from.name, to: to.name, kind },
        });
        const warnings = found.map((c) => {
          if (c.kind !== 'moved-together') return `:warning: Warning: ${escapeInline(c.message)}`;
          const batch = batchOf.get(c.consumer);
          const where = batch !== undefined && batchOf.get(c.provider) === batch ? ` in batch ${batch}` : '';
          const through = c.consumer === from.name && c.provider === to.name ? '' : ' (through the new dependency)';
          return `:warning: Warning: ${svc(c.consumer)} and ${svc(c.provider)} were cut over together${where}, but ${svc(c.consumer)} depends on ${svc(c.provider)}${through}.`;
        });
        return { added: true as const, closesCycle, warnings, plan: plannedOutcome(tx, migration, actor.userId, now) };
      });
      if (!outcome.added) {
        return [
          reply({
            text: `${svc(from.name)} already depends on ${svc(to.name)} (${kind}, known from ${escapeInline(outcome.origin)}); nothing changed.`,
          }),
        ];
      }
      const lines = [
        `${mentionUser(actor.userId)} recorded that ${svc(from.name)} depends on ${svc(to.name)} (${kind}) in *${escapeInline(migration.name)}*.`,
      ];
      if (outcome.closesCycle) {
        lines.push(
          `${svc(to.name)} already depended on ${svc(from.name)}, so this closes a cycle: they now move together as one group.`,
        );
      }
      lines.push(...outcome.warnings.slice(0, 10));
      if (outcome.warnings.length > 10) lines.push(`…and ${outcome.warnings.length - 10} more contradictions.`);
      lines.push(planSummary(outcome.plan, '(`/migrate plan` shows the whole plan)'));
      return [post(migration, actor, lines)];
    });
  },
});
