// What the bot does in Slack, as data: messages, and the effects a command or click returns. They are
// carried out after the state change committed: channel messages by the outbox, the rest by runEffects.
import type { KnownBlock, View } from '@slack/types';

export interface Message {
  readonly text: string;
  readonly blocks?: KnownBlock[];
}

/**
 * What to write down once a post has gone out, or has failed for good: plain data, handled by one
 * function (src/services/receipts.ts) that the outbox sender calls, so effects compare with toEqual.
 */
export type Receipt =
  /** The cutover request's message: where it went, so every click can update it in place. */
  | { readonly kind: 'approvalMessage'; readonly requestId: number }
  | {
      readonly kind: 'digestRun';
      readonly workspaceId: string;
      readonly migrationId: number;
      /** The moment the digest describes; stored as the migration's last digest. */
      readonly at: Date;
      /** The scheduled run's local day, claimed before posting; null for a digest asked for now. */
      readonly localDate: string | null;
      /** Who hears, once, that the scheduled digest could not be posted; null: nobody is told. */
      readonly tellOnFailure: string | null;
    };

/** How a post ended: where it went, or Slack's error once every fallback was tried. */
export type PostOutcome =
  | { readonly posted: true; readonly channel: string; readonly ts: string }
  | { readonly posted: false; readonly error: string };

/** Records a receipt; returns what to do next (a notice about a failure), carried out at once. */
export type ReceiptHandler = (receipt: Receipt, outcome: PostOutcome) => Effect[];

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
      /** Recorded when the post went out or failed for good (after any DM fallback). */
      readonly receipt?: Receipt;
      /** Names the post (`monitoring-prompt:7`) so a later refresh finds where it went. */
      readonly ref?: string;
    }
  | { readonly type: 'dm'; readonly user: string; readonly message: Message }
  | { readonly type: 'update'; readonly channel: string; readonly ts: string; readonly message: Message }
  /** A message that shows state (`approval:42`), rendered from the store when it is sent: never stale. */
  | { readonly type: 'refresh'; readonly channel: string; readonly ref: string }
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
