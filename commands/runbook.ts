// `/migrate runbook <service> [list | add "<step>" [--phase <phase>] | skip <step-key> <reason…>]`:
// the service's runbook as checkboxes to tick. The runbook is written to the store the first time
// it is needed; every tick, untick, addition and skip is audited.
import { z } from 'zod';
import { MAX_REASON, reasonTooLong } from '../src/domain/limits.ts';
import {
  DEFAULT_IMPORT_PHASE,
  MAX_STEP_TEXT,
  parsePhase,
  RUNBOOK_PHASES,
  type RunbookPhase,
} from '../src/domain/runbook.ts';
import { addStep, materialise, skipStep, toView } from '../src/services/runbooks.ts';
import { requireActive, requireReader, resolveMigration, scoped } from '../src/services/scope.ts';
import { findService, requireServiceRights } from '../src/services/targets.ts';
import { defineCommand } from '../src/slack/command.ts';
import { reply } from '../src/slack/effect.ts';
import { runbookList, runbookMessage } from '../src/slack/views/runbook-message.ts';
import { runbookSteps } from '../src/store/runbooks.ts';

type RunbookArgs =
  | { op: 'show' | 'list'; service: string }
  | { op: 'add'; service: string; text: string; phase: RunbookPhase }
  | { op: 'skip'; service: string; key: string; reason: string };

const zArgs = z.array(z.string()).transform((words, ctx): RunbookArgs => {
  const [service, op = 'show', ...rest] = words;
  const fail = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  if (!service) return fail('needs a service');
  if (op === 'show' || op === 'list') return { op, service };
  if (op === 'add') {
    const at = rest.indexOf('--phase');
    let phase: RunbookPhase | null = DEFAULT_IMPORT_PHASE;
    let words = rest;
    if (at >= 0) {
      phase = parsePhase(rest[at + 1] ?? '');
      if (!phase) return fail(`\`--phase\` takes one of ${RUNBOOK_PHASES.join(', ')}`);
      words = [...rest.slice(0, at), ...rest.slice(at + 2)];
    }
    const text = words.join(' ').trim().replace(/\s+/g, ' ');
    if (!text) return fail('`add` needs the step in quotes, e.g. `add "Warm the new cache"`');
    if (text.length > MAX_STEP_TEXT) return fail(`a step is at most ${MAX_STEP_TEXT} characters`);
    return { op, service, text, phase };
  }
  if (op === 'skip') {
    const [key, ...reason] = rest;
    if (!key || reason.length === 0)
      return fail('`skip` needs the step key and a reason, e.g. `skip validate-data no data`');
    const why = reason.join(' ');
    if (why.length > MAX_REASON) return fail(reasonTooLong(why.length));
    return { op, service, key, reason: why };
  }
  return fail('takes `list`, `add "<step>"` or `skip <step-key> <reason>` after the service');
});

export const runbookCommand = defineCommand({
  name: 'runbook',
  usage: 'runbook <service> [list | add "<step>" [--phase <phase>] | skip <step-key> <reason>]',
  summary: "a service's runbook as checkboxes; add or skip steps (every change is audited)",
  args: scoped(zArgs),
  async run(deps, actor, { migration: name, args }: { migration: string | null; args: RunbookArgs }) {
    const migration = resolveMigration(deps, actor, name);
    await requireReader(deps, migration, actor);
    const service = findService(deps.store.db, migration, args.service);
    if (args.op === 'show' || args.op === 'list') {
      const steps =
        migration.status === 'active' ? materialise(deps, migration, service) : runbookSteps(deps.store.db, service.id);
      const view = toView(service, steps, deps.now());
      return args.op === 'show' ? [reply(runbookMessage(view))] : runbookList(view).slice(0, 4).map(reply);
    }
    requireActive(migration);
    requireServiceRights(deps, migration, actor.userId, [service], `change the runbook of ${service.name}`);
    switch (args.op) {
      case 'add':
        return addStep(deps, actor, migration, service, args.text, args.phase);
      case 'skip':
        return skipStep(deps, actor, migration, service, args.key, args.reason);
    }
  },
});
