// `/migrate new <name> [from <platform>] [to <platform>]`: the channel's active migration.

import { z } from 'zod';
import { MAX_PLATFORM } from '../src/domain/limits.ts';
import { ConflictError } from '../src/errors.ts';
import { outboxContext } from '../src/services/commit.ts';
import { defineCommand } from '../src/slack/command.ts';
import type { Effect } from '../src/slack/effect.ts';
import { escapeInline } from '../src/slack/escape.ts';
import { mentionUser } from '../src/slack/format.ts';
import { latestAssessment, linkAssessment } from '../src/store/assessments.ts';
import { appendAudit } from '../src/store/audit.ts';
import { activeMigration, insertMigration, migrationByName } from '../src/store/migrations.ts';

const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,59}$/;

const zArgs = z.array(z.string()).transform((words, ctx) => {
  const parts: Record<'name' | 'from' | 'to', string[]> = { name: [], from: [], to: [] };
  let current: keyof typeof parts = 'name';
  for (const word of words) {
    const lower = word.toLowerCase();
    if ((lower === 'from' || lower === 'to') && parts.name.length > 0) current = lower;
    else parts[current].push(word);
  }
  const name = parts.name.join(' ').trim();
  if (!NAME.test(name)) {
    ctx.addIssue({
      code: 'custom',
      message: 'needs a name: letters, digits, spaces, dots, dashes or underscores, up to 60 characters',
    });
    return z.NEVER;
  }
  const platform = (p: string[]) => (p.length ? p.join(' ') : null);
  const from = platform(parts.from);
  const to = platform(parts.to);
  if ((from?.length ?? 0) > MAX_PLATFORM || (to?.length ?? 0) > MAX_PLATFORM) {
    ctx.addIssue({ code: 'custom', message: `names a platform in at most ${MAX_PLATFORM} characters` });
    return z.NEVER;
  }
  return { name, from, to };
});

export const newCommand = defineCommand({
  name: 'new',
  usage: 'new <name> [from <platform>] [to <platform>]  (quote a name with spaces)',
  summary: 'start this channel’s migration; its strategy comes from the latest `/migrate assess`',
  args: zArgs,
  async run(deps, actor, args: z.infer<typeof zArgs>): Promise<Effect[]> {
    const { db } = deps.store;
    const tz = (await deps.slack.userTimeZone(actor.userId).catch(() => null)) ?? deps.defaultTz;
    const channelPrivate = await deps.slack.channelIsPrivate(actor.channelId);
    const now = deps.now();
    return db.transaction((tx) => {
      const active = activeMigration(tx, actor.workspaceId, actor.channelId);
      if (active) throw new ConflictError({ kind: 'channel-has-migration', active: active.name });
      if (migrationByName(tx, actor.workspaceId, args.name)) {
        throw new ConflictError({ kind: 'name-taken', name: args.name });
      }
      const assessment = latestAssessment(tx, actor.workspaceId, actor.channelId);
      const created = insertMigration(tx, {
        workspaceId: actor.workspaceId,
        channelId: actor.channelId,
        channelPrivate,
        name: args.name,
        fromPlatform: args.from,
        toPlatform: args.to,
        strategy: assessment?.outcome ?? 'sequential',
        createdBy: actor.userId,
        digestTz: tz,
        createdAt: now,
      });
      if (assessment) linkAssessment(tx, actor.workspaceId, assessment.id, created.id);
      appendAudit(tx, {
        workspaceId: actor.workspaceId,
        migrationId: created.id,
        actor: actor.userId,
        action: 'migration.create',
        toValue: created.strategy,
        detail: { assessmentId: assessment?.id ?? null, from: args.from, to: args.to },
        createdAt: now,
      });
      const route = [created.fromPlatform, created.toPlatform].every(Boolean)
        ? ` (${escapeInline(created.fromPlatform ?? '')} → ${escapeInline(created.toPlatform ?? '')})`
        : '';
      const why = assessment
        ? `Strategy *${created.strategy}*, from the checklist result of ${assessment.total}/30.`
        : 'Strategy *sequential* for now: no checklist was run here. `/migrate assess` or `/migrate plan <strategy>` changes it.';
      const text = `${mentionUser(actor.userId)} started the migration *${escapeInline(created.name)}*${route}. ${why}\nNext: \`/migrate import\` loads the service graph, then \`/migrate plan\`.`;
      // Created and announced in one transaction.
      return deps.outbox.enqueue(tx, outboxContext(created), [
        { type: 'post', channel: actor.channelId, message: { text }, fallbackDmTo: actor.userId },
      ]);
    });
  },
});
