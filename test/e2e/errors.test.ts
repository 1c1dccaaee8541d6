import { ConsoleLogger } from '@slack/logger';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';
import { USER } from '../support/slack-requests.ts';

class CapturingLogger extends ConsoleLogger {
  readonly errors: string[] = [];
  override error(...msg: unknown[]) {
    this.errors.push(msg.map(String).join(' '));
  }
  override warn() {}
  override info() {}
  override debug() {}
}

describe('failures', () => {
  let h: Harness;
  let logger: CapturingLogger;
  beforeEach(async () => {
    logger = new CapturingLogger();
    h = await startHarness({ logger });
  });
  afterEach(async () => {
    expect(h.fake.violations).toEqual([]);
    await h.close();
  });

  it('answers an unexpected failure once, privately, with a ref the log shows with the cause', async () => {
    // A channel post would go to the outbox and be retried there; a modal belongs to this request.
    h.fake.on('views.open', () => ({ ok: false, error: 'fatal_error' }));
    const { responseId } = await h.slash('assess');
    await h.bot.idle();
    const answers = h.fake.responses.filter((r) => r.id === responseId);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.body.response_type).toBe('ephemeral');
    const text = String(answers[0]?.body.text);
    const ref = /\(ref `([0-9a-f]{8})`\)/.exec(text)?.[1];
    expect(text).toContain("Something went wrong on the bot's side");
    expect(ref).toBeDefined();
    const logged = logger.errors.filter((line) => line.includes(`ref ${ref}`));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('[cmd:assess]');
    expect(logged[0]).toContain('fatal_error');
    expect(text).not.toContain('fatal_error');
  });

  it('answers a Home button for a migration that is gone with a coded message, and logs nothing', async () => {
    await h.click({ actionId: 'home_open_status', value: '4242', userId: USER });
    await h.bot.idle();
    const answers = h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === USER);
    expect(answers.map((c) => c.args.text)).toEqual(['That migration no longer exists.']);
    expect(h.fake.responses).toEqual([]);
    expect(logger.errors).toEqual([]);
  });
});
