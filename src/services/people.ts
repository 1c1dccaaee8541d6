// Shared by `/migrate leads` and `/migrate approvers`: add, remove or list people by mention.

import { z } from 'zod';
import type { Actor, Deps } from '../deps.ts';
import { MAX_PEOPLE_PER_COMMAND } from '../domain/limits.ts';
import type { Effect } from '../slack/effect.ts';
import { reply } from '../slack/effect.ts';
import { escapeInline } from '../slack/escape.ts';
import { mentionUser } from '../slack/format.ts';
import { type Mention, mention, parseMention } from '../slack/mentions.ts';
import { appendAudit } from '../store/audit.ts';
import type { PersonRole } from '../store/migrations.ts';
import { addPerson, people, removePerson } from '../store/migrations.ts';
import { commit, outboxContext } from './commit.ts';
import { requireChangeable, requireReader, resolveMigration, type Scoped } from './scope.ts';

export type PeopleArgs = { op: 'list' } | { op: 'add' | 'remove'; who: Mention[] };

export function peopleArgs(allowGroups: boolean) {
  return z.array(z.string()).transform((words, ctx): PeopleArgs => {
    const [op = 'list', ...rest] = words;
    if (op === 'list' && rest.length === 0) return { op: 'list' };
    if (op !== 'add' && op !== 'remove') {
      ctx.addIssue({ code: 'custom', message: 'takes `add`, `remove` or `list`' });
      return z.NEVER;
    }
    if (rest.length > MAX_PEOPLE_PER_COMMAND) {
      ctx.addIssue({
        code: 'custom',
        message: `takes at most ${MAX_PEOPLE_PER_COMMAND} people or groups at once (this names ${rest.length})`,
      });
      return z.NEVER;
    }
    const who = rest.map(parseMention);
    const bad = rest.filter((_, i) => {
      const m = who[i];
      return !m || (m.kind === 'usergroup' && !allowGroups);
    });
    if (rest.length === 0 || bad.length > 0) {
      const what = allowGroups ? '@people or @user-groups' : '@people';
      ctx.addIssue({
        code: 'custom',
        message: `\`${op}\` needs ${what} picked from Slack's autocomplete${bad.length ? ` (not: ${bad.map((b) => escapeInline(b)).join(', ')})` : ''}`,
      });
      return z.NEVER;
    }
    return { op, who: who.filter((m): m is Mention => m !== null) };
  });
}

const LABEL: Record<PersonRole, string> = { lead: 'leads', approver: 'approvers' };
const ONE: Record<PersonRole, string> = { lead: 'a lead', approver: 'an approver' };

export async function runPeople(
  deps: Deps,
  actor: Actor,
  role: PersonRole,
  input: Scoped<PeopleArgs>,
): Promise<Effect[]> {
  const { db } = deps.store;
  const migration = resolveMigration(deps, actor, input.migration);
  const label = LABEL[role];
  const args = input.args;
  if (args.op === 'list') {
    await requireReader(deps, migration, actor);
    const rows = people(db, migration, role);
    const names = rows.map((r) => mention({ kind: r.kind, id: r.slackId }));
    const lead = role === 'lead' ? `${mentionUser(migration.createdBy)} (creator)` : null;
    const all = [lead, ...names].filter(Boolean);
    const text = all.length
      ? `The ${label} of *${escapeInline(migration.name)}*: ${all.join(', ')}.`
      : `*${escapeInline(migration.name)}* has no ${label} yet. A lead adds them with \`/migrate ${label} add @person\`.`;
    return [reply({ text })];
  }
  requireChangeable(deps, migration, actor, `change its ${label}`);
  const now = deps.now();
  // The change and its announcement commit together (the transaction below nests in this one).
  return commit(deps, outboxContext(migration), () => {
    const changed = db.transaction((tx) => {
      const done: Mention[] = [];
      for (const who of args.who) {
        const ok =
          args.op === 'add'
            ? addPerson(tx, migration, { role, kind: who.kind, slackId: who.id, addedBy: actor.userId })
            : removePerson(tx, migration, role, who.id);
        if (!ok) continue;
        done.push(who);
        appendAudit(tx, {
          workspaceId: actor.workspaceId,
          migrationId: migration.id,
          actor: actor.userId,
          action: `${role}.${args.op}`,
          toValue: who.id,
          createdAt: now,
        });
      }
      return done;
    });
    const verb = args.op === 'add' ? 'added' : 'removed';
    if (changed.length === 0) {
      return [
        reply({ text: `Nothing changed: ${args.op === 'add' ? 'they are already' : 'they were not'} ${label}.` }),
      ];
    }
    return [
      {
        type: 'post',
        channel: migration.channelId,
        message: {
          text: `${mentionUser(actor.userId)} ${verb} ${changed.map(mention).join(', ')} ${args.op === 'add' ? `as ${changed.length === 1 ? ONE[role] : label}` : `from the ${label}`} of *${escapeInline(migration.name)}*.`,
        },
        fallbackDmTo: actor.userId,
      },
    ];
  });
}
