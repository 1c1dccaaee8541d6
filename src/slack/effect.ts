// What the bot does in Slack, as data: messages, and the effects a command or click returns. They are
// carried out by runEffects (src/slack/effects.ts) after the state change committed.
import type { KnownBlock, View } from '@slack/types';

export interface Message {
  readonly text: string;
  readonly blocks?: KnownBlock[];
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

export const reply = (message: Message): Effect => ({ type: 'reply', message });
