// `/migrate approvers add|remove|list @user … | @usergroup`: who may approve cutovers. A user
// group's members are read from Slack at click time, so changes to the group count at once.

import { peopleArgs, runPeople } from '../src/services/people.ts';
import { scoped } from '../src/services/scope.ts';
import { defineCommand } from '../src/slack/command.ts';

export const approversCommand = defineCommand({
  name: 'approvers',
  usage: 'approvers [add|remove|list] @person|@group …',
  summary: 'who may approve cutovers (user groups count by their members at the time of the click)',
  args: scoped(peopleArgs(true)),
  run: (deps, actor, input) => runPeople(deps, actor, 'approver', input),
});
