// `/migrate leads add|remove|list @user …`: who besides the creator may change the migration.
import { peopleArgs, runPeople } from '../src/services/people.ts';
import { scoped } from '../src/services/scope.ts';
import { defineCommand } from '../src/slack/command.ts';

export const leadsCommand = defineCommand({
  name: 'leads',
  usage: 'leads [add|remove|list] @person …',
  summary: 'who may import, plan, change settings and archive (the creator always may)',
  args: scoped(peopleArgs(false)),
  run: (deps, actor, input) => runPeople(deps, actor, 'lead', input),
});
