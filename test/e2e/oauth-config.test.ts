// OAuth mode's configuration: all three variables choose it, some of them is a mistake named in the
// one message, and without the encryption key the bot refuses to start.
import { describe, expect, it } from 'vitest';
import { createBot, StartupError } from '../../src/app.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';

const OAUTH = {
  SLACK_CLIENT_ID: '1234.5678',
  SLACK_CLIENT_SECRET: 'client-secret-value',
  SLACK_STATE_SECRET: 'state-secret-value-0123456789',
  SLACK_SIGNING_SECRET: 'signing-secret-value',
};
const KEY = Buffer.alloc(32, 3).toString('base64');

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('OAuth mode configuration', () => {
  it('is chosen by the three OAuth variables, with no bot token needed', () => {
    const config = loadConfig({ ...OAUTH, MIGRATE_BOT_ENCRYPTION_KEY: KEY });
    expect(config.slack.oauth).toEqual({
      clientId: OAUTH.SLACK_CLIENT_ID,
      clientSecret: OAUTH.SLACK_CLIENT_SECRET,
      stateSecret: OAUTH.SLACK_STATE_SECRET,
    });
    expect(config.slack.botToken).toBeUndefined();
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).slack.oauth).toBeUndefined();
  });

  it('names the missing OAuth variables with every other problem, never a value', () => {
    const problems = problemsOf({ SLACK_CLIENT_ID: OAUTH.SLACK_CLIENT_ID, PORT: 'eighty' });
    expect(problems).toEqual([
      'PORT must be a port number',
      expect.stringMatching(/^SLACK_SIGNING_SECRET is required in HTTP mode/),
      expect.stringMatching(
        /^SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are required in OAuth mode \(SLACK_CLIENT_ID is set\)/,
      ),
    ]);
    expect(problems.join('\n')).not.toContain(OAUTH.SLACK_CLIENT_ID);
  });

  it('refuses OAuth mode without the encryption key, in one line', () => {
    const problems = problemsOf(OAUTH);
    expect(problems).toEqual([
      "MIGRATE_BOT_ENCRYPTION_KEY is required in OAuth mode: it seals each workspace's bot token in the database (openssl rand -base64 32)",
    ]);
    for (const value of Object.values(OAUTH)) expect(problems.join('\n')).not.toContain(value);
  });

  it('refuses to build the bot in OAuth mode without a key, before opening anything', () => {
    const config = { ...loadConfig({ ...OAUTH, MIGRATE_BOT_ENCRYPTION_KEY: KEY }), encryptionKey: undefined };
    expect(() => createBot(config)).toThrow(StartupError);
    expect(() => createBot(config)).toThrow(/^OAuth mode needs MIGRATE_BOT_ENCRYPTION_KEY/);
  });
});
