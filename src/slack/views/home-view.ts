// The App Home tab. At most 100 blocks whatever the size: each migration takes a fixed handful.
import type { KnownBlock, View } from '@slack/types';
import type { MigrationSummary } from '../../store/migrations.ts';
import { escapeInline, truncate } from '../escape.ts';
import { ACTION } from '../ids.ts';
import { firstOf } from './paginate.ts';

/** Header and intro, then 4 blocks a migration, then a closing line: 2 + 4 * 24 + 1 = 99 ≤ 100. */
export const HOME_MAX_MIGRATIONS = 24;
const BAR = 20;

function bar(done: number, total: number): string {
  const filled = total ? Math.round((BAR * done) / total) : 0;
  return `${'█'.repeat(filled)}${'░'.repeat(BAR - filled)}`;
}

export function homeView(items: readonly HomeMigration[]): View {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Your migrations' } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Migrations you lead, approve for, or own services in. `/migrate help` in any channel lists every command.',
        },
      ],
    },
  ];
  if (items.length === 0) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: 'Nothing here yet. In a channel, `/migrate assess` runs the checklist and `/migrate new <name>` starts a migration.',
      },
    });
  }
  for (const item of items.slice(0, HOME_MAX_MIGRATIONS)) {
    const m = item.migration;
    const pct = m.services ? Math.round((100 * m.done) / m.services) : 0;
    blocks.push({ type: 'divider' });
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${escapeInline(m.name)}* in <#${m.channelId}> · ${m.strategy} · you are ${item.role}\n\`${bar(m.done, m.services)}\` ${m.done}/${m.services} done (${pct}%)`,
      },
    });
    const waiting: string[] = [];
    if (item.approvals.length) {
      waiting.push(
        `:raised_hand: ${item.approvals.length} cutover(s) wait for your approval: ${firstOf(
          item.approvals.map((a) => firstOf(a.services.map(escapeInline), 3)),
          5,
          '; ',
        )}`,
      );
    }
    if (item.steps.length) {
      waiting.push(
        `:ballot_box_with_check: ${item.steps.length} open runbook step(s) on your services: ${firstOf(
          item.steps.map((s) => `${escapeInline(s.service)}: ${escapeInline(s.text)}`),
          4,
          '; ',
        )}`,
      );
    }
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(waiting.length ? waiting.join('\n') : 'Nothing waits on you.', 3000) },
    });
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ACTION.homeOpenStatus,
          text: { type: 'plain_text', text: 'Status' },
          value: String(m.id),
        },
        {
          type: 'button',
          action_id: ACTION.homeOpenPlan,
          text: { type: 'plain_text', text: 'Plan' },
          value: String(m.id),
        },
      ],
    });
  }
  if (items.length > HOME_MAX_MIGRATIONS) {
    blocks.push({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: `…and ${items.length - HOME_MAX_MIGRATIONS} more: \`/migrate list\` shows them all.` },
      ],
    });
  }
  return { type: 'home', blocks };
}

export interface HomeMigration {
  readonly migration: MigrationSummary;
  readonly role: string;
  /** Cutover requests this person may approve and has not. */
  readonly approvals: readonly { services: string[]; channelId: string; messageTs: string | null }[];
  /** Open runbook steps of in-flight services this person owns. */
  readonly steps: readonly { service: string; text: string }[];
}
