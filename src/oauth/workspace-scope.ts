// The workspace a piece of work belongs to, carried with it through awaits (AsyncLocalStorage).
// The SlackPort's reads (src/deps.ts) name no workspace: a request's middleware and the tick open
// this scope, so in OAuth mode a read goes out with that workspace's token without every service
// having to pass the workspace down to each call. A request also carries its team: an Enterprise
// Grid org-wide token serves many teams, and a few methods (usergroups.users.list) must name one.
import { AsyncLocalStorage } from 'node:async_hooks';

interface Scope {
  readonly workspaceId: string;
  readonly teamId: string | undefined;
}

const scope = new AsyncLocalStorage<Scope>();

/** Runs `work` for `workspaceId` (an enterprise for an org-wide install) and, when known, the team it came from. */
export function inWorkspace<T>(workspaceId: string, work: () => T, teamId?: string): T {
  return scope.run({ workspaceId, teamId }, work);
}

export function currentWorkspace(): string | undefined {
  return scope.getStore()?.workspaceId;
}

/** The team the current request came from; undefined outside a request (the tick). */
export function currentTeam(): string | undefined {
  return scope.getStore()?.teamId;
}
