// `/migrate import`: a modal takes a pasted graph or an uploaded file. A paste is parsed while the modal
// waits (its errors go back on the paste box); a file is fetched after the modal closes and answered
// by direct message. Either way the whole file is checked before anything is written, then merged
// in one transaction, re-planned if there is a plan, and reported in the migration's channel.

import { z } from 'zod';
import type { Actor, Deps } from '../src/deps.ts';
import { type ImportResult, MAX_IMPORT_BYTES, parseGraphFile } from '../src/domain/import/index.ts';
import type { ImportFormat } from '../src/domain/model.ts';
import { ForbiddenError, isCodedError } from '../src/errors.ts';
import { commit, outboxContext } from '../src/services/commit.ts';
import { applyImportInTx } from '../src/services/import.ts';
import { resolveOwners } from '../src/services/owners.ts';
import { requireChangeable, resolveMigration, scoped } from '../src/services/scope.ts';
import { defineCommand } from '../src/slack/command.ts';
import type { Effect } from '../src/slack/effect.ts';
import { escapeInline } from '../src/slack/escape.ts';
import { IMPORT } from '../src/slack/ids.ts';
import { describeError } from '../src/slack/user-message.ts';
import { type FormatChoice, importModal } from '../src/slack/views/import-modal.ts';
import {
  type ImportReportView,
  importDoneMessage,
  importErrorsMessage,
  importReport,
  pasteErrorText,
} from '../src/slack/views/import-report.ts';
import { type MigrationRow, migrationById } from '../src/store/migrations.ts';

const RIGHT = 'import a graph';

export const importCommand = defineCommand({
  name: 'import',
  usage: 'import [--migration <name>]',
  summary: 'load the dependency graph: paste it or attach a file (native YAML/JSON, Backstage, Jaeger/Zipkin, CSV)',
  args: scoped(
    z.array(z.string()).max(0, { error: 'takes no arguments besides --migration: the modal asks the rest' }),
  ),
  run(deps, actor, { migration: name }: { migration: string | null }): Effect[] {
    const migration = resolveMigration(deps, actor, name);
    requireChangeable(deps, migration, actor, RIGHT);
    return [
      {
        type: 'openModal',
        view: importModal({ migrationId: migration.id, channelId: actor.channelId }, migration.name),
      },
    ];
  },
});

export const zImportMetadata = z.object({
  migrationId: z.number().int(),
  channelId: z.string().regex(/^[CDG][A-Z0-9]+$/),
});

const zUploadedFile = z.object({
  id: z.string().optional(),
  name: z.string().nullish(),
  title: z.string().nullish(),
  filetype: z.string().nullish(),
  url_private_download: z.string().nullish(),
  url_private: z.string().nullish(),
});

const zFormatChoice = z.enum(['auto', 'native', 'backstage', 'traces', 'csv']);

/** The slice of `view.state.values` the import modal holds. */
const zImportValues = z
  .object({
    [IMPORT.pasteBlock]: z.object({ [IMPORT.pasteAction]: z.object({ value: z.string().nullish() }) }).partial(),
    [IMPORT.fileBlock]: z
      .object({ [IMPORT.fileAction]: z.object({ files: z.array(zUploadedFile).nullish() }) })
      .partial(),
    [IMPORT.formatBlock]: z
      .object({
        [IMPORT.formatAction]: z.object({ selected_option: z.object({ value: zFormatChoice }).nullish() }),
      })
      .partial(),
  })
  .partial();

type ParsedGraph = Extract<ImportResult, { ok: true }>;

export type ImportSubmission =
  | { readonly kind: 'errors'; readonly errors: Record<string, string> }
  | { readonly kind: 'paste'; readonly migration: MigrationRow; readonly parsed: ParsedGraph }
  | {
      readonly kind: 'file';
      readonly migration: MigrationRow;
      readonly url: string;
      readonly fileName: string;
      readonly format: FormatChoice;
    };

/**
 * Everything that can be answered while the modal waits: the rights, which input was used, and a
 * pasted graph's validity. Synchronous and local, well within Slack's 3 seconds.
 */
