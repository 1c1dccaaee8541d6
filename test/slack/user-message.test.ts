import { ConsoleLogger } from '@slack/logger';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  asCodedError,
  BadArgumentsError,
  BadImportError,
  type CodedError,
  ConflictError,
  ERROR_CODES,
  type ErrorCode,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  notFound,
  UnexpectedError,
} from '../../src/errors.ts';
import { describeError, toUserMessage } from '../../src/slack/user-message.ts';

class CapturingLogger extends ConsoleLogger {
  readonly errors: string[] = [];
  override error(...msg: unknown[]) {
    this.errors.push(msg.map(String).join(' '));
  }
}

const zodError = z.object({ channelId: z.string() }).safeParse({}).error;

// One case per kind of every code, with the sentence a person reads.
const CASES: ReadonlyArray<readonly [CodedError, string]> = [
  [
    new BadArgumentsError({
      kind: 'invalid-input',
      issues: [
        { path: 'a.b', message: 'is wrong' },
        { path: '', message: 'too many' },
      ],
    }),
    'That input is not valid:\na.b: is wrong\ntoo many',
  ],
  [new BadArgumentsError({ kind: 'rejected', reasons: ['one.', 'two.'] }), 'one.\ntwo.'],
  [
    new BadArgumentsError({ kind: 'self-dependency', service: 'a*b' }),
    'A service cannot depend on itself: *a\u200B*\u200Bb* needs another service after `on`.',
  ],
  [new BadArgumentsError({ kind: 'on-or-off', key: 'rehearsal-gate' }), '`rehearsal-gate` takes `on` or `off`.'],
  [
    new BadArgumentsError({ kind: 'unknown-setting', key: 'x`y' }),
    'There is no setting `xˋy`. `/migrate set` lists them with their ranges.',
  ],
  [new BadArgumentsError({ kind: 'setting-needs-value', key: 'engineers' }), '`set engineers` needs a value.'],
  [
    new NotFoundError({ kind: 'migration-gone', nothingDone: true }),
    'That migration no longer exists; nothing was done.',
  ],
  [new NotFoundError({ kind: 'migration-gone', nothingDone: false }), 'That migration no longer exists.'],
  [
    new NotFoundError({ kind: 'migration-named', name: '<!here>' }),
    'There is no migration called *&lt;!here&gt;* here. `/migrate list` shows them all.',
  ],
  [
    new NotFoundError({ kind: 'no-active-migration' }),
    'This channel has no active migration. Start one with `/migrate new <name>`, or name one with `--migration <name>` (see `/migrate list`).',
  ],
  [new NotFoundError({ kind: 'plan-batch', batch: 4 }), 'The current plan has no batch 4.'],
  [
    new NotFoundError({ kind: 'no-plan', migration: 'Move' }),
    '*Move* has no plan yet. One of its leads makes it with `/migrate plan`.',
  ],
  [
    new NotFoundError({ kind: 'no-services', migration: 'Move' }),
    '*Move* has no services yet. Load the graph with `/migrate import` first.',
  ],
  [
    new NotFoundError({ kind: 'runbook-step', service: 'api', key: 'zz', keys: ['drain', 'flip'] }),
    '*api* has no step `zz`. Its steps: `drain`, `flip`.',
  ],
  [
    new ForbiddenError({ kind: 'not-lead', migration: 'Move', right: 're-plan it', leads: ['U1', 'U2', 'U1'] }),
    'Only the leads of *Move* may re-plan it: <@U1>, <@U2>. Ask one of them, or ask them to add you with `/migrate leads add @you`.',
  ],
  [
    new ForbiddenError({ kind: 'private-channel', migration: 'Move' }),
    '*Move* belongs to a private channel you are not in.',
  ],
  [new ForbiddenError({ kind: 'archived', migration: 'Move' }), '*Move* is archived: it can be read but not changed.'],
  [
    new ForbiddenError({ kind: 'archived-meanwhile', migration: 'Move' }),
    '*Move* was archived meanwhile; nothing was imported.',
  ],
  [new ConflictError({ kind: 'already-archived' }), 'That migration is already archived; nothing changed.'],
  [new ConflictError({ kind: 'archived-now' }), 'That migration is archived now; nothing changed.'],
  [new ConflictError({ kind: 'service-removed', service: 'api' }), '*api* was already removed; nothing changed.'],
  [
    new ConflictError({ kind: 'service-moved-meanwhile', service: 'api' }),
    '*api* started or went meanwhile; run the command again.',
  ],
  [
    new ConflictError({ kind: 'channel-has-migration', active: 'Move' }),
    'This channel already runs *Move*. Archive it first with `/migrate archive` (it stays readable), then start a new one.',
  ],
  [
    new ConflictError({ kind: 'name-taken', name: 'Move' }),
    'A migration called *Move* already exists in this workspace; pick another name.',
  ],
  [
    new ConflictError({ kind: 'runbook-full', service: 'api', max: 80 }),
    '*api* already has 80 steps, as many as one message can show.',
  ],
  [
    new ConflictError({ kind: 'step-exists', service: 'api', phase: 'cutover' }),
    'The cutover phase of *api* already has that step.',
  ],
  [
    new ConflictError({ kind: 'step-already-skipped', key: 'drain', skipReason: 'no <b>' }),
    '`drain` is already skipped (no &lt;b&gt;).',
  ],
  [new ConflictError({ kind: 'step-raced' }), 'That step changed at the same moment; nothing was changed. Try again.'],
  [
    new InvalidTransitionError(['*api*: not now.', '*web*: not now either.']),
    '*api*: not now.\n*web*: not now either.',
  ],
  [new BadImportError({ kind: 'not-slack-hosted' }), 'That file is not hosted by Slack, so the bot will not fetch it.'],
  [new BadImportError({ kind: 'download-status', status: 403 }), 'Slack answered 403 when the bot fetched the file.'],
  [new BadImportError({ kind: 'too-large', maxBytes: 5_000_000 }), 'The file is over 5 MB.'],
];

