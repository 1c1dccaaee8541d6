// `/migrate drift` as a private message: calls seen in traces that nobody declared (with the button
// that adds them), declared dependencies never seen in traces, or what to import first.
import type { KnownBlock } from '@slack/types';
import type { DriftReport, HiddenCall } from '../../domain/drift.ts';
import { grouped, plural } from '../../domain/words.ts';
import type { Message } from '../effect.ts';
import { escapeCode, escapeInline, truncate } from '../escape.ts';
import { ACTION } from '../ids.ts';
import { contextBlock, fitList, section } from './import-report.ts';

export interface DriftView {
  readonly migrationId: number;
  readonly migrationName: string;
  readonly report: DriftReport;
  /** Whether to offer the button: the migration is active (rights are checked again at click time). */
  readonly canAdd: boolean;
}

const pair = (from: string, to: string) => `\`${escapeCode(from)}\` → \`${escapeCode(to)}\``;
const calls = (n: number) => plural(n, 'call');

export const hiddenLine = (h: HiddenCall) => `${pair(h.from, h.to)}: ${calls(h.callCount)}`;

export function addHiddenLabel(count: number): string {
  return `Add ${plural(count, 'hidden dependency', 'hidden dependencies')}`;
}

export function driftMessage(view: DriftView): Message {
  const { report } = view;
  const name = `*${escapeInline(view.migrationName)}*`;
  if (!report.hasDeclared || !report.hasTraced) {
    const missing: string[] = [];
    if (!report.hasDeclared) {
      missing.push(
        'no declared dependencies: import the team’s own files with `/migrate import` (native YAML/JSON, a Backstage catalog or a CSV edge list), or add them with `/migrate depend`',
      );
    }
    if (!report.hasTraced) {
      missing.push(
        'no traced dependencies: import what tracing saw with `/migrate import` (Jaeger’s dependencies API or Zipkin’s `/dependencies` output)',
      );
    }
    const text = `Drift compares what the team declared with what tracing saw, and ${name} has ${missing.join('; and ')}.`;
    return { text: truncate(text, 3000), blocks: [section(text)] };
  }
  const blocks: KnownBlock[] = [section(`Declared versus traced dependencies in ${name} ("A → B": A depends on B).`)];
  const { undescribed } = report;
  if (report.hidden.length === 0) {
    blocks.push(
      section(
        undescribed.calls === 0
          ? 'Every call seen in traces is declared. :white_check_mark:'
          : 'Every traced call of a service the declarations describe is declared. :white_check_mark:',
      ),
    );
  } else {
    blocks.push(
      section(
        `*Seen in traces, declared by nobody* (${grouped(report.hidden.length)}): likely hidden dependencies, the first pitfall of moving one service at a time.\n${fitList(
          report.hidden.map((h) => `• ${hiddenLine(h)}`),
          2500,
          '\n',
        )}`,
      ),
    );
  }
  if (report.unseen.length > 0) {
    const lines = report.unseen.map((u) => `• ${pair(u.from, u.to)} (${u.kinds.join(', ')})`);
    blocks.push(
      section(
        `*Declared, never seen in traces* (${grouped(report.unseen.length)}): stale, rare, asynchronous, or outside the traced window.\n${fitList(lines, 2500, '\n')}`,
      ),
    );
  }
  if (undescribed.calls > 0) {
    const one = undescribed.services === 1;
    blocks.push(
      section(
        `*Nothing declared about ${plural(undescribed.services, 'service')}* that tracing saw, so drift did not compare ${one ? 'its' : 'their'} ${plural(undescribed.calls, 'traced call')}: no declaration says what ${one ? 'it depends' : 'they depend'} on. Declare that with \`/migrate import\` (the team’s own files) or \`/migrate depend\` to compare.`,
      ),
    );
  }
  if (report.untraced > 0) {
    blocks.push(
      contextBlock(
        `${plural(report.untraced, 'declared dependency involves', 'declared dependencies involve')} a service the traces never mention, so the traces cannot confirm or question ${report.untraced === 1 ? 'it' : 'them'}.`,
      ),
    );
  }
  if (report.hidden.length > 0 && view.canAdd) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ACTION.addHiddenDependencies,
          style: 'primary',
          text: { type: 'plain_text', text: addHiddenLabel(report.hidden.length) },
          value: String(view.migrationId),
        },
      ],
    });
    blocks.push(
      contextBlock('Leads can add them as declared dependencies, marked hidden; the plan is re-made at once.'),
    );
  }
  const text = `Drift in ${escapeInline(view.migrationName)}: ${plural(report.hidden.length, 'undeclared call')} seen in traces, ${plural(report.unseen.length, 'declared dependency', 'declared dependencies')} never traced`;
  return { text: truncate(text, 3000), blocks };
}
