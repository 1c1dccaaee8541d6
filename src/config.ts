// Configuration is read once, here, from the environment (and .env, loaded by src/main.ts).

import { z } from 'zod';
import { plural } from './domain/words.ts';
import { type HostAllowlist, zHostAllowlist } from './health/source-url.ts';
import { parseEncryptionKey } from './secrets/secret-box.ts';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const zEnv = z.object({
  // Required in single-token mode only: crossFieldProblems says so, naming OAuth mode as the other way.
  SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xoxb-'), {
    error: 'must be a bot token starting with xoxb-',
  }),
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText.refine((v) => v === undefined || v.length >= 16, {
    error: 'must be at least 16 characters (openssl rand -hex 32)',
  }),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), {
    error: 'must be an app-level token starting with xapp- (or unset for HTTP mode)',
  }),
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int({ error: 'must be a whole number' })
    .min(0, { error: 'must be 0-65535' })
    .max(65535, { error: 'must be 0-65535' })
    .default(3000),
  SLACK_API_URL: optionalText.pipe(
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://slack.com/api/' })
      .transform((u) => (u.endsWith('/') ? u : `${u}/`))
      .optional(),
  ),
  DATABASE_URL: optionalText.default('./data/migrate-bot.db'),
  DEFAULT_TZ: optionalText
    .default('UTC')
    .refine((tz) => isTimeZone(tz ?? 'UTC'), { error: 'must be an IANA time zone such as Europe/Berlin' }),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })
    .optional()
    .default('info'),
  LOG_FORMAT: optionalText.pipe(z.enum(['json', 'pretty'], { error: 'must be json or pretty' }).optional()),
  NODE_ENV: optionalText,
  HEALTH_SOURCE_HOSTS: zHostAllowlist,
  MIGRATE_BOT_ENCRYPTION_KEY: optionalText.transform((v, ctx) => {
    if (v === undefined) return undefined;
    const key = parseEncryptionKey(v);
    if (key) return key;
    ctx.addIssue({ code: 'custom', message: 'must be 32 random bytes in base64 or hex (openssl rand -base64 32)' });
    return z.NEVER;
  }),
});

/** All three set: OAuth mode (installs through /slack/install, a token per workspace in the database). */
const OAUTH_VARIABLES = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

// Checked beside the schema, not in a refinement of it: zod skips refinements once a field failed,
// and every problem must be reported in the one message.
function crossFieldProblems(env: NodeJS.ProcessEnv): string[] {
  const set = (name: string) => (env[name] ?? '').trim() !== '';
  const problems: string[] = [];
  const oauth = OAUTH_VARIABLES.filter(set);
  if (oauth.length === 0 && !set('SLACK_BOT_TOKEN')) {
    problems.push(
      'SLACK_BOT_TOKEN is required: the bot token (xoxb-…) from "OAuth & Permissions" (or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET for OAuth mode, to install in many workspaces)',
    );
  }
  if (!set('SLACK_APP_TOKEN') && !set('SLACK_SIGNING_SECRET')) {
    problems.push(
      'SLACK_SIGNING_SECRET is required in HTTP mode: "Basic Information" > "Signing Secret" (or set SLACK_APP_TOKEN for Socket Mode)',
    );
  }
  if (oauth.length > 0 && oauth.length < OAUTH_VARIABLES.length) {
    const missing = OAUTH_VARIABLES.filter((name) => !set(name));
    problems.push(
      `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} required in OAuth mode (${oauth.join(' and ')} ${oauth.length === 1 ? 'is' : 'are'} set): "Basic Information" > "App Credentials"`,
    );
  }
  if (oauth.length === OAUTH_VARIABLES.length && !set('MIGRATE_BOT_ENCRYPTION_KEY')) {
    problems.push(
      "MIGRATE_BOT_ENCRYPTION_KEY is required in OAuth mode: it seals each workspace's bot token in the database (openssl rand -base64 32)",
    );
  }
  return problems;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  readonly slack: {
    /** The one token of single-token mode; unset in OAuth mode, where each installation has its own. */
    readonly botToken: string | undefined;
    /** OAuth mode: set when all three OAuth variables are (config refuses only some of them). */
    readonly oauth:
      | { readonly clientId: string; readonly clientSecret: string; readonly stateSecret: string }
      | undefined;
    readonly signingSecret: string | undefined;
    readonly appToken: string | undefined;
    readonly apiUrl: string | undefined;
  };
  readonly port: number;
  readonly databaseUrl: string;
  readonly defaultTz: string;
  readonly logLevel: LogLevel;
  /** Metrics source hosts a lead may point health checks at; empty: no source can be saved. */
  readonly healthSourceHosts: HostAllowlist;
  /** Seals secrets kept in the database (workspace tokens, metrics-source credentials). */
  readonly encryptionKey: Buffer | undefined;
  /** pino-pretty lines instead of JSON: LOG_FORMAT=pretty, or NODE_ENV=development. */
  readonly prettyLogs: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `migrate-bot cannot start: its configuration has ${plural(problems.length, 'problem')}.\n${problems
        .map((p) => `  - ${p}`)
        .join('\n')}\nSet them in the environment or in a .env file (see .env.example).`,
    );
    this.name = 'ConfigError';
  }
}

/** Parses the environment once. Messages name the variable and the fix, never its value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = zEnv.safeParse(env);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'} ${i.message}`)),
    ...crossFieldProblems(env),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      oauth:
        e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET
          ? { clientId: e.SLACK_CLIENT_ID, clientSecret: e.SLACK_CLIENT_SECRET, stateSecret: e.SLACK_STATE_SECRET }
          : undefined,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
    },
    port: e.PORT,
    databaseUrl: e.DATABASE_URL ?? './data/migrate-bot.db',
    defaultTz: e.DEFAULT_TZ ?? 'UTC',
    logLevel: e.LOG_LEVEL,
    healthSourceHosts: e.HEALTH_SOURCE_HOSTS,
    encryptionKey: e.MIGRATE_BOT_ENCRYPTION_KEY,
    prettyLogs: e.LOG_FORMAT === 'pretty' || (e.LOG_FORMAT === undefined && e.NODE_ENV === 'development'),
  };
}
