// Requests that must not do harm. One sent again verbatim is answered and not done twice (slash
// commands and interactions by their trigger_id, events by their event_id, whatever the retry
// header says); keys are forgotten after an hour. What people type never comes back live.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestKey } from '../../src/slack/listeners/replays.ts';
import { forgetRequestsBefore, rememberRequest } from '../../src/store/request-keys.ts';
import { auditLogTable, requestKeysTable } from '../../src/store/schema.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { BOB, setupMigration } from '../support/lifecycle-fixture.ts';
import { eventBody, sendSigned, slashCommandBody } from '../support/slack-requests.ts';

describe('replayed requests', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ now: () => new Date('2026-11-25T10:00:00Z') });
    await setupMigration(h, { services: [{ name: 'api', owner: BOB }] });
  });
  afterEach(async () => {
    expect(h.fake.violations).toEqual([]);
    await h.close();
  });

  const rehearsals = () =>
    h.bot.store.db
      .select()
      .from(auditLogTable)
      .all()
      .filter((a) => a.action.startsWith('rehearsal'));

  it('records a rehearsal once when the same signed command arrives twice', async () => {
    const body = slashCommandBody('rehearsal api 25', { user_id: BOB, response_url: h.fake.responseUrl() });
    const first = await sendSigned(h.baseUrl, body);
    const again = await sendSigned(h.baseUrl, body);
    expect([first.status, again.status]).toEqual([200, 200]);
    await h.bot.idle();
    expect(rehearsals()).toHaveLength(1);
  });

  it('does a new invocation (a new trigger_id) again', async () => {
    await h.slash('rehearsal api 25', { user_id: BOB });
    await h.slash('rehearsal api 30', { user_id: BOB });
    await h.bot.idle();
    expect(rehearsals()).toHaveLength(2);
  });
});

describe('request keys', () => {
  it('keys an event by its event_id and a command or click by its trigger_id', () => {
    expect(requestKey(JSON.parse(eventBody({ type: 'app_home_opened' })))).toMatch(/^event:Ev/);
    expect(requestKey({ trigger_id: '123.456', type: 'block_actions' })).toBe('trigger:123.456');
    expect(requestKey({ type: 'url_verification' })).toBeNull();
  });

  it('remembers a key once and forgets it after its time', async () => {
    const h = await startHarness();
    const db = h.bot.store.db;
    const at = new Date('2026-11-25T10:00:00Z');
    expect(rememberRequest(db, 'trigger:t1', at)).toBe(true);
    expect(rememberRequest(db, 'trigger:t1', at)).toBe(false);
    expect(forgetRequestsBefore(db, new Date(at.getTime() + 1))).toBe(1);
    expect(rememberRequest(db, 'trigger:t1', at)).toBe(true);
    await h.close();
  });
});

describe('forgetting keys in the running bot', () => {
  it('forgets keys older than an hour, looking at most once a minute', async () => {
    const t0 = new Date('2026-11-25T10:00:00Z').getTime();
    let clock = t0;
    const h = await startHarness({ now: () => new Date(clock) });
    const kept = () =>
      h.bot.store.db
        .select()
        .from(requestKeysTable)
        .all()
        .map((k) => (k.seenAt.getTime() - t0) / 1000)
        .sort((a, b) => a - b);
    const helpAt = async (seconds: number) => {
      clock = t0 + seconds * 1000;
      await h.slash('help');
    };
    await helpAt(0);
    await helpAt(40);
    // An hour and half a minute on: the key from 0 s is an hour old and goes, the one from 40 s stays.
    await helpAt(3630);
    expect(kept()).toEqual([40, 3630]);
    // 20 s later the one from 40 s is an hour old too, but the last look was under a minute ago.
    await helpAt(3650);
    expect(kept()).toEqual([40, 3630, 3650]);
    await helpAt(3691);
    expect(kept()).toEqual([3630, 3650, 3691]);
    await h.close();
  });
});

describe('text people type, echoed back', () => {
  it('cannot broadcast or link from a command’s arguments', async () => {
    const h = await startHarness();
    await setupMigration(h, { services: [{ name: 'api', owner: BOB }] });
    const answer = await h.ask('digest at <!channel>');
    expect(answer).toContain('&lt;!channel&gt;');
    expect(answer).not.toMatch(/<!channel>|<!here>|<!everyone>/);
    await h.close();
  });
});
