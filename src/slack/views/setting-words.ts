// A setting change as people read it: what the setting means and its value with a unit, not its
// key (`approvals-default` reads "the approvals a cutover needs"). The key follows in a code span
// so the reader can change it again with `/migrate set`. Used by the announcement, the log and the
// plan's inputs.
import { SETTING_KEYS, type SettingKey } from '../../domain/settings.ts';
import { grouped, plural } from '../../domain/words.ts';
import { escapeCode, escapeInline } from '../escape.ts';

const REHEARSAL_GATE = 'rehearsal-gate';

interface Words {
  readonly what: string;
  readonly value: (n: number) => string;
}

const count = (one: string, many?: string) => (n: number) => plural(n, one, many);

const WORDS: Readonly<Record<SettingKey, Words>> = {
  engineers: { what: 'the number of engineers', value: grouped },
  'effort-days': { what: 'the effort per service where the graph gives none', value: count('day') },
  'monthly-cost': { what: "the old platform's monthly cost", value: (n) => `$${grouped(n)}` },
  'dual-running-uplift': { what: 'the extra cost while both platforms run', value: (n) => `${grouped(n)}%` },
  'automation-days': { what: 'the automation set-up before parallel batches', value: count('day') },
  'monitoring-hours': { what: 'the monitoring window after each cutover', value: count('hour') },
  'batch-cap': {
    what: 'the largest parallel batch',
    value: (n) => (n === 0 ? 'no cap' : plural(n, 'service')),
  },
  'critical-tier': {
    what: 'the tier up to which services count as critical',
    value: (n) => (n === 0 ? 'none' : `tier ${grouped(n)}`),
  },
  'approvals-critical': { what: "the approvals a critical service's cutover needs", value: grouped },
  'approvals-default': { what: 'the approvals a cutover needs', value: grouped },
  'reminder-hours': { what: 'the wait before approvers are reminded', value: count('hour') },
};

function wordsOf(key: string): Words | null {
  return (SETTING_KEYS as readonly string[]).includes(key) ? WORDS[key as SettingKey] : null;
}

/** A figure as the plan's inputs read it: "the number of engineers is 5 (`engineers`)". */
export function settingFigureText(key: SettingKey, n: number): string {
  const words = WORDS[key];
  return `${words.what} is ${words.value(n)} (\`${escapeCode(key)}\`)`;
}

/** A stored value (the audit keeps text) in words; what cannot be read as a number is shown as it is. */
function valueText(words: Words | null, raw: string): string {
  const n = Number(raw);
  return words && raw.trim() !== '' && Number.isFinite(n) ? words.value(n) : escapeInline(raw);
}

/**
 * "set the approvals a cutover needs from 1 to *2* (`approvals-default`)": the words of the
 * announcement and the log entry; `where` names the migration when the reader may not know it.
 */
export function settingChangeText(key: string, from: string, to: string, where = ''): string {
  const words = wordsOf(key);
  const what = key === REHEARSAL_GATE ? 'the rehearsal gate for critical services' : (words?.what ?? 'a setting');
  return `set ${what}${where} from ${valueText(words, from)} to *${valueText(words, to)}* (\`${escapeCode(key)}\`)`;
}
