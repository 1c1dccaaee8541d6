// Home and the digest read one definition of what waits on whom (src/domain/waiting.ts): the steps
// due now, not every open step; a lead sees the steps nobody owns (issue 11, item 6).
import { eq, inArray } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RUNBOOK_PHASES } from '../../src/domain/runbook.ts';
import { ensureRunbooks } from '../../src/services/runbooks.ts';
import { effectivePlan } from '../../src/store/lifecycle.ts';
import { runbookStepsTable, servicesTable } from '../../src/store/schema.ts';
import { postDigest } from '../support/digest-reading.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { BOB, setupMigration } from '../support/lifecycle-fixture.ts';
import { eventBody, sendSigned, USER } from '../support/slack-requests.ts';

async function openHome(h: Harness, user: string): Promise<string> {
  const before = h.fake.callsTo('views.publish').filter((c) => c.args.user_id === user).length;
  const res = await sendSigned(
    h.baseUrl,
    eventBody({ type: 'app_home_opened', user, tab: 'home', channel: 'D0HOME' }),
    { contentType: 'application/json' },
  );
  expect(res.status).toBe(200);
  const call = await h.fake.waitForCall('views.publish', (c) => c.args.user_id === user, before);
  return JSON.stringify(call.args.view);
}

describe('what waits on whom, on Home and in the digest', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ now: () => new Date('2026-11-25T10:00:00Z') });
  });
  afterEach(async () => {
    expect(h.fake.violations).toEqual([]);
    await h.close();
  });

  it('shows the steps due now, and the lead the steps on services nobody owns', async () => {
    const m = await setupMigration(h, {
      strategy: 'parallel',
      services: [{ name: 'api', owner: BOB }, { name: 'web' }, { name: 'db' }],
    });
    const db = h.bot.store.db;
    db.update(servicesTable)
      .set({ state: 'shadow' })
      .where(inArray(servicesTable.name, ['api', 'web']))
      .run();
    db.update(servicesTable).set({ owner: null, ownerKind: null }).where(eq(servicesTable.name, 'web')).run();
    const inFlight = db
      .select()
      .from(servicesTable)
      .where(inArray(servicesTable.name, ['api', 'web']))
      .all();
    db.transaction((tx) => ensureRunbooks(tx, m, inFlight, effectivePlan(tx, m), new Date('2026-11-25T09:00:00Z')));
    const steps = db.select().from(runbookStepsTable).all();
    const dueIn = (service: string) => {
      const id = inFlight.find((s) => s.name === service)?.id;
      // In shadow, the prepare, shadow and validate steps are due; cutover and later are not yet.
      return steps.filter(
        (s) =>
          s.serviceId === id &&
          (RUNBOOK_PHASES as readonly string[]).indexOf(s.phase) <= RUNBOOK_PHASES.indexOf('validate'),
      ).length;
    };
    expect(dueIn('web')).toBeGreaterThan(0);
    expect(steps.filter((s) => s.serviceId === inFlight[0]?.id).length).toBeGreaterThan(dueIn('api'));

    const lead = await openHome(h, USER);
    expect(lead).not.toContain('Nothing waits on you');
    expect(lead).toContain(`${dueIn('web')} runbook steps due now on services with no owner named`);
    const owner = await openHome(h, BOB);
    expect(owner).toContain(`${dueIn('api')} runbook steps due now on your services: api (prepare)`);
    expect(owner).not.toContain('(cutover)');
    expect(owner).not.toContain('no owner named');

    const digest = await postDigest(h);
    expect(digest.summary).toContain(
      `${dueIn('api') + dueIn('web')} runbook steps due now for 1 owner, ${dueIn('web')} with no owner named`,
    );
    const section = digest.sections.find((s) => s.title.startsWith('Runbook steps due now'));
    expect(section?.lines).toContain(`*<@${BOB}>* · ${dueIn('api')} steps`);
    expect(section?.lines.join('\n')).toContain(
      `*No owner named* · ${dueIn('web')} steps: these wait on the leads to name one with \`owner:\``,
    );
  });
});
