import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import {
  buildDigest,
  type DigestEventInput,
  type DigestInput,
  type DigestModel,
  type DigestServiceInput,
} from '../../src/domain/digest.ts';
import { digestHeadline, openStepCount } from '../../src/domain/digest-summary.ts';
import type { Message } from '../../src/slack/effect.ts';
import { DIGEST_LIMITS, digestMessage, digestThread } from '../../src/slack/views/digest-message.ts';
import { assertWithinBlockKitLimits } from '../support/block-kit-limits.ts';

const at = (iso: string) => new Date(iso);
const now = at('2026-06-16T07:30:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(now.getTime() - ms);

/** Every text a block carries, as Slack counts it. */
function blockTexts(block: KnownBlock): string[] {
  switch (block.type) {
    case 'header':
      return [block.text.text];
    case 'section':
      return [block.text?.text ?? '', ...(block.fields ?? []).map((f) => f.text)];
    case 'context':
      return block.elements.flatMap((e) => ('text' in e && typeof e.text === 'string' ? [e.text] : []));
    default:
      return [];
  }
}

const allText = (messages: readonly Message[]) =>
  messages.flatMap((m) => (m.blocks ?? []).flatMap(blockTexts)).join('\n');

function small(): DigestInput {
  const service = (
    name: string,
    state: DigestServiceInput['state'],
    changed: Date,
    extra: Partial<DigestServiceInput> = {},
  ): DigestServiceInput => ({
    name,
    owner: null,
    state,
    stateChangedAt: changed,
    startedAt: null,
    batch: null,
    track: 'sequential',
    position: null,
    monitoringEndsAt: null,
    ...extra,
  });
  return {
    migration: {
      name: 'Queues <to> Kafka & co',
      strategy: 'sequential',
      from: 'RabbitMQ',
      to: 'Kafka',
      createdAt: at('2026-05-01T00:00:00Z'),
      planCreatedAt: at('2026-05-01T00:00:00Z'),
      graphChangedAt: null,
      planEstimateWorkingDays: null,
    },
    services: [
      service('done-1', 'done', at('2026-05-10T00:00:00Z')),
      service('watch-<me>', 'monitoring', ago(20 * HOUR), {
        owner: 'U0BOB',
        monitoringEndsAt: at('2026-06-16T12:00:00Z'),
      }),
      service('slow_*one*', 'shadow', ago(9 * DAY), { owner: 'Core & Infra <team>' }),
      service('next', 'planned', at('2026-05-01T00:00:00Z')),
    ],
    events: [
      {
        at: ago(2 * HOUR),
        actor: 'U0ALICE',
        action: 'rollback',
        service: 'done-2',
        from: 'monitoring',
        to: 'rolled_back',
        reason: 'errors > 2% <@U0EVIL> & worse',
      },
    ],
    runbookSteps: [{ service: 'watch-<me>', owner: null, text: 'Watch <lag> & alerts', phase: 'monitoring' }],
    approvals: [
      { services: ['next'], requestedAt: ago(3 * HOUR), permalink: 'https://example.slack.com/archives/C1/p1' },
    ],
    settings: { 'effort-days': 5, 'monitoring-hours': 24 },
    timeZone: 'Europe/Berlin',
    lastDigestAt: ago(DAY),
    redChecks: [],
    forecastSeed: 1,
  };
}

describe('digestMessage', () => {
  const model = buildDigest(small(), now);
  const message = digestMessage(model);
  const text = allText([message]);

  it('stays within Block Kit limits', () => {
    assertWithinBlockKitLimits(message);
  });

  it('leads with the headline, dates as Slack date tokens', () => {
    const blocks = message.blocks ?? [];
    expect(blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Migration digest: Queues <to> Kafka & co' },
    });
    const headline = blockTexts(blocks[1] as KnownBlock)[0] ?? '';
    expect(headline).toMatch(/^\*1 of 4 services moved \(25%\)\. /);
    // The plan (made 1 May, 4 services of 8.4 days) said 3 June: its date has passed, and the headline says so.
    expect(headline).toMatch(
      /Behind: the plan said done by <!date\^\d+\^\{date_short_pretty\}\|[^>]+>, and that date has passed; now likely done by <!date/,
    );
    expect(headline).toContain(
      'Today: 1 cutover waits for approval, 1 monitoring window ends, 1 runbook step is open.',
    );
  });

  it('shows the bar, the counts, the warnings and the forecast', () => {
    expect(text).toContain('`█████░░░░░░░░░░░░░░░` 25%');
    expect(text).toContain('*1* done · *2* in flight · *1* planned · *0* rolled back');
    expect(text).toContain('*Needs attention*');
    expect(text).toContain(':rewind: 1 rollback in the last day: *done-2*');
    expect(text).toContain(
      ':hourglass: 1 service in _shadow_ for more than 7 days; longest: *slow\u200B_\u200B\u200B*\u200Bone',
    );
    expect(text).toMatch(/\*Projected finish\*: likely <!date\^\d+\^\{date_short_pretty\}\|/);
    expect(text).toContain("From the plan's own estimate (");
    expect(text).toContain(
      'In the thread: 1 cutover waiting for approval · 1 monitoring window ending today · the details of every warning · 1 runbook step due now for 1 owner · 1 change',
    );
  });

  it('escapes what users typed and keeps a plain-text fallback', () => {
    expect(message.text).toBe(`Migration digest for Queues &lt;to&gt; Kafka &amp; co: ${digestHeadline(model)}`);
    expect(message.text).not.toMatch(/<!date/);
  });
});