describe('the translator', () => {
  it.each(CASES)('writes the sentence for %s', (err, sentence) => {
    expect(describeError(err)).toBe(sentence);
    expect(err.message).not.toBe(sentence);
  });

  it('has a case for every code', () => {
    const covered = new Set<ErrorCode>([...CASES.map(([err]) => err.code), 'migrate_unexpected']);
    expect([...covered].sort()).toEqual([...ERROR_CODES].sort());
  });

  it('gives an unexpected failure a ref, logs it with the cause, and never shows the cause', () => {
    const logger = new CapturingLogger();
    const message = toUserMessage(new Error('db exploded: secret-ish detail'), logger, '[cmd:plan]');
    const ref = /\(ref `([0-9a-f]{8})`\)/.exec(message.text)?.[1];
    expect(ref).toBeDefined();
    expect(message.text).not.toContain('db exploded');
    expect(logger.errors).toHaveLength(1);
    expect(logger.errors[0]).toContain(`[cmd:plan] failed (ref ${ref}):`);
    expect(logger.errors[0]).toContain('db exploded');
  });

  it('turns a ZodError into `path: message` lines and logs nothing', () => {
    const logger = new CapturingLogger();
    expect(zodError).toBeDefined();
    const coded = asCodedError(zodError);
    expect(coded).toBeInstanceOf(BadArgumentsError);
    expect(toUserMessage(zodError, logger, '[view:assess]').text).toMatch(/^That input is not valid:\nchannelId: \S/);
    expect(logger.errors).toEqual([]);
  });

  it('keeps a coded error as it is, and wraps anything else as unexpected', () => {
    const coded = new ConflictError({ kind: 'step-raced' });
    expect(asCodedError(coded)).toBe(coded);
    const stray = asCodedError('a string was thrown');
    expect(stray).toBeInstanceOf(UnexpectedError);
    expect(stray.cause).toBe('a string was thrown');
  });

  it('shows an adapter-made error (code still being rewritten) by its message', () => {
    expect(describeError(notFound('There is no batch 9: 1, 2.'))).toBe('There is no batch 9: 1, 2.');
  });
});
