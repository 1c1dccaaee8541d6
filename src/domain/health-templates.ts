// Check templates: PromQL with placeholders for the service, the platform (old or new) and the rate
// window, filled per service. Defaults cover the common label conventions; a migration may replace
// them, and a service may add checks or override a template's query, threshold or dashboard.
import { z } from 'zod';
import { HEALTH_UNITS, type HealthUnit, type Threshold } from './health.ts';

export interface CheckTemplate {
  /** Stable within a migration: a service's override names the template it changes. */
  readonly key: string;
  readonly name: string;
  /** Run with {{platform}} = the new platform. */
  readonly query: string;
  /** For relative and parity thresholds: run with {{platform}} = the old one. Default: `query`. */
  readonly referenceQuery: string | null;
  readonly threshold: Threshold;
  readonly unit: HealthUnit;
  readonly dashboardUrl: string | null;
}

export const PLACEHOLDERS = ['service', 'platform', 'window'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const PLACEHOLDER = /\{\{\s*([a-z]+)\s*\}\}/g;

/** Placeholders a template uses that are not known: a typo would silently send `{{servce}}`. */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(PLACEHOLDERS);
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').filter((name) => !known.has(name));
}

/**
 * Fills the placeholders. Values go inside PromQL double-quoted strings (`service="{{service}}"`),
 * so they are escaped for one: a service named `a"} or vector(1) #` stays a label value.
 */
export function renderQuery(template: string, values: Readonly<Record<Placeholder, string>>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    (PLACEHOLDERS as readonly string[]).includes(name) ? escapePromString(values[name as Placeholder]) : whole,
  );
}

/** Escapes text for the inside of a PromQL double-quoted string literal. */
export function escapePromString(s: string): string {
  return s.replace(/[\\"\n\r\t]/g, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\${c}`;
    }
  });
}

export interface PlatformPair {
  readonly service: string;
  /** The label value of the platform being left. */
  readonly oldPlatform: string;
  /** The label value of the platform being moved to. */
  readonly newPlatform: string;
  /** PromQL range for rate(), e.g. "5m". */
  readonly window: string;
}

export interface RenderedCheck {
  readonly key: string;
  readonly name: string;
  readonly subject: string;
  /** null for absolute thresholds, which look only at the new platform. */
  readonly reference: string | null;
  readonly threshold: Threshold;
  readonly unit: HealthUnit;
  readonly dashboardUrl: string | null;
}

export function renderCheck(t: CheckTemplate, p: PlatformPair): RenderedCheck {
  const comparative = t.threshold.kind === 'relative' || t.threshold.kind === 'parity';
  const fill = (q: string, platform: string) => renderQuery(q, { service: p.service, platform, window: p.window });
  return {
    key: t.key,
    name: t.name,
    subject: fill(t.query, p.newPlatform),
    reference: comparative ? fill(t.referenceQuery ?? t.query, p.oldPlatform) : null,
    threshold: t.threshold,
    unit: t.unit,
    dashboardUrl: t.dashboardUrl === null ? null : renderDashboard(t.dashboardUrl, p),
  };
}

/** Dashboard links may name the service too; here values are URL-encoded, not PromQL-escaped. */
function renderDashboard(url: string, p: PlatformPair): string {
  const values: Record<Placeholder, string> = { service: p.service, platform: p.newPlatform, window: p.window };
  return url.replace(PLACEHOLDER, (whole, name: string) =>
    (PLACEHOLDERS as readonly string[]).includes(name) ? encodeURIComponent(values[name as Placeholder]) : whole,
  );
}

/** A service's own row: replaces the template with the same key, adds a check, or removes one. */
export interface CheckOverride {
  readonly key: string;
  readonly removed: boolean;
  readonly name: string | null;
  readonly query: string | null;
  readonly referenceQuery: string | null;
  readonly threshold: Threshold | null;
  readonly unit: HealthUnit | null;
  readonly dashboardUrl: string | null;
}

/**
 * The checks of one service: the migration's templates with the service's overrides applied by
 * key. An override of an unknown key is an added check and needs its own query and threshold;
 * one without them is dropped (it would have nothing to run).
 */
export function effectiveChecks(
  templates: readonly CheckTemplate[],
  overrides: readonly CheckOverride[],
): CheckTemplate[] {
  const byKey = new Map(overrides.map((o) => [o.key, o]));
  const merged: CheckTemplate[] = [];
  for (const t of templates) {
    const o = byKey.get(t.key);
    if (o === undefined) merged.push(t);
    else if (!o.removed) merged.push(applyOverride(t, o));
  }
  const templateKeys = new Set(templates.map((t) => t.key));
  for (const o of overrides) {
    if (templateKeys.has(o.key) || o.removed || o.query === null || o.threshold === null) continue;
    merged.push({
      key: o.key,
      name: o.name ?? o.key,
      query: o.query,
      referenceQuery: o.referenceQuery,
      threshold: o.threshold,
      unit: o.unit ?? 'number',
      dashboardUrl: o.dashboardUrl,
    });
  }
  return merged;
}

