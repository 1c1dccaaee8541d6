// The contract every `/migrate <sub>` module follows: parse with zod, check rights, call the domain
// and the store, and return what to show. Commands never call Slack themselves; what they need to
// read from Slack comes through the narrow SlackPort.
import type { KnownBlock, View } from '@slack/types';
import type { z } from 'zod';
import type { Logger } from '../src/logger.ts';
import type { Store } from '../src/store/db.ts';

export interface Message {
  readonly text: string;
  readonly blocks?: KnownBlock[];
}

/** Who acts, where, in which workspace (the installation's team or enterprise). */
export interface Actor {
  readonly workspaceId: string;
  readonly userId: string;
  readonly channelId: string;
}

/** What the bot reads from Slack; faked in tests by the fake Web API, never by mocks of our modules. */
export interface SlackPort {
  userTimeZone(userId: string): Promise<string | null>;
  usergroupMembers(usergroupId: string): Promise<string[]>;
  isChannelMember(channelId: string, userId: string): Promise<boolean>;
  /** True for private channels, DMs, and whenever Slack cannot tell (the safe answer). */
  channelIsPrivate(channelId: string): Promise<boolean>;
  userIdByEmail(email: string): Promise<string | null>;
  downloadFile(url: string, maxBytes: number): Promise<string>;
  permalink(channelId: string, ts: string): Promise<string | null>;
}

export interface Deps {
  readonly store: Store;
  readonly logger: Logger;
  readonly slack: SlackPort;
  readonly now: () => Date;
  readonly defaultTz: string;
}

export interface PostedRef {
  readonly channel: string;
  readonly ts: string;
}

export type Effect =
  /** Private to the actor (ephemeral through the command's response_url, else a DM). */
  | { readonly type: 'reply'; readonly message: Message; readonly replaceOriginal?: boolean }
  | { readonly type: 'openModal'; readonly view: View }
  | {
      readonly type: 'post';
      readonly channel: string;
      readonly message: Message;
      /** Long lists go in thread replies under the posted message. */
      readonly thread?: readonly Message[];
      /** Posts as a reply in the thread of this message (e.g. a reminder under its request). */
      readonly threadTs?: string;
      /** When the bot cannot post in the channel, send the message to this user by DM instead. */
      readonly fallbackDmTo?: string;
      readonly onPosted?: (ref: PostedRef) => void;
      /** When the post fails for good (after any DM fallback): record it, and say what to do instead. */
      readonly onFailed?: (slackError: string) => Effect[];
    }
  | { readonly type: 'dm'; readonly user: string; readonly message: Message }
  | { readonly type: 'update'; readonly channel: string; readonly ts: string; readonly message: Message }
  | {
      readonly type: 'upload';
      readonly channel: string;
      readonly filename: string;
      readonly title: string;
      readonly content: Buffer | string;
      readonly threadTs?: string;
      readonly comment?: string;
    };

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

export const reply = (message: Message): Effect => ({ type: 'reply', message });

export function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}