describe('digestThread', () => {
  const model = buildDigest(small(), now);
  const thread = digestThread(model);
  const text = allText(thread);

  it('holds every list, within limits', () => {
    expect(thread).toHaveLength(1);
    for (const m of thread) assertWithinBlockKitLimits(m);
    const headers = (thread[0]?.blocks ?? []).filter((b) => b.type === 'header').flatMap(blockTexts);
    // What needs action first.
    expect(headers).toEqual([
      'Cutovers waiting for approval (1)',
      'Monitoring windows ending today (1)',
      'Needs attention (2)',
      'Runbook steps due now (1)',
      'Changes since the last digest (1)',
    ]);
  });

  it('mentions user owners, escapes team names, links approvals and escapes reasons', () => {
    expect(text).toContain('*<@U0BOB>* · 1 step');
    expect(text).toContain('*watch-&lt;me&gt;* (monitoring): Watch &lt;lag&gt; &amp; alerts');
    expect(text).toContain('Core &amp; Infra &lt;team&gt;');
    expect(text).toContain('<https://example.slack.com/archives/C1/p1|open the request>');
    expect(text).toContain(
      '<@U0ALICE> rolled back *done-2* from _monitoring_: errors &gt; 2% &lt;@U0EVIL&gt; &amp; worse',
    );
    expect(text).not.toContain('<@U0EVIL>');
    expect(text).toMatch(/ends <!date\^\d+\^\{date_short_pretty\} \{time\}\|2026-06-16 12:00 UTC>/);
  });

  it('is empty when there is nothing to list', () => {
    const quiet = buildDigest({ ...small(), events: [], runbookSteps: [], approvals: [], services: [] }, now);
    expect(digestThread(quiet)).toEqual([]);
    expect(allText([digestMessage(quiet)])).toContain('Nothing else to list today');
  });
});

