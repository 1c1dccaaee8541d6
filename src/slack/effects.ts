// Carries out what a command returned, after its transaction committed. The only place that posts.
import type { RespondFn } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.ts';
import type { Effect, Message, ReceiptHandler } from './effect.ts';
import { mentionChannel } from './format.ts';

export interface EffectTarget {
  readonly client: WebClient;
  readonly logger: Logger;
  /** The person a private reply goes to; absent for scheduled work, which never replies. */
  readonly userId?: string;
  readonly respond?: RespondFn;
  readonly triggerId?: string;
  /** Records the receipts posts carry; required as soon as one does (checked before anything runs). */
  readonly receipts?: ReceiptHandler;
  /** Queues what goes to a channel or a DM in the outbox and returns the rest, run here at once. */
  readonly outbox?: (effects: readonly Effect[]) => Effect[];
}

/** Slack's answers that mean "the bot cannot post in this channel". */
const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

export function slackErrorCode(err: unknown): string | null {
  const data = (err as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : null;
}

type Post = Extract<Effect, { type: 'post' }>;

/** Posts in the channel, else by DM to `fallbackDmTo` when the bot cannot post there; where it went. */
async function postOrFallback(target: EffectTarget, effect: Post): Promise<{ channel: string; ts: string } | null> {
  const { client } = target;
  let ts: string | undefined;
  let channel = effect.channel;
  try {
    const res = await client.chat.postMessage({
      channel,
      text: effect.message.text,
      blocks: effect.message.blocks,
      ...(effect.threadTs ? { thread_ts: effect.threadTs } : {}),
    });
    ts = res.ts;
  } catch (err) {
    const code = slackErrorCode(err);
    if (!effect.fallbackDmTo || !code || !CANNOT_POST.has(code)) throw err;
    const why =
      code === 'is_archived'
        ? `I could not post in ${mentionChannel(effect.channel)} because it is archived, so here it is privately.`
        : `I could not post in ${mentionChannel(effect.channel)}: invite me there with \`/invite @migrate-bot\` and the next one will go to the channel. Here it is privately.`;
    const note: KnownBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: why }] };
    const blocks = [note, ...(effect.message.blocks ?? [])].slice(0, 50);
    const res = await client.chat.postMessage({ channel: effect.fallbackDmTo, text: effect.message.text, blocks });
    ts = res.ts;
    channel = res.channel ?? effect.fallbackDmTo;
    target.logger.info(`[post] ${effect.channel}: ${code}; sent to ${effect.fallbackDmTo} by DM`);
  }
  return ts ? { channel, ts } : null;
}

async function post(target: EffectTarget, effect: Post): Promise<void> {
  const { receipt } = effect;
  let ref: { channel: string; ts: string } | null;
  try {
    ref = await postOrFallback(target, effect);
  } catch (err) {
    if (!receipt || !target.receipts) throw err;
    const error = slackErrorCode(err) ?? (err instanceof Error ? err.message : 'unknown_error');
    await runEffects(target, target.receipts(receipt, { posted: false, error }));
    // Recorded; the caller still hears of it and logs it (a command's user, the tick's log).
    throw err;
  }
  if (!ref) return;
  if (receipt && target.receipts) await runEffects(target, target.receipts(receipt, { posted: true, ...ref }));
  for (const message of effect.thread ?? []) {
    await target.client.chat.postMessage({
      channel: ref.channel,
      thread_ts: ref.ts,
      text: message.text,
      blocks: message.blocks,
    });
  }
}

async function replyPrivately(target: EffectTarget, message: Message, replaceOriginal: boolean): Promise<void> {
  if (target.respond) {
    await target.respond({
      response_type: 'ephemeral',
      replace_original: replaceOriginal,
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks } : {}),
    });
    return;
  }
  if (!target.userId) throw new Error('A private reply needs a person to go to');
  await target.client.chat.postMessage({ channel: target.userId, text: message.text, blocks: message.blocks });
}

export async function runEffects(target: EffectTarget, all: readonly Effect[]): Promise<void> {
  const { client } = target;
  // With an outbox, what goes to a channel or a DM is queued there (in order, retried, never lost);
  // only the person's private answer and modals are carried out here.
  const effects = target.outbox ? target.outbox(all) : all;
  // Before anything goes out: a post whose receipt nobody records would lose what it needs later.
  if (!target.receipts && effects.some((e) => e.type === 'post' && e.receipt)) {
    throw new Error('A post with a receipt needs a receipt handler');
  }
  for (const effect of effects) {
    switch (effect.type) {
      case 'reply':
        await replyPrivately(target, effect.message, effect.replaceOriginal ?? false);
        break;
      case 'openModal':
        if (!target.triggerId) throw new Error('A modal can only open in answer to a click or a command');
        await client.views.open({ trigger_id: target.triggerId, view: effect.view });
        break;
      case 'post':
        await post(target, effect);
        break;
      case 'refresh':
        throw new Error('A message that shows state is rendered by the outbox sender');
      case 'dm':
        await client.chat.postMessage({
          channel: effect.user,
          text: effect.message.text,
          blocks: effect.message.blocks,
        });
        break;
      case 'update':
        await client.chat.update({
          channel: effect.channel,
          ts: effect.ts,
          text: effect.message.text,
          blocks: effect.message.blocks ?? [],
        });
        break;
      case 'upload':
        {
          const file = typeof effect.content === 'string' ? Buffer.from(effect.content) : effect.content;
          const common = { channel_id: effect.channel, file, filename: effect.filename, title: effect.title };
          const comment = effect.comment ? { initial_comment: effect.comment } : {};
          await client.files.uploadV2(
            effect.threadTs ? { ...common, ...comment, thread_ts: effect.threadTs } : { ...common, ...comment },
          );
        }
        break;
    }
  }
}
