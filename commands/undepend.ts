// `/migrate undepend <a> on <b>`: drops a dependency by hand; one transaction with its audit row and
// the re-plan, so the plan never lags the graph.

import { commit, outboxContext } from '../src/services/commit.ts';
import { type EdgeArgs, edgeArgs, edgeEnds, plannedOutcome, post, svc } from '../src/services/graph-edit.ts';
import { scoped } from '../src/services/scope.ts';
import { defineCommand } from '../src/slack/command.ts';
import { type Effect, reply } from '../src/slack/effect.ts';
import { escapeInline } from '../src/slack/escape.ts';
import { mentionUser } from '../src/slack/format.ts';
import { planSummary } from '../src/slack/views/import-report.ts';
import { appendAudit } from '../src/store/audit.ts';
import { edgesOf } from '../src/store/graph.ts';
import { removeDependencies } from '../src/store/graph-edits.ts';
import { updateMigration } from '../src/store/migrations.ts';

export const undependCommand = defineCommand({
  name: 'undepend',
  usage: 'undepend <a> on <b>',
  summary: 'remove every dependency of a on b (any kind or origin); re-plans',
  args: scoped(edgeArgs('undepend', false)),
  run(deps, actor, input: { migration: string | null; args: EdgeArgs }): Effect[] {
    const { migration, from, to } = edgeEnds(deps, actor, input);
    const { db } = deps.store;
    const now = deps.now();
    // The removal and its announcement commit together (the transaction below nests in this one).
    return commit(deps, outboxContext(migration), () => {
      const outcome = db.transaction((tx) => {
        const removed = removeDependencies(tx, migration, from.id, to.id);
        if (removed.length === 0) {
          const reverse = edgesOf(tx, migration).some((e) => e.fromId === to.id && e.toId === from.id);
          return { removed, reverse, plan: null };
        }
        updateMigration(tx, migration, { graphChangedAt: now });
        appendAudit(tx, {
          workspaceId: migration.workspaceId,
          migrationId: migration.id,
          serviceId: from.id,
          serviceName: from.name,
          actor: actor.userId,
          action: 'dependency.remove',
          fromValue: to.name,
          detail: { provider: to.name, removed },
          createdAt: now,
        });
        return { removed, reverse: false, plan: plannedOutcome(tx, migration, actor.userId, now) };
      });
      if (outcome.plan === null) {
        const reverse = outcome.reverse
          ? ` (${svc(to.name)} depends on ${svc(from.name)}, though: \`/migrate undepend ${escapeInline(to.name)} on ${escapeInline(from.name)}\`)`
          : '';
        return [
          reply({ text: `${svc(from.name)} does not depend on ${svc(to.name)} directly${reverse}; nothing changed.` }),
        ];
      }
      const what = outcome.removed.map((r) => `${r.kind}, ${r.origin}`).join('; ');
      const lines = [
        `${mentionUser(actor.userId)} removed the dependency of ${svc(from.name)} on ${svc(to.name)} (${what}) in *${escapeInline(migration.name)}*.`,
      ];
      if (outcome.removed.some((r) => r.origin !== 'manual')) {
        lines.push('It came from an import: importing a file or traces that list it again brings it back.');
      }
      lines.push(planSummary(outcome.plan, '(`/migrate plan` shows the whole plan)'));
      return [post(migration, actor, lines)];
    });
  },
});
