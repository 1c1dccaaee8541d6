import type { Actor, Deps } from '../src/deps.ts';
import { MAX_COMMAND_TEXT } from '../src/domain/limits.ts';
import { closest, grouped, splitWords } from '../src/domain/words.ts';
import { NotFoundError } from '../src/errors.ts';
import type { Confirmation } from '../src/services/confirmations.ts';
import type { Command } from '../src/slack/command.ts';
import type { Effect } from '../src/slack/effect.ts';
import { reply } from '../src/slack/effect.ts';
import { escapeInline } from '../src/slack/escape.ts';
import { describeZodError } from '../src/slack/user-message.ts';
import { migrationById } from '../src/store/migrations.ts';
import { approversCommand } from './approvers.ts';
import { archiveCommand, archiveConfirmation } from './archive.ts';
import { assessCommand, switchStrategyConfirmation } from './assess.ts';
import { chartCommand } from './chart.ts';
import { cutoverCommand, cutoverConfirmation } from './cutover.ts';
import { dependCommand } from './depend.ts';
import { digestCommand } from './digest.ts';
import { doneCommand, doneConfirmation } from './done.ts';
import { driftCommand } from './drift.ts';
import { exportCommand } from './export.ts';
import { healthCommand } from './health.ts';
import { helpCommand, helpMessage } from './help.ts';
import { importCommand } from './import.ts';
import { leadsCommand } from './leads.ts';
import { listCommand } from './list.ts';
import { logCommand } from './log.ts';
import { newCommand } from './new.ts';
import { planCommand, showPlan } from './plan.ts';
import { rehearsalCommand } from './rehearsal.ts';
import { removeCommand, removeServiceConfirmation } from './remove.ts';
import { rollbackCommand, rollbackConfirmation } from './rollback.ts';
import { runbookCommand } from './runbook.ts';
import { serviceCommand } from './service.ts';
import { setCommand } from './set.ts';
import { startCommand, startConfirmation } from './start.ts';
import { statusCommand } from './status.ts';
import { switchedCommand } from './switched.ts';
import { undependCommand } from './undepend.ts';
import { withdrawCommand } from './withdraw.ts';

// In the order a migration uses them, so /migrate help reads as the way through.
const registered: Command[] = [
  assessCommand,
  newCommand,
  importCommand,
  planCommand,
  startCommand,
  cutoverCommand,
  withdrawCommand,
  switchedCommand,
  doneCommand,
  rollbackCommand,
  runbookCommand,
  rehearsalCommand,
  approversCommand,
  healthCommand,
  statusCommand,
  serviceCommand,
  logCommand,
  digestCommand,
  chartCommand,
  exportCommand,
  dependCommand,
  undependCommand,
  removeCommand,
  driftCommand,
  setCommand,
  leadsCommand,
  listCommand,
  archiveCommand,
];

export const COMMANDS: readonly Command[] = [...registered, helpCommand(() => COMMANDS)];

const byName = new Map(COMMANDS.map((c) => [c.name, c]));

const commandTooLong = (length: number) =>
  `That command is ${grouped(length)} characters long; \`/migrate\` takes at most ${grouped(MAX_COMMAND_TEXT)}. Nothing was done.`;

export async function dispatch(deps: Deps, actor: Actor, text: string): Promise<Effect[]> {
  if (text.length > MAX_COMMAND_TEXT) return [reply({ text: commandTooLong(text.length) })];
  const [first, ...rest] = splitWords(text.trim());
  const name = (first ?? 'help').toLowerCase();
  const command = byName.get(name);
  if (!command) {
    const suggestion = closest(name, [...byName.keys()]);
    const intro = `There is no \`/migrate ${escapeInline(name)}\`.${suggestion ? ` Did you mean \`/migrate ${suggestion}\`?` : ''}`;
    return [reply(helpMessage(COMMANDS, intro))];
  }
  const parsed = command.args.safeParse(rest);
  if (!parsed.success) {
    return [
      reply({
        text: `\`/migrate ${command.name}\` ${describeZodError(parsed.error)}\nUsage: \`/migrate ${command.usage}\``,
      }),
    ];
  }
  return command.run(deps, actor, parsed.data);
}

/** A Home tab button: one migration's status or plan, read as the person who clicked it. */
export async function openFromHome(
  deps: Deps,
  actor: Actor,
  subcommand: 'status' | 'plan',
  migrationId: number,
): Promise<Effect[]> {
  const migration = migrationById(deps.store.db, actor.workspaceId, migrationId);
  if (!migration) throw new NotFoundError({ kind: 'migration-gone', nothingDone: false });
  return subcommand === 'plan'
    ? showPlan(deps, actor, migration)
    : dispatch(deps, actor, `status --migration "${migration.name}"`);
}

/** Every kind of confirmation a Confirm click can run, by kind. */
export const CONFIRMATIONS: ReadonlyMap<string, Confirmation<unknown>> = new Map(
  [
    archiveConfirmation,
    removeServiceConfirmation,
    startConfirmation,
    cutoverConfirmation,
    doneConfirmation,
    rollbackConfirmation,
    switchStrategyConfirmation,
  ].map((c) => [c.kind, c]),
);
