// A service's runbook as checkboxes, phase by phase. A checkboxes element holds at most 10
// options, so a phase with more steps gets several. Each block_id carries the service and the ids
// of the steps it shows, so a tick can be compared with what was on screen (an ephemeral
// message's payload does not carry its blocks).
import type { KnownBlock, PlainTextOption } from '@slack/types';
import { STATE_LABELS } from '../../domain/lifecycle.ts';
import type { ServiceState } from '../../domain/model.ts';
import { RUNBOOK_PHASES, type RunbookPhase, type StepStatus } from '../../domain/runbook.ts';
import type { Message } from '../effect.ts';
import { escapeCode, escapeInline, truncate } from '../escape.ts';
import { ACTION } from '../ids.ts';
import { linesToMessages } from './paginate.ts';

export interface RunbookStepView {
  readonly id: number;
  readonly key: string;
  readonly phase: string;
  readonly text: string;
  readonly validation: boolean;
  readonly status: StepStatus;
  readonly skipReason: string | null;
}

export interface RunbookView {
  readonly serviceId: number;
  readonly service: string;
  readonly state: ServiceState;
  readonly steps: readonly RunbookStepView[];
  /** Makes block ids fresh on every render, so clients drop stale checkbox state. */
  readonly revision: string;
}

export const PHASE_LABELS: Readonly<Record<RunbookPhase, string>> = {
  prepare: 'Prepare',
  shadow: 'Shadow traffic',
  validate: 'Validate',
  cutover: 'Cutover',
  monitor: 'Monitor',
  cleanup: 'Clean up',
};

const PER_ELEMENT = 10;
const BLOCK_PREFIX = 'rb';
/** Leaves room for the footer (and the note on hidden steps) under Slack's 50. */
const MAX_BLOCKS = 47;

/** `rb:<serviceId>:<revision>:<id>.<id>…`: what a checkboxes element showed. */
export function runbookBlockId(serviceId: number, revision: string, stepIds: readonly number[]): string {
  return `${BLOCK_PREFIX}:${serviceId}:${revision}:${stepIds.join('.')}`;
}

export function parseRunbookBlockId(blockId: string): { serviceId: number; stepIds: number[] } | null {
  const m = /^rb:(\d+):[a-z0-9]+:(\d+(?:\.\d+)*)$/.exec(blockId);
  if (!m?.[1] || !m[2]) return null;
  return { serviceId: Number(m[1]), stepIds: m[2].split('.').map(Number) };
}

function phaseLabel(phase: string): string {
  return (RUNBOOK_PHASES as readonly string[]).includes(phase) ? PHASE_LABELS[phase as RunbookPhase] : phase;
}

function option(step: RunbookStepView): PlainTextOption {
  const notes = [step.key];
  if (step.validation) notes.push('validation');
  if (step.status === 'skipped') notes.push(`skipped: ${step.skipReason ?? ''}`);
  return {
    text: { type: 'plain_text', text: truncate(step.text, 75) },
    description: { type: 'plain_text', text: truncate(notes.join(' · '), 75) },
    value: String(step.id),
  };
}

function progressLine(steps: readonly RunbookStepView[]): string {
  const done = steps.filter((s) => s.status === 'done').length;
  const skipped = steps.filter((s) => s.status === 'skipped').length;
  const openValidation = steps.filter((s) => s.validation && s.status === 'open').length;
  const validation = openValidation
    ? ` · ${openValidation} validation step${openValidation === 1 ? '' : 's'} open`
    : '';
  return `*${done}* of ${steps.length} done${skipped ? `, ${skipped} skipped` : ''}${validation}`;
}

export function runbookMessage(view: RunbookView): Message {
  const name = escapeInline(view.service);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`Runbook: ${view.service}`, 150) } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*${name}* is *${STATE_LABELS[view.state]}*. ${progressLine(view.steps)}.` },
    },
  ];
  const phases = [...new Set<string>([...RUNBOOK_PHASES, ...view.steps.map((s) => s.phase)])];
  let hidden = 0;
  for (const phase of phases) {
    const steps = view.steps.filter((s) => s.phase === phase);
    if (steps.length === 0) continue;
    // Header, progress, this phase's title and the footer must still fit in 50 blocks.
    if (blocks.length + 2 > MAX_BLOCKS) {
      hidden += steps.length;
      continue;
    }
    const done = steps.filter((s) => s.status !== 'open').length;
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*${escapeInline(phaseLabel(phase))}* (${done}/${steps.length})` },
    });
    for (let i = 0; i < steps.length; i += PER_ELEMENT) {
      const chunk = steps.slice(i, i + PER_ELEMENT);
      if (blocks.length + 1 > MAX_BLOCKS) {
        hidden += chunk.length;
        continue;
      }
      const options = chunk.map(option);
      const initial = options.filter((_, j) => chunk[j]?.status === 'done');
      blocks.push({
        type: 'actions',
        block_id: runbookBlockId(
          view.serviceId,
          view.revision,
          chunk.map((s) => s.id),
        ),
        elements: [
          {
            type: 'checkboxes',
            action_id: ACTION.runbookStep,
            options,
            ...(initial.length ? { initial_options: initial } : {}),
          },
        ],
      });
    }
  }
  if (hidden > 0) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${hidden} more steps do not fit here: \`/migrate runbook ${name} list\` shows them.`,
      },
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: truncate(
          `Tick a step when it is done. \`/migrate runbook ${name} add "<step>"\` adds one, \`/migrate runbook ${name} skip <key> <reason>\` skips one, \`/migrate runbook ${name} list\` shows every step in full.`,
          3000,
        ),
      },
    ],
  });
  return { text: `Runbook of ${name}: ${progressLine(view.steps).replace(/\*/g, '')}`, blocks };
}

/** Every step in full, as many messages as it takes. */
export function runbookList(view: RunbookView): Message[] {
  const mark: Record<StepStatus, string> = {
    open: ':white_large_square:',
    done: ':white_check_mark:',
    skipped: ':fast_forward:',
  };
  const lines = view.steps.map((s) => {
    const skipped = s.status === 'skipped' ? ` _(skipped: ${escapeInline(s.skipReason ?? '')})_` : '';
    return `${mark[s.status]} *${escapeInline(phaseLabel(s.phase))}* \`${escapeCode(s.key)}\`${s.validation ? ' (validation)' : ''}: ${escapeInline(s.text)}${skipped}`;
  });
  return linesToMessages(`Runbook of ${escapeInline(view.service)}`, lines.length ? lines : ['No steps yet.']);
}
