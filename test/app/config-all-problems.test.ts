import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('loadConfig, every problem at once', () => {
  it('reports the missing signing secret together with the other problems, not after them', () => {
    const problems = problemsOf({ SLACK_BOT_TOKEN: 'xoxp-user', PORT: 'eighty' });
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['SLACK_BOT_TOKEN', 'PORT', 'SLACK_SIGNING_SECRET']);
  });

  it('reports everything when nothing is set', () => {
    expect(problemsOf({}).map((p) => p.split(' ')[0])).toEqual(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET']);
  });

  it('reads LOG_FORMAT (empty as unset) and makes development pretty by default', () => {
    const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' };
    expect(loadConfig({ ...base, LOG_FORMAT: '' }).prettyLogs).toBe(false);
    expect(loadConfig({ ...base, NODE_ENV: 'development' }).prettyLogs).toBe(true);
    expect(loadConfig({ ...base, NODE_ENV: 'development', LOG_FORMAT: 'json' }).prettyLogs).toBe(false);
    expect(problemsOf({ ...base, LOG_FORMAT: 'xml' })).toEqual(['LOG_FORMAT must be json or pretty']);
  });
});