function applyOverride(t: CheckTemplate, o: CheckOverride): CheckTemplate {
  return {
    key: t.key,
    name: o.name ?? t.name,
    query: o.query ?? t.query,
    referenceQuery: o.referenceQuery ?? t.referenceQuery,
    threshold: o.threshold ?? t.threshold,
    unit: o.unit ?? t.unit,
    dashboardUrl: o.dashboardUrl ?? t.dashboardUrl,
  };
}

const template = (key: string, name: string, query: string, threshold: Threshold, unit: HealthUnit): CheckTemplate => ({
  key,
  name,
  query,
  referenceQuery: null,
  threshold,
  unit,
  dashboardUrl: null,
});

/**
 * Label conventions seen most: the Prometheus client libraries' `http_requests_total` with a
 * `code` label and `http_request_duration_seconds` histograms, and OpenTelemetry's semantic
 * conventions as exported to Prometheus. Both assume `service` and `platform` labels (relabel
 * them in, or change the templates per migration).
 */
export const DEFAULT_TEMPLATE_SETS = {
  prometheus: [
    template(
      'request-rate',
      'request rate',
      'sum(rate(http_requests_total{service="{{service}}",platform="{{platform}}"}[{{window}}]))',
      { kind: 'above', value: 0 },
      'per_second',
    ),
    template(
      'error-ratio',
      'error ratio',
      'sum(rate(http_requests_total{service="{{service}}",platform="{{platform}}",code=~"5.."}[{{window}}])) / sum(rate(http_requests_total{service="{{service}}",platform="{{platform}}"}[{{window}}]))',
      { kind: 'below', value: 0.01 },
      'ratio',
    ),
    template(
      'p99-latency',
      'p99 latency',
      'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{service="{{service}}",platform="{{platform}}"}[{{window}}])))',
      { kind: 'relative', maxIncrease: 0.1 },
      'seconds',
    ),
  ],
  opentelemetry: [
    template(
      'request-rate',
      'request rate',
      'sum(rate(http_server_request_duration_seconds_count{service_name="{{service}}",platform="{{platform}}"}[{{window}}]))',
      { kind: 'above', value: 0 },
      'per_second',
    ),
    template(
      'error-ratio',
      'error ratio',
      'sum(rate(http_server_request_duration_seconds_count{service_name="{{service}}",platform="{{platform}}",http_response_status_code=~"5.."}[{{window}}])) / sum(rate(http_server_request_duration_seconds_count{service_name="{{service}}",platform="{{platform}}"}[{{window}}]))',
      { kind: 'below', value: 0.01 },
      'ratio',
    ),
    template(
      'p99-latency',
      'p99 latency',
      'histogram_quantile(0.99, sum by (le) (rate(http_server_request_duration_seconds_bucket{service_name="{{service}}",platform="{{platform}}"}[{{window}}])))',
      { kind: 'relative', maxIncrease: 0.1 },
      'seconds',
    ),
  ],
} as const satisfies Record<string, readonly CheckTemplate[]>;

export const TEMPLATE_SETS = ['prometheus', 'opentelemetry', 'custom'] as const;
export type TemplateSet = (typeof TEMPLATE_SETS)[number];

export const DEFAULT_WINDOW = '5m';

const finite = z.number().refine(Number.isFinite, { error: 'must be a finite number' });
const fraction = finite.min(0, { error: 'must not be negative' });

/** Thresholds as stored (JSON) and as the import file and commands give them. */
export const zThreshold = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('below'), value: finite }),
  z.object({ kind: z.literal('above'), value: finite }),
  z.object({ kind: z.literal('relative'), maxIncrease: fraction }),
  z.object({ kind: z.literal('parity'), tolerance: fraction }),
]) satisfies z.ZodType<Threshold>;

const zQuery = z
  .string()
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(2000, { error: 'must be at most 2000 characters' })
  .refine((q) => unknownPlaceholders(q).length === 0, {
    error: `may use only the placeholders ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
  });

export const zCheckTemplate = z.object({
  key: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { error: 'must be lower-case letters, digits and dashes (at most 40)' }),
  name: z.string().trim().min(1).max(80),
  query: zQuery,
  referenceQuery: zQuery.nullable().default(null),
  threshold: zThreshold,
  unit: z.enum(HEALTH_UNITS).default('number'),
  dashboardUrl: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .default(null),
}) satisfies z.ZodType<CheckTemplate, unknown>;
