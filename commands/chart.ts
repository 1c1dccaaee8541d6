// `/migrate chart`: the burn-up chart as a PNG in the channel, for stakeholders.
import { z } from 'zod';
import { chartEffect } from '../src/services/digest.ts';
import { digestInput } from '../src/services/digest-input.ts';
import { requireReader, resolveMigration, scoped } from '../src/services/scope.ts';
import { defineCommand } from '../src/slack/command.ts';
import type { Effect } from '../src/slack/effect.ts';

export const chartCommand = defineCommand({
  name: 'chart',
  usage: 'chart',
  summary: 'upload a burn-up chart: services moved over time against the plan',
  args: scoped(z.array(z.string()).max(0, { error: 'takes no arguments besides --migration' })),
  async run(deps, actor, input: { migration: string | null }): Promise<Effect[]> {
    const migration = resolveMigration(deps, actor, input.migration);
    await requireReader(deps, migration, actor);
    const now = deps.now();
    return [chartEffect(migration, await digestInput(deps, migration, now), now)];
  },
});
