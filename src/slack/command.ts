// The contract every `/migrate <sub>` module follows: parse with zod, check rights, call the services,
// and return what to show as effects. Commands never call Slack themselves; what they need to read
// from Slack comes through the narrow SlackPort in Deps.
import type { z } from 'zod';
import type { Actor, Deps } from '../deps.ts';
import type { Effect } from './effect.ts';

export interface Command<A = unknown> {
  readonly name: string;
  /** One line for the help message: `args` shape and purpose. */
  readonly usage: string;
  readonly summary: string;
  /** Turns the words after the subcommand into typed arguments; a ZodError becomes a usage message. */
  readonly args: z.ZodType<A, string[]>;
  run(deps: Deps, actor: Actor, args: A): Promise<Effect[]> | Effect[];
}

/** Keeps each module's argument type while the registry holds them side by side. */
export function defineCommand<A>(command: Command<A>): Command<unknown> {
  return command as Command<unknown>;
}
