// What an import's `health:` entries did, counted by the import and told in the same words by the
// channel's report and the command line's answer.
import { plural } from '../words.ts';

/**
 * Checks the file set (a key no template has), templates it overrode or removed for a service, the
 * checks of an earlier import it no longer lists (`dropped`), and how many services that touched.
 */
export interface ImportedChecks {
  readonly set: number;
  readonly overrode: number;
  readonly removed: number;
  readonly dropped: number;
  readonly services: number;
}

/** "of 2 services: 1 new check set and 1 template check removed"; null when nothing was touched. */
export function importedChecksWords(h: ImportedChecks): string | null {
  const parts = [
    h.set > 0 ? `${plural(h.set, 'new check')} set` : null,
    h.overrode > 0 ? `${plural(h.overrode, 'template check')} overridden` : null,
    h.removed > 0 ? `${plural(h.removed, 'template check')} removed` : null,
    h.dropped > 0 ? `${plural(h.dropped, 'check')} of the last import dropped (no longer in the file)` : null,
  ].filter((p): p is string => p !== null);
  if (parts.length === 0) return null;
  const listed = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return `of ${plural(h.services, 'service')}: ${listed}`;
}
