import { renderBurnup } from '../chart/burnup.ts';
import type { Deps } from '../deps.ts';
import { buildDigest, digestBurnup } from '../domain/digest.ts';
import { localParts } from '../domain/schedule-time.ts';
import type { Effect } from '../slack/effect.ts';
import { digestMessage, digestThread } from '../slack/views/digest-message.ts';
import type { MigrationRow } from '../store/migrations.ts';
import { digestInput } from './digest-input.ts';

export interface DigestPostOptions {
  /** The scheduled run's local day, already claimed; absent for a digest asked for now. */
  readonly scheduled?: { readonly localDate: string; readonly tellOnFailure: string };
  readonly fallbackDmTo?: string;
  /** Attach the burn-up chart (the weekly Monday digest). */
  readonly withChart?: boolean;
}

/** The digest of `migration` at `now` as effects: the summary in the channel, the lists in its thread. */
export async function digestEffects(
  deps: Deps,
  migration: MigrationRow,
  now: Date,
  options: DigestPostOptions = {},
): Promise<Effect[]> {
  const input = await digestInput(deps, migration, now);
  const model = buildDigest(input, now);
  // At most DIGEST_THREAD_PARTS replies, what needs action first; the last says where the rest is.
  const thread = digestThread(model);
  const effects: Effect[] = [
    {
      type: 'post',
      channel: migration.channelId,
      message: digestMessage(model),
      thread,
      ...(options.fallbackDmTo ? { fallbackDmTo: options.fallbackDmTo } : {}),
      receipt: {
        kind: 'digestRun',
        workspaceId: migration.workspaceId,
        migrationId: migration.id,
        at: now,
        localDate: options.scheduled?.localDate ?? null,
        tellOnFailure: options.scheduled?.tellOnFailure ?? null,
      },
    },
  ];
  if (options.withChart) effects.push(chartEffect(migration, input, now));
  return effects;
}

export function chartEffect(migration: MigrationRow, input: Parameters<typeof digestBurnup>[0], now: Date): Effect {
  const png = renderBurnup({ ...digestBurnup(input, now), title: `${migration.name}: services moved`, today: now });
  return {
    type: 'upload',
    channel: migration.channelId,
    filename: `${migration.name.replace(/[^A-Za-z0-9._-]+/g, '-')}-burnup.png`,
    title: `${migration.name}: burn-up`,
    content: png,
    comment: 'Services moved over time against the plan; rollbacks are marked.',
  };
}

export function isMonday(now: Date, timeZone: string): boolean {
  return localParts(now, timeZone).weekday === 1;
}
