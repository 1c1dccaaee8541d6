// `/migrate digest [at HH:MM [timezone] [weekdays|daily] | off | on]`: post the standup digest now,
// or set its schedule. A digest posted by hand does not use up the day's scheduled one.

import { z } from 'zod';
import type { Actor, Deps } from '../src/deps.ts';
import {
  type DigestDays,
  formatClockTime,
  parseClockTime,
  parseDigestDays,
  parseTimeZone,
} from '../src/domain/schedule-time.ts';
import { commit, outboxContext } from '../src/services/commit.ts';
import { digestEffects } from '../src/services/digest.ts';
import { requireChangeable, requireReader, resolveMigration, scoped } from '../src/services/scope.ts';
import { defineCommand } from '../src/slack/command.ts';
import { type Effect, reply } from '../src/slack/effect.ts';
import { escapeInline } from '../src/slack/escape.ts';
import { mentionUser } from '../src/slack/format.ts';
import { appendAudit } from '../src/store/audit.ts';
import { type MigrationRow, updateMigration } from '../src/store/migrations.ts';

type DigestArgs =
  | { op: 'now' }
  | { op: 'off' | 'on' }
  | { op: 'chart'; weekly: boolean }
  | { op: 'at'; time: string; timeZone: string | null; days: DigestDays | null };

const zArgs = z.array(z.string()).transform((words, ctx): DigestArgs => {
  const [op, ...rest] = words.map((w) => w.trim());
  const fail = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  if (op === undefined) return { op: 'now' };
  if ((op === 'off' || op === 'on') && rest.length === 0) return { op };
  if (op === 'chart' && rest.length === 1 && (rest[0] === 'on' || rest[0] === 'off')) {
    return { op: 'chart', weekly: rest[0] === 'on' };
  }
  if (op !== 'at') {
    return fail('takes nothing, `at HH:MM [timezone] [weekdays|daily]`, `off`, `on`, or `chart on|off`');
  }
  const [time = '', ...more] = rest;
  const clock = parseClockTime(time);
  if (!clock.ok) return fail(clock.reason);
  let timeZone: string | null = null;
  let days: DigestDays | null = null;
  for (const word of more) {
    const d = parseDigestDays(word);
    if (d.ok) {
      days = d.value;
      continue;
    }
    const tz = parseTimeZone(word);
    if (!tz.ok) return fail(tz.reason);
    timeZone = tz.value;
  }
  return { op: 'at', time: formatClockTime(clock.value), timeZone, days };
});

function schedule(m: MigrationRow): string {
  if (!m.digestEnabled) return 'paused';
  const chart = m.weeklyChart ? ', with the burn-up chart on Mondays' : ', without the weekly chart';
  return `${m.digestDays} at ${m.digestTime} (${m.digestTz})${chart}`;
}

export const digestCommand = defineCommand({
  name: 'digest',
  usage: 'digest [at HH:MM [timezone] [weekdays|daily] | off | on | chart on|off]',
  summary: 'post the standup digest now, or set when it posts each day',
  args: scoped(zArgs),
  async run(deps: Deps, actor: Actor, input: { migration: string | null; args: DigestArgs }): Promise<Effect[]> {
    const migration = resolveMigration(deps, actor, input.migration);
    const { args } = input;
    if (args.op === 'now') {
      await requireReader(deps, migration, actor);
      return digestEffects(deps, migration, deps.now(), { fallbackDmTo: actor.userId });
    }
    requireChangeable(deps, migration, actor, 'change its digest');
    const next =
      args.op === 'at'
        ? {
            digestTime: args.time,
            digestTz: args.timeZone ?? migration.digestTz,
            digestDays: args.days ?? migration.digestDays,
            digestEnabled: true,
          }
        : args.op === 'chart'
          ? { weeklyChart: args.weekly }
          : { digestEnabled: args.op === 'on' };
    const after = { ...migration, ...next };
    if (schedule(after) === schedule(migration)) {
      return [reply({ text: `The digest of *${escapeInline(migration.name)}* already posts ${schedule(migration)}.` })];
    }
    const now = deps.now();
    // The schedule and its announcement commit together.
    return commit(deps, outboxContext(migration), (tx) => {
      updateMigration(tx, migration, next);
      appendAudit(tx, {
        workspaceId: actor.workspaceId,
        migrationId: migration.id,
        actor: actor.userId,
        action: 'digest.schedule',
        fromValue: schedule(migration),
        toValue: schedule(after),
        createdAt: now,
      });
      return [
        {
          type: 'post',
          channel: migration.channelId,
          message: {
            text: `${mentionUser(actor.userId)} set the standup digest of *${escapeInline(migration.name)}* to ${schedule(after)}.`,
          },
          fallbackDmTo: actor.userId,
        },
      ];
    });
  },
});