export function readImportSubmission(deps: Deps, actor: Actor, migrationId: number, values: unknown): ImportSubmission {
  const parsedValues = zImportValues.safeParse(values ?? {});
  if (!parsedValues.success) {
    return { kind: 'errors', errors: { [IMPORT.pasteBlock]: 'The form came back in a shape the bot does not know.' } };
  }
  const state = parsedValues.data;
  const paste = state[IMPORT.pasteBlock]?.[IMPORT.pasteAction]?.value ?? '';
  const files = state[IMPORT.fileBlock]?.[IMPORT.fileAction]?.files ?? [];
  const format = state[IMPORT.formatBlock]?.[IMPORT.formatAction]?.selected_option?.value ?? 'auto';
  const pasted = paste.trim() !== '';
  const file = files[0];
  const usedBlock = file && !pasted ? IMPORT.fileBlock : IMPORT.pasteBlock;
  const refuse = (message: string): ImportSubmission => ({ kind: 'errors', errors: { [usedBlock]: message } });

  const migration = migrationById(deps.store.db, actor.workspaceId, migrationId);
  if (!migration) return refuse('That migration no longer exists.');
  try {
    requireChangeable(deps, migration, actor, RIGHT);
  } catch (err) {
    if (isCodedError(err)) return refuse(plain(describeError(err)));
    throw err;
  }
  if (!pasted && !file) return refuse('Paste a graph here, or attach a file below.');
  if (pasted && file) return refuse('Use one or the other: clear the paste box, or remove the attached file.');
  if (file) {
    const url = file.url_private_download ?? file.url_private;
    if (!url) return refuse('Slack did not say where the file is; attach it again.');
    const fileName = file.name ?? file.title ?? `upload.${file.filetype ?? 'txt'}`;
    return { kind: 'file', migration, url, fileName, format };
  }
  const parsed = parseGraphFile(paste, format);
  if (!parsed.ok) return refuse(pasteErrorText(parsed.errors, parsed.errorCount));
  return { kind: 'paste', migration, parsed };
}

/** Input errors render as plain text: drop mrkdwn marks and unwrap mentions to ids. */
function plain(text: string): string {
  return text
    .replace(/<@([A-Z0-9]+)(?:\|[^>]*)?>/g, '@$1')
    .replace(/[*`\u200B]/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .slice(0, 1900);
}

/** What happens after the modal closed: fetch and parse a file, resolve owners, write, report. */
export async function completeImport(
  deps: Deps,
  actor: Actor,
  submission: Exclude<ImportSubmission, { kind: 'errors' }>,
): Promise<Effect[]> {
  if (submission.kind === 'paste') {
    return applyImport(deps, actor, submission.migration, submission.parsed, null, ({ message, thread }) => [
      { type: 'post', channel: submission.migration.channelId, message, thread, fallbackDmTo: actor.userId },
    ]);
  }
  const { migration, fileName } = submission;
  let text: string;
  try {
    text = await deps.slack.downloadFile(submission.url, MAX_IMPORT_BYTES);
  } catch (err) {
    const why = isCodedError(err) ? describeError(err) : 'Slack did not hand the file over.';
    deps.logger.warn(`[import][${migration.id}] download failed: ${err instanceof Error ? err.message : String(err)}`);
    return [dm(actor, `*${escapeInline(fileName)}* was not imported: ${why} Nothing was written.`)];
  }
  const parsed = parseGraphFile(text, submission.format, { fileName });
  if (!parsed.ok) {
    return [
      {
        type: 'dm',
        user: actor.userId,
        message: importErrorsMessage({
          fileName,
          format: parsed.format,
          errors: parsed.errors,
          errorCount: parsed.errorCount,
        }),
      },
    ];
  }
  // The answer first: the import is committed whatever happens to the channel post.
  return applyImport(deps, actor, migration, parsed, fileName, (done) => [
    { type: 'dm', user: actor.userId, message: importDoneMessage(done.view, migration.channelId) },
    {
      type: 'post',
      channel: migration.channelId,
      message: done.message,
      thread: done.thread,
      fallbackDmTo: actor.userId,
    },
  ]);
}

function dm(actor: Actor, text: string): Effect {
  return { type: 'dm', user: actor.userId, message: { text } };
}

/**
 * Resolves owners (Slack calls, so before the transaction), then merges, audits, marks the graph
 * changed and re-plans in one transaction, the one that queues what `say` makes of the report.
 */
export async function applyImport(
  deps: Deps,
  actor: Actor,
  migration: MigrationRow,
  parsed: ParsedGraph,
  fileName: string | null,
  say: (done: ReturnType<typeof importReport> & { view: ImportReportView }) => Effect[],
): Promise<Effect[]> {
  const owners = await resolveOwners(deps.slack, parsed.graph.services);
  const now = deps.now();
  const format: ImportFormat = parsed.format;
  const notes = [...parsed.notes];
  const named = parsed.migration?.name;
  if (named && named.toLowerCase() !== migration.name.toLowerCase()) {
    notes.push(`the file names the migration "${named}"; it was imported into this one`);
  }
  return commit(deps, outboxContext(migration), (tx) => {
    // The rights held when the modal was submitted; the migration may have been archived since.
    const current = migrationById(tx, migration.workspaceId, migration.id);
    if (current?.status !== 'active') {
      throw new ForbiddenError({ kind: 'archived-meanwhile', migration: migration.name });
    }
    const applied = applyImportInTx(tx, current, {
      actorId: actor.userId,
      format,
      fileName,
      graph: parsed.graph,
      owners,
      now,
    });
    const view: ImportReportView = {
      migrationName: migration.name,
      by: actor.userId,
      format,
      fileName,
      notes,
      ...applied,
    };
    deps.logger.info(
      `[import][${migration.workspaceId}][${migration.id}] ${format}: +${view.report.added.length} ~${view.report.changed.length} -${view.report.removed.length}`,
    );
    return say({ ...importReport(view), view });
  });
}
