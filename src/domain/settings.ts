// Per-migration figures for the estimator and the rules, each with its unit, range and default.
// Defaults are the guide's figures (DOMAIN.md section 7), labelled as such wherever they are shown.

export interface SettingSpec {
  readonly key: SettingKey;
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  readonly default: number;
  readonly description: string;
}

export const SETTING_KEYS = [
  'engineers',
  'effort-days',
  'monthly-cost',
  'dual-running-uplift',
  'automation-days',
  'monitoring-hours',
  'batch-cap',
  'critical-tier',
  'approvals-critical',
  'approvals-default',
  'reminder-hours',
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

export const SETTING_SPECS: Readonly<Record<SettingKey, SettingSpec>> = {
  engineers: {
    key: 'engineers',
    unit: 'engineers',
    min: 1,
    max: 500,
    integer: true,
    default: 5,
    description: 'engineers working on the migration (guide: 5 engineers moved 30 services)',
  },
  'effort-days': {
    key: 'effort-days',
    unit: 'days per service',
    min: 0.5,
    max: 90,
    integer: false,
    default: 5,
    description: 'default effort per service when the import gives none (guide: a 3-7 day cycle)',
  },
  'monthly-cost': {
    key: 'monthly-cost',
    unit: 'USD per month',
    min: 0,
    max: 100_000_000,
    integer: false,
    default: 10_000,
    description: 'infrastructure cost of the affected services on the old platform',
  },
  'dual-running-uplift': {
    key: 'dual-running-uplift',
    unit: '%',
    min: 0,
    max: 300,
    integer: false,
    default: 75,
    description: 'extra cost while both platforms run (guide: 50-100%)',
  },
  'automation-days': {
    key: 'automation-days',
    unit: 'days',
    min: 0,
    max: 365,
    integer: false,
    default: 10,
    description: 'automation set-up before parallel batches (guide: 2 weeks)',
  },
  'monitoring-hours': {
    key: 'monitoring-hours',
    unit: 'hours',
    min: 1,
    max: 720,
    integer: true,
    default: 24,
    description: 'monitoring window after each cutover (guide: 24-48 h)',
  },
  'batch-cap': {
    key: 'batch-cap',
    unit: 'services per batch (0 = no cap)',
    min: 0,
    max: 10_000,
    integer: true,
    default: 0,
    description: 'largest parallel batch',
  },
  'critical-tier': {
    key: 'critical-tier',
    unit: 'tier',
    min: 0,
    max: 10,
    integer: true,
    default: 1,
    description: 'services at this tier or lower count as critical (1 is most critical; 0 = none)',
  },
  'approvals-critical': {
    key: 'approvals-critical',
    unit: 'approvals',
    min: 1,
    max: 10,
    integer: true,
    default: 2,
    description: 'approvals a critical service needs before cutover',
  },
  'approvals-default': {
    key: 'approvals-default',
    unit: 'approvals',
    min: 1,
    max: 10,
    integer: true,
    default: 1,
    description: 'approvals any other service needs before cutover',
  },
  'reminder-hours': {
    key: 'reminder-hours',
    unit: 'hours',
    min: 1,
    max: 168,
    integer: true,
    default: 4,
    description: 'remind approvers once when a cutover request has waited this long',
  },
};

export type MigrationSettings = Readonly<Record<SettingKey, number>>;

export const DEFAULT_SETTINGS: MigrationSettings = Object.fromEntries(
  SETTING_KEYS.map((key) => [key, SETTING_SPECS[key].default]),
) as Record<SettingKey, number>;

/** Fills in defaults for keys a stored migration has not set. */
export function withDefaults(stored: Partial<Record<SettingKey, number>>): MigrationSettings {
  return { ...DEFAULT_SETTINGS, ...stored };
}

export type SettingCheck = { ok: true; value: number } | { ok: false; reason: string };

export function checkSetting(key: SettingKey, raw: string): SettingCheck {
  const spec = SETTING_SPECS[key];
  const value = Number(raw.replace(/[$,%_]/g, ''));
  const range = `${spec.min} to ${spec.max} ${spec.unit}`;
  if (raw.trim() === '' || !Number.isFinite(value)) return { ok: false, reason: `"${key}" takes a number: ${range}.` };
  if (spec.integer && !Number.isInteger(value))
    return { ok: false, reason: `"${key}" takes a whole number: ${range}.` };
  if (value < spec.min || value > spec.max) return { ok: false, reason: `"${key}" must be ${range}.` };
  return { ok: true, value };
}
