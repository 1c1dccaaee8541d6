// One logger travels in deps, and Bolt and the Web API client share it: pino underneath (JSON lines,
// pretty only in development when pino-pretty is installed), behind the @slack/logger interface the
// code uses. Lines written while Bolt handles a request carry that request's fields (request id,
// workspace, kind, subcommand) through an AsyncLocalStorage that src/instrument.ts fills, so no
// listener needs a logger of its own.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { format } from 'node:util';
import { type Logger, LogLevel } from '@slack/logger';
import { type DestinationStream, type Logger as PinoLogger, pino } from 'pino';
import type { LogLevel as ConfigLogLevel } from './config.ts';

export type { Logger };

export const LEVELS: Record<ConfigLogLevel, LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

/** Fields added to every line logged while a request (or a tick) is handled. */
export type LogFields = Readonly<Record<string, string | number | undefined>>;

export const logContext = new AsyncLocalStorage<LogFields>();

/** Runs `fn` with `fields` on every line it logs, nested contexts adding to the outer one. */
export function withLogFields<T>(fields: LogFields, fn: () => T): T {
  return logContext.run({ ...logContext.getStore(), ...fields }, fn);
}

// Field names whose values are secrets wherever they appear (a request body, a Web API result, an
// error's request options). pino replaces them before a line is written.
const SECRET_KEYS = [
  'token',
  'botToken',
  'bot_token',
  'appToken',
  'app_token',
  'userToken',
  'access_token',
  'refresh_token',
  'signingSecret',
  'signing_secret',
  'clientSecret',
  'client_secret',
  'stateSecret',
  'encryptionKey',
  'secret',
  'key',
  'password',
  'authorization',
  'Authorization',
  'x-slack-signature',
];
export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`]);

// A secret field inside free text (the Web API client's "http request body: {…}" line, which
// carries oauth.v2.access's client_secret) is masked by its name too.
const SECRET_FIELD_IN_TEXT = new RegExp(`("(?:${SECRET_KEYS.join('|')})"\\s*:\\s*)"[^"]*"`, 'g');

// Slack tokens inside free text (a stringified request, an error message) are masked as well.
const TOKEN_IN_TEXT = /\b(xox[abposre]|xapp)-[A-Za-z0-9-]+/g;

export interface LoggerOptions {
  /** Where lines go; stdout by default. Tests pass a stream to read them. */
  readonly destination?: DestinationStream;
  /** Human-readable lines through pino-pretty, if installed (a dev dependency); JSON otherwise. */
  readonly pretty?: boolean;
  /** Values never to print, masked wherever they occur in a message (the signing secret, tokens). */
  readonly secrets?: readonly (string | undefined)[];
}

const PINO_LEVEL: Record<LogLevel, ConfigLogLevel> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

function prettyStream(): DestinationStream | undefined {
  try {
    // Optional at run time: `npm ci --omit=dev` leaves it out and the logger falls back to JSON.
    const pretty = createRequire(import.meta.url)('pino-pretty') as (o: object) => DestinationStream;
    return pretty({ sync: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l' });
  } catch {
    return undefined;
  }
}

export function createLogger(level: ConfigLogLevel, name = 'migrate-bot', options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 6);
  const mask = (text: string): string => {
    let out = text.replace(TOKEN_IN_TEXT, '$1-[Redacted]');
    for (const s of secrets) out = out.split(s).join('[Redacted]');
    return out;
  };
  const destination = (options.pretty ? prettyStream() : undefined) ?? options.destination;
  const base: PinoLogger = pino(
    {
      name,
      level,
      redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
      mixin: () => ({ ...logContext.getStore() }),
      serializers: { err: pino.stdSerializers.err },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        // Error messages and stacks are free text too: mask tokens in them before they are written.
        streamWrite: mask,
      },
    },
    destination,
  );
  let current: ConfigLogLevel = level;

  const write = (lvl: ConfigLogLevel, args: unknown[]) => {
    if (!base.isLevelEnabled(lvl)) return;
    const fields: Record<string, unknown> = {};
    const text: unknown[] = [];
    for (const arg of args) {
      if (arg instanceof Error) {
        if (!fields.err) fields.err = arg;
        text.push(arg.message);
      } else if (typeof arg === 'string' && arg.startsWith('{') && arg.endsWith('}')) {
        // A stringified object (Bolt's debug dump of a request body): logged as data, so the redact
        // paths apply to its fields.
        const parsed = tryJson(arg);
        if (parsed) fields.data = parsed;
        else text.push(arg);
      } else if (arg !== null && typeof arg === 'object') {
        fields.data = arg;
      } else {
        text.push(typeof arg === 'string' ? arg.replace(SECRET_FIELD_IN_TEXT, '$1"[Redacted]"') : arg);
      }
    }
    base[lvl](fields, format(...text));
  };

  return {
    debug: (...msg: unknown[]) => write('debug', msg),
    info: (...msg: unknown[]) => write('info', msg),
    warn: (...msg: unknown[]) => write('warn', msg),
    error: (...msg: unknown[]) => write('error', msg),
    setLevel(l: LogLevel) {
      current = PINO_LEVEL[l] ?? 'info';
      base.level = current;
    },
    getLevel: () => LEVELS[current],
    // Bolt and the Web API client may name the logger they were given; one name is enough here.
    setName() {},
  };
}

function tryJson(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
