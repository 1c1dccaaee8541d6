// A service's own health checks as an import file and `/migrate health <service> add` give them:
// a threshold written as people write one (`< 1%`, `> 0`, `+10%`, `±5%`), and the import's
// `health:` entries, which override a template by key, add a check, or remove one.
import { z } from 'zod';
import type { HealthUnit, Threshold } from '../health.ts';
import { formatValue, HEALTH_UNITS } from '../health.ts';
import { type CheckOverride, PLACEHOLDERS, unknownPlaceholders } from '../health-templates.ts';

export interface ParsedThreshold {
  readonly threshold: Threshold;
  /** The unit the value was written in (`1%` is a ratio, `250ms` seconds); null for a bare number. */
  readonly unit: HealthUnit | null;
}

export const THRESHOLD_RULE =
  'a threshold is `<1%`, `>0`, `<250ms` (a bound on the new platform), `+10%` (new at most 10% above old) or `±5%` (new within 5% of old)';

const VALUE = /^(-?\d+(?:\.\d+)?)(%|ms|s)?$/;

function parseValue(text: string): { value: number; unit: HealthUnit | null } | null {
  const m = VALUE.exec(text);
  if (m === null) return null;
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return null;
  switch (m[2]) {
    case '%':
      return { value: n / 100, unit: 'ratio' };
    case 'ms':
      return { value: n / 1000, unit: 'seconds' };
    case 's':
      return { value: n, unit: 'seconds' };
    default:
      return { value: n, unit: null };
  }
}

/** Reads a threshold; null when it is none of the forms of THRESHOLD_RULE. */
export function parseThreshold(raw: string): ParsedThreshold | null {
  const text = raw.trim().replace(/\s+/g, '');
  const op = text.slice(0, 1);
  const rest = text.slice(1);
  if (op === '<' || op === '>') {
    const v = parseValue(rest);
    if (v === null) return null;
    return { threshold: { kind: op === '<' ? 'below' : 'above', value: v.value }, unit: v.unit };
  }
  if (op === '+' || op === '±' || op === '~') {
    const v = parseValue(rest);
    if (v === null || v.unit !== 'ratio' || v.value < 0) return null;
    return {
      threshold: op === '+' ? { kind: 'relative', maxIncrease: v.value } : { kind: 'parity', tolerance: v.value },
      unit: null,
    };
  }
  return null;
}

/** A threshold as people read it: `< 1%`, `new ≤ old +10%`, `within ±5% of old`. */
export function thresholdText(threshold: Threshold, unit: HealthUnit): string {
  switch (threshold.kind) {
    case 'below':
      return `< ${formatValue(threshold.value, unit)}`;
    case 'above':
      return `> ${formatValue(threshold.value, unit)}`;
    case 'relative':
      return `new ≤ old +${formatValue(threshold.maxIncrease, 'ratio')}`;
    case 'parity':
      return `within ±${formatValue(threshold.tolerance, 'ratio')} of old`;
  }
}

export const CHECK_KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;
export const CHECK_KEY_RULE = 'a check key is lower-case letters, digits and dashes (at most 40)';

const zQuery = z
  .string()
  .trim()
  .min(1)
  .max(2000)
  .refine((q) => unknownPlaceholders(q).length === 0, {
    error: `may use only the placeholders ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
  });

const zThresholdText = z.union([z.string(), z.number()]).transform((raw, ctx): ParsedThreshold => {
  const parsed = parseThreshold(String(raw));
  if (parsed === null) {
    ctx.addIssue({ code: 'custom', message: `is not a threshold: ${THRESHOLD_RULE}` });
    return z.NEVER;
  }
  return parsed;
});

/** One entry of a service's `health:` list in the native format. */
export const zImportedCheck = z
  .strictObject({
    key: z.string().trim().regex(CHECK_KEY_PATTERN, { error: CHECK_KEY_RULE }),
    name: z.string().trim().min(1).max(80).optional(),
    query: zQuery.optional(),
    reference_query: zQuery.optional(),
    threshold: zThresholdText.optional(),
    unit: z.enum(HEALTH_UNITS).optional(),
    dashboard: z.url({ protocol: /^https?$/ }).optional(),
    remove: z.boolean().optional(),
  })
  .refine((c) => c.remove !== true || Object.keys(c).every((k) => k === 'key' || k === 'remove'), {
    error: '`remove: true` takes only the key: the check is dropped for this service',
  })
  .refine((c) => c.remove === true || Object.keys(c).some((k) => k !== 'key' && k !== 'remove'), {
    error: 'gives only a key: say what changes (query, threshold, name, unit, dashboard) or `remove: true`',
  });

export type ImportedCheckInput = z.infer<typeof zImportedCheck>;

/** As the store keeps a service's own row. Whether the key is a template's is known only later. */
export function toOverride(c: ImportedCheckInput): CheckOverride {
  return {
    key: c.key,
    removed: c.remove === true,
    name: c.name ?? null,
    query: c.query ?? null,
    referenceQuery: c.reference_query ?? null,
    threshold: c.threshold?.threshold ?? null,
    unit: c.unit ?? c.threshold?.unit ?? null,
    dashboardUrl: c.dashboard ?? null,
  };
}
