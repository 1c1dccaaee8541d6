// The import modal: paste a small graph, or attach the file (the route for real graphs), and pick the
// format or let the bot detect it. The migration travels in private_metadata.
import type { KnownBlock, PlainTextOption, View } from '@slack/types';
import type { ImportFormat } from '../../domain/model.ts';
import { grouped } from '../../domain/words.ts';
import { escapeInline, truncate } from '../escape.ts';
import { CALLBACK, IMPORT } from '../ids.ts';

export interface ImportModalMetadata {
  readonly migrationId: number;
  /** Where `/migrate import` was typed. */
  readonly channelId: string;
}

/** Slack's cap on a plain_text_input; bigger graphs go through the file upload. */
export const PASTE_MAX = 3000;
export const IMPORT_FILETYPES = ['yaml', 'yml', 'json', 'csv'] as const;

export type FormatChoice = ImportFormat | 'auto';

export const FORMAT_LABELS: Readonly<Record<FormatChoice, string>> = {
  auto: 'Auto-detect',
  native: 'Native YAML/JSON',
  backstage: 'Backstage catalog',
  traces: 'Jaeger/Zipkin dependency links',
  csv: 'CSV edge list',
};

/** Shown in the picker only: in a sentence, the columns would put brackets inside brackets. */
const OPTION_HINTS: Readonly<Partial<Record<FormatChoice, string>>> = { csv: ' (from,to[,kind])' };

const option = (value: FormatChoice): PlainTextOption => ({
  text: { type: 'plain_text', text: `${FORMAT_LABELS[value]}${OPTION_HINTS[value] ?? ''}` },
  value,
});

export function importModal(meta: ImportModalMetadata, migrationName: string): View {
  const choices: FormatChoice[] = ['auto', 'native', 'backstage', 'traces', 'csv'];
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `Load the dependency graph of *${escapeInline(migrationName)}*: paste a small one, or attach the file. Importing again merges: what the file gives is added or updated, and a started service is never dropped without asking.`,
          3000,
        ),
      },
    },
    {
      type: 'input',
      block_id: IMPORT.pasteBlock,
      optional: true,
      label: { type: 'plain_text', text: 'Paste the graph' },
      hint: {
        type: 'plain_text',
        text: `Up to ${grouped(PASTE_MAX)} characters; attach a file below for more.`,
      },
      element: {
        type: 'plain_text_input',
        action_id: IMPORT.pasteAction,
        multiline: true,
        max_length: PASTE_MAX,
        placeholder: { type: 'plain_text', text: 'from,to,kind\norders,inventory,sync' },
      },
    },
    {
      type: 'input',
      block_id: IMPORT.fileBlock,
      optional: true,
      label: { type: 'plain_text', text: 'Or attach a file' },
      hint: { type: 'plain_text', text: 'YAML, JSON or CSV, up to 5 MB. The answer comes by direct message.' },
      element: {
        type: 'file_input',
        action_id: IMPORT.fileAction,
        filetypes: [...IMPORT_FILETYPES],
        max_files: 1,
      },
    },
    {
      type: 'input',
      block_id: IMPORT.formatBlock,
      label: { type: 'plain_text', text: 'Format' },
      element: {
        type: 'static_select',
        action_id: IMPORT.formatAction,
        options: choices.map(option),
        initial_option: option('auto'),
      },
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Native: `services:` with `name`, `owner`, `tier`, `stateful`, `external`, `effort_days`, `depends_on`. Backstage: Components and Resources, `spec.dependsOn`, `consumesApis`. Traces: `{parent, child, callCount}` links, as Jaeger and Zipkin give them. CSV: a header row `from,to[,kind]`. "A depends on B" reads from/parent depends on to/child.',
        },
      ],
    },
  ];
  return {
    type: 'modal',
    callback_id: CALLBACK.importGraph,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: 'Import a graph' },
    submit: { type: 'plain_text', text: 'Import' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}
