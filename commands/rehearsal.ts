// `/migrate rehearsal <service> <minutes>`: records a rollback rehearsal and how long it took. With
// the migration's rehearsal gate on, a critical service's cutover cannot be approved without one.
import { z } from 'zod';
import { commit, outboxContext } from '../src/services/commit.ts';
import { announce, refreshApprovalMessages } from '../src/services/lifecycle.ts';
import { requireActive, resolveMigration, scoped } from '../src/services/scope.ts';
import { findService, requireServiceRights, serviceLabel } from '../src/services/targets.ts';
import { defineCommand } from '../src/slack/command.ts';
import type { Effect } from '../src/slack/effect.ts';
import { mentionUser } from '../src/slack/format.ts';
import { appendAudit } from '../src/store/audit.ts';
import { recordRehearsal } from '../src/store/lifecycle.ts';

const MAX_MINUTES = 10_000;

const zArgs = z.array(z.string()).transform((words, ctx) => {
  const [service, raw, ...rest] = words;
  const minutes = Number((raw ?? '').replace(/min(utes?)?$/i, ''));
  if (
    !service ||
    raw === undefined ||
    rest.length > 0 ||
    !Number.isInteger(minutes) ||
    minutes < 1 ||
    minutes > MAX_MINUTES
  ) {
    ctx.addIssue({
      code: 'custom',
      message: `needs a service and how many minutes the rollback rehearsal took (1 to ${MAX_MINUTES}), e.g. \`rehearsal billing 25\``,
    });
    return z.NEVER;
  }
  return { service, minutes };
});

export const rehearsalCommand = defineCommand({
  name: 'rehearsal',
  usage: 'rehearsal <service> <minutes>',
  summary: 'record a rollback rehearsal and how long it took (critical services need one before cutover)',
  args: scoped(zArgs),
  run(deps, actor, { migration: name, args }: { migration: string | null; args: z.infer<typeof zArgs> }): Effect[] {
    const migration = resolveMigration(deps, actor, name);
    requireActive(migration);
    const service = findService(deps.store.db, migration, args.service);
    requireServiceRights(deps, migration, actor.userId, [service], `record a rehearsal for ${service.name}`);
    const now = deps.now();
    return commit(deps, outboxContext(migration), (tx) => {
      recordRehearsal(tx, service.id, args.minutes);
      appendAudit(tx, {
        workspaceId: migration.workspaceId,
        migrationId: migration.id,
        serviceId: service.id,
        serviceName: service.name,
        actor: actor.userId,
        action: 'rehearsal.record',
        fromValue: service.rehearsalMinutes === null ? null : String(service.rehearsalMinutes),
        toValue: String(args.minutes),
        createdAt: now,
      });
      return [
        announce(migration, actor, [
          `${mentionUser(actor.userId)} recorded a rollback rehearsal for ${serviceLabel(service.name)}: it took *${args.minutes} min*.`,
        ]),
        ...refreshApprovalMessages(deps, migration, [service.id]),
      ];
    });
  },
});
