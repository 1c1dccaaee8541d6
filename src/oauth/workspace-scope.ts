// The workspace a piece of work belongs to, carried with it through awaits (AsyncLocalStorage).
// The SlackPort's reads (src/deps.ts) name no workspace: a request's middleware and the tick open
// this scope, so in OAuth mode a read goes out with that workspace's token without every service
// having to pass the workspace down to each call.
import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<string>();

export function inWorkspace<T>(workspaceId: string, work: () => T): T {
  return scope.run(workspaceId, work);
}

export function currentWorkspace(): string | undefined {
  return scope.getStore();
}