/** A migration of n services in every state, with long, hostile names and a busy day. */
function big(n: number): DigestInput {
  const states: DigestServiceInput['state'][] = [
    'done',
    'shadow',
    'shadow',
    'awaiting_approval',
    'cutover',
    'monitoring',
    'rolled_back',
    'planned',
    'planned',
    'planned',
  ];
  const services: DigestServiceInput[] = Array.from({ length: n }, (_, i) => {
    const state = states[i % states.length] ?? 'planned';
    return {
      name: `svc-${i}-${'<&>*_'.repeat(4)}-${'x'.repeat(40)}`,
      owner: i % 3 === 0 ? `U${String(1000 + (i % 97)).padStart(8, '0')}` : `Team ${i % 13} & <friends>`,
      state,
      stateChangedAt: state === 'done' ? ago(30 * DAY - i * 1000) : ago(10 * DAY + i * 1000),
      startedAt: ago(40 * DAY),
      batch: Math.floor(i / 25),
      track: 'parallel',
      position: i,
      monitoringEndsAt: state === 'monitoring' ? at('2026-06-16T15:00:00Z') : null,
    };
  });
  const events: DigestEventInput[] = services.map((s, i) => ({
    at: ago(i * 1000),
    actor: i % 2 === 0 ? 'U0ACTOR1' : null,
    action: i % 5 === 0 ? 'rollback' : 'transition',
    service: s.name,
    from: 'shadow',
    to: i % 5 === 0 ? 'rolled_back' : 'awaiting_approval',
    reason: `${'because & <reasons> '.repeat(30)}`,
  }));
  const inFlight = services.filter((s) => ['shadow', 'awaiting_approval', 'cutover', 'monitoring'].includes(s.state));
  return {
    migration: {
      name: `Big move ${'&'.repeat(200)}`,
      strategy: 'parallel',
      from: 'EC2',
      to: 'Kubernetes',
      createdAt: ago(60 * DAY),
      planCreatedAt: ago(60 * DAY),
      graphChangedAt: ago(DAY),
      planEstimateWorkingDays: 300,
    },
    services,
    events,
    runbookSteps: inFlight.flatMap((s) => [
      { service: s.name, owner: null, text: `Check ${'<the> & dashboards '.repeat(40)}`, phase: s.state },
      { service: s.name, owner: 'U0SRE', text: 'Page the on-call if error rate > 1%', phase: s.state },
    ]),
    approvals: [
      { services: services.map((s) => s.name), requestedAt: ago(2 * DAY), permalink: 'https://x.slack.com/p1' },
      ...services
        .filter((s) => s.state === 'awaiting_approval')
        .map((s) => ({ services: [s.name], requestedAt: ago(DAY), permalink: 'https://x.slack.com/p2' })),
    ],
    settings: { 'effort-days': 5, 'monitoring-hours': 24 },
    timeZone: 'Asia/Tokyo',
    lastDigestAt: ago(DAY),
    redChecks: [],
    forecastSeed: 7,
  };
}

describe.each([500, 5000])('a digest of %i services', (n) => {
  const model: DigestModel = buildDigest(big(n), now);
  const message = digestMessage(model);
  // Uncapped: these tests check the splitting; test/e2e/digest-thread.test.ts checks the cap.
  const thread = digestThread(model, Number.POSITIVE_INFINITY);

  it('keeps the channel message short and within limits', () => {
    assertWithinBlockKitLimits(message);
    expect(message.blocks?.length).toBeLessThanOrEqual(10);
    expect(allText([message]).length).toBeLessThan(4000);
  });

  it('splits the lists over as many thread replies as needed, each within limits', () => {
    expect(thread.length).toBeGreaterThan(n / 100);
    for (const reply of thread) {
      assertWithinBlockKitLimits(reply);
      const blocks = reply.blocks ?? [];
      expect(blocks.length).toBeLessThanOrEqual(DIGEST_LIMITS.blocksPerMessage);
      expect(blocks[0]?.type).toBe('header');
      const texts = blocks.flatMap(blockTexts);
      expect(texts.join('').length).toBeLessThanOrEqual(DIGEST_LIMITS.messageChars);
      for (const t of texts) {
        expect(t.length).toBeLessThanOrEqual(3000);
        // No Slack token (<@U…>, <!date…>, <url|…>) was cut in two, and no user text kept a raw < or >.
        expect(t.split('<').length).toBe(t.split('>').length);
      }
    }
    expect(thread.map((m) => m.text)[0]).toMatch(
      /^Digest for Big move (&amp;)+ \(1\/\d+\): Cutovers waiting for approval/,
    );
  });

  it('loses no item when splitting', () => {
    const text = allText(thread);
    const count = (needle: string) => text.split(needle).length - 1;
    // One line per change, per runbook step, per stuck or rolled-back service.
    expect(count('rolled back *svc-') + count('moved *svc-')).toBe(n);
    expect(count('Page the on-call')).toBe(openStepCount(model) / 2);
    const stuck = model.warnings.flatMap((w) => (w.kind === 'stuck' ? w.services : []));
    expect(stuck.length).toBeGreaterThan(0);
    expect(count(' days, since ')).toBe(stuck.length);
    expect(count('open the request')).toBe(model.approvals.length);
    expect(text).toContain('and 4995 more'.replace('4995', String(n - 5)));
  });
});
