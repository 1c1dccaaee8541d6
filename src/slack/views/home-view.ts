// The App Home tab. At most 100 blocks whatever the size: each migration takes a fixed handful.
import type { KnownBlock, View } from '@slack/types';
import type { RedServiceInput } from '../../domain/digest-model.ts';
import type { DueStep } from '../../domain/waiting.ts';
import { plural } from '../../domain/words.ts';
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
    const waiting = waitingLines(item);
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

/** What waits on this person, as the digest's definition has it (src/domain/waiting.ts). */
function waitingLines(item: HomeMigration): string[] {
  const lines: string[] = [];
  const step = (s: DueStep) => `${escapeInline(s.service)} (${escapeInline(s.phase)}): ${escapeInline(s.text)}`;
  if (item.approvals.length) {
    const what = firstOf(
      item.approvals.map((a) => firstOf(a.services.map(escapeInline), 3)),
      5,
      '; ',
    );
    lines.push(
      `:raised_hand: ${plural(item.approvals.length, 'cutover waits', 'cutovers wait')} for your approval: ${what}`,
    );
  }
  if (item.red.length) {
    const what = firstOf(
      item.red.map((r) => `${escapeInline(r.service)} (${firstOf(r.checks.map(escapeInline), 3)})`),
      5,
      '; ',
    );
    lines.push(`:red_circle: ${plural(item.red.length, 'service')} of yours with red health checks: ${what}`);
  }
  if (item.steps.length) {
    lines.push(
      `:ballot_box_with_check: ${plural(item.steps.length, 'runbook step')} due now on your services: ${firstOf(item.steps.map(step), 4, '; ')}`,
    );
  }
  if (item.unownedSteps.length) {
    lines.push(
      `:bust_in_silhouette: ${plural(item.unownedSteps.length, 'runbook step')} due now on services with no owner named, so they wait on the leads: name an owner with \`owner:\` in the graph file and \`/migrate import\` it again. First: ${firstOf(item.unownedSteps.map(step), 3, '; ')}`,
    );
  }
  return lines;
}

export interface HomeMigration {
  readonly migration: MigrationSummary;
  readonly role: string;
  /** Cutover requests this person may approve and has not. */
  readonly approvals: readonly { services: string[]; channelId: string; messageTs: string | null }[];
  /** Runbook steps due now on the services this person owns, in the digest's order. */
  readonly steps: readonly DueStep[];
  /** For a lead: the steps due now on services with no owner named; empty otherwise. */
  readonly unownedSteps: readonly DueStep[];
  /** This person's services with red health checks now (the digest's rule, health-gate.ts). */
  readonly red: readonly RedServiceInput[];
}
