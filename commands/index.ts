// The command registry: every `/migrate <sub>` module, and the dispatcher that turns text into a run.
import type { ZodError } from 'zod';
import { escapeInline } from '../src/slack/escape.ts';
import { approversCommand } from './approvers.ts';
import { archiveCommand } from './archive.ts';
import { assessCommand } from './assess.ts';
import { chartCommand } from './chart.ts';
import { cutoverCommand } from './cutover.ts';
import { digestCommand } from './digest.ts';
import { doneCommand } from './done.ts';
import { driftCommand } from './drift.ts';
import { exportCommand } from './export.ts';
import { dependCommand, removeCommand, undependCommand } from './graph-edit.ts';
import { helpCommand, helpMessage } from './help.ts';
import { importCommand } from './import.ts';
import { leadsCommand } from './leads.ts';
import { listCommand } from './list.ts';
import { logCommand } from './log.ts';
import { newCommand } from './new.ts';
import { planCommand } from './plan.ts';
import { rehearsalCommand } from './rehearsal.ts';
import { rollbackCommand } from './rollback.ts';
import { runbookCommand } from './runbook.ts';
import { serviceCommand } from './service.ts';
import { setCommand } from './set.ts';
import { startCommand } from './start.ts';
import { statusCommand } from './status.ts';
import { switchedCommand } from './switched.ts';
import type { Actor, Command, Deps, Effect } from './types.ts';
import { reply } from './types.ts';
import { withdrawCommand } from './withdraw.ts';
import { closest, splitWords } from './words.ts';

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

/** `path: message` lines, as a user reads a validation failure. */
export function describeZodError(err: ZodError): string {
  return err.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('\n');
}

export async function dispatch(deps: Deps, actor: Actor, text: string): Promise<Effect[]> {
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
