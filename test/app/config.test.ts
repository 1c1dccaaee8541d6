import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

const SECRET = 'shh-signing-secret-value';
const TOKEN = 'xoxb-123-secret-token';

describe('loadConfig', () => {
  it('reads a full HTTP-mode environment with defaults', () => {
    const c = loadConfig({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET });
    expect(c).toMatchObject({ port: 3000, databaseUrl: './data/migrate-bot.db', defaultTz: 'UTC', logLevel: 'info' });
    expect(c.slack.appToken).toBeUndefined();
    expect(c.slack.apiUrl).toBeUndefined();
  });

  it('switches to Socket Mode with an app token and needs no signing secret then', () => {
    const c = loadConfig({ SLACK_BOT_TOKEN: TOKEN, SLACK_APP_TOKEN: 'xapp-1-abc' });
    expect(c.slack.appToken).toBe('xapp-1-abc');
  });

  it('normalises SLACK_API_URL to end in a slash', () => {
    const c = loadConfig({
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: 'http://127.0.0.1:9/api',
    });
    expect(c.slack.apiUrl).toBe('http://127.0.0.1:9/api/');
  });

  it('lists every problem at once, names each variable, and never prints a value', () => {
    const env = {
      SLACK_BOT_TOKEN: 'xoxp-user-token-secret',
      SLACK_APP_TOKEN: 'not-an-app-token-secret',
      PORT: 'eighty',
      DEFAULT_TZ: 'Mars/Olympus',
      LOG_LEVEL: 'loud',
      SLACK_API_URL: 'ftp://nope',
    };
    let error: unknown;
    try {
      loadConfig(env);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'PORT', 'DEFAULT_TZ', 'LOG_LEVEL', 'SLACK_API_URL']) {
      expect(message).toContain(name);
    }
    expect((error as ConfigError).problems).toHaveLength(6);
    for (const value of Object.values(env)) expect(message).not.toContain(value);
  });

  it('asks for the signing secret in HTTP mode', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: TOKEN })).toThrow(/SLACK_SIGNING_SECRET is required in HTTP mode/);
  });
});
