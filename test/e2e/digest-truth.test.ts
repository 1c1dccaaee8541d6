// What the digest says is true of the store when it is posted (issue 11, items 2, 3 and 5): an
// empty migration says so, the forecast starts from the plan's own estimate, and the thread holds
// what the summary promises, what needs action first.
import { and, eq, gte, lt } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureRunbooks } from '../../src/services/runbooks.ts';
import { appendAudit } from '../../src/store/audit.ts';
import { effectivePlan } from '../../src/store/lifecycle.ts';
import { activeMigration, type MigrationRow } from '../../src/store/migrations.ts';
import { migrationsTable, plansTable, servicesTable } from '../../src/store/schema.ts';
import { digestTexts, postDigest } from '../support/digest-reading.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { exampleGraph, layeredGraphYaml, seedGraph } from '../support/seed.ts';
import { CHANNEL, TEAM } from '../support/slack-requests.ts';
import { seedRequest } from '../support/store.ts';

const WEDNESDAY = new Date('2026-11-25T07:00:00Z');
const DAY = 86_400_000;

let harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses) {
    expect(h.fake.violations).toEqual([]);
    await h.close();
  }
  harnesses = [];
});

async function newMigration(graph: string | null): Promise<{ h: Harness; m: MigrationRow }> {
  const h = await startHarness({ now: () => WEDNESDAY });
  harnesses.push(h);
  await h.slash('new Shop');
  await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('started the migration'));
  const m = activeMigration(h.bot.store.db, TEAM, CHANNEL);
  if (!m) throw new Error('no migration');
  if (graph !== null) seedGraph(h.bot.store, m, graph);
  return { h, m };
}

async function plan(h: Harness, strategy: string): Promise<void> {
  await h.slash(`plan ${strategy}`);
  await h.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).startsWith('Plan v1'));
  // The plan's own thread goes out after its message: let it finish before the digest.
  await h.bot.idle();
}

/** The date label of each Slack date token in `text`, in order. */
const dates = (text: string) => [...text.matchAll(/<!date\^(\d+)\^[^|]*\|([^>]*)>/g)].map((m) => Number(m[1]) * 1000);

describe('the digest of a migration with no services', () => {
  it('says there are none yet and how to import them', async () => {
    const { h } = await newMigration(null);
    const digest = await postDigest(h);
    expect(digest.summary).toContain('No services yet: `/migrate import` adds them');
    expect(digest.summary).not.toContain('Every service has moved');
    expect(digest.summary).not.toContain('0 of 0');
  });
});

describe('the projected finish', () => {
  it('on day one is the plan’s own estimate, with a range that is honest about knowing little', async () => {
    const { h } = await newMigration(exampleGraph());
    await plan(h, 'sequential');
    const digest = await postDigest(h);
    const projected = digest.summaryLines.find((l) => l.startsWith('*Projected finish*')) ?? '';
    const [likely = 0, pessimistic = 0, planned = 0] = dates(projected);
    // The plan was made this morning: its date and the likely one are the same day.
    expect(Math.abs(likely - planned)).toBeLessThan(DAY);
    // Nothing has finished: the range allows half again the plan's time, not one day.
    expect(pessimistic - likely).toBeGreaterThan(0.4 * (planned - WEDNESDAY.getTime()));
    expect(digest.summary).toContain("Going by the plan's estimate");
    expect(digest.summary).toContain("From the plan's own estimate (");
    expect(digest.summary).not.toContain('batches of');
  });

  it('with 1 of 31 done, says one has finished, in the headline and the basis alike', async () => {
    const { h, m } = await newMigration(exampleGraph());
    await plan(h, 'sequential');
    const db = h.bot.store.db;
    const first = db.select().from(servicesTable).where(eq(servicesTable.migrationId, m.id)).all()[0];
    if (!first) throw new Error('no service');
    const started = new Date(WEDNESDAY.getTime() - 6 * DAY);
    appendAudit(db, {
      workspaceId: TEAM,
      migrationId: m.id,
      serviceId: first.id,
      serviceName: first.name,
      actor: 'U0ALICE',
      action: 'service.transition',
      fromValue: 'planned',
      toValue: 'shadow',
      createdAt: started,
    });
    db.update(servicesTable)
      .set({ state: 'done', stateChangedAt: WEDNESDAY })
      .where(eq(servicesTable.id, first.id))
      .run();
    const digest = await postDigest(h);
    expect(digest.summary).toContain('1 of 31 services moved');
    expect(digest.summary).toContain('only 1 service finished so far');
    expect(digest.summary).not.toContain('no service has finished');
  });

  it('says plainly when the plan’s date has passed', async () => {
    const { h } = await newMigration(exampleGraph());
    await plan(h, 'sequential');
    h.bot.store.db
      .update(plansTable)
      .set({ createdAt: new Date(WEDNESDAY.getTime() - 800 * DAY) })
      .run();
    const digest = await postDigest(h);
    expect(digest.summary).toMatch(/the plan said done by <!date[^>]+>, and that date has passed/);
  });
});

describe('the thread of a 1,000-service digest', () => {
  it('holds what the summary promises, what needs action first, and names where the rest is', async () => {
    const { h, m } = await newMigration(layeredGraphYaml(1000));
    await plan(h, 'parallel');
    const db = h.bot.store.db;
    const weeksAgo = new Date(WEDNESDAY.getTime() - 30 * DAY);
    // 600 services stuck in shadow with their runbooks, 40 waiting for approval, 1,000 changes.
    db.update(servicesTable)
      .set({ state: 'shadow', stateChangedAt: weeksAgo })
      .where(and(eq(servicesTable.migrationId, m.id), lt(servicesTable.id, 601)))
      .run();
    db.update(servicesTable)
      .set({ state: 'awaiting_approval', stateChangedAt: weeksAgo })
      .where(and(gte(servicesTable.id, 601), lt(servicesTable.id, 641)))
      .run();
    const services = db.select().from(servicesTable).where(eq(servicesTable.migrationId, m.id)).all();
    db.transaction((tx) => {
      ensureRunbooks(
        tx,
        m,
        services.filter((s) => s.state === 'shadow'),
        effectivePlan(tx, m),
        weeksAgo,
      );
      for (const s of services.filter((x) => x.state === 'awaiting_approval')) {
        seedRequest(tx, m, { serviceIds: [s.id], now: weeksAgo });
      }
      for (const s of services) {
        appendAudit(tx, {
          workspaceId: TEAM,
          migrationId: m.id,
          serviceId: s.id,
          serviceName: s.name,
          actor: 'U0ALICE',
          action: 'service.transition',
          fromValue: 'planned',
          toValue: 'shadow',
          createdAt: new Date(WEDNESDAY.getTime() - DAY),
        });
      }
    });
    db.update(migrationsTable)
      .set({ lastDigestAt: new Date(WEDNESDAY.getTime() - 2 * DAY) })
      .run();
    const digest = await postDigest(h);
    expect(digest.thread.length).toBeLessThanOrEqual(12);
    digest.thread.forEach((part, i) => {
      expect(part.text).toContain(`(${i + 1}/${digest.thread.length})`);
    });
    const sections = digest.sections;
    // What needs action comes first and is all there.
    expect(sections.map((s) => s.title)[0]).toBe('Cutovers waiting for approval (40)');
    expect(sections.find((s) => s.title.startsWith('Cutovers'))?.items).toBe(40);
    // The summary promises only what the thread holds.
    const footer = digest.summaryLines.at(-1) ?? '';
    expect(footer).toContain('In the thread: 40 cutovers waiting for approval');
    const number = (text: string | undefined) => Number(text?.replace(/,/g, ''));
    const inThread = footer.split('\n').find((line) => line.startsWith('In the thread:')) ?? '';
    for (const [pattern, title] of [
      [/(?:the first ([\d,]+) of )?([\d,]+) changes?\b/, 'Changes since'],
      [/(?:the first ([\d,]+) of )?([\d,]+) runbook steps?\b/, 'Runbook steps due now'],
    ] as const) {
      const promised = pattern.exec(inThread);
      const held = sections.filter((s) => s.title.startsWith(title)).reduce((n, s) => n + s.items, 0);
      // Either "the first N of M" and N are there, or "M" and all M are; never more promised than held.
      expect(held).toBe(promised === null ? 0 : number(promised[1] ?? promised[2]));
    }
    expect(footer).toContain('`/migrate export` has every service and change');
    const all = digestTexts(digest).join('\n');
    expect(all).toContain('The thread stops here to keep the channel quiet. `/migrate export` has every service');
    expect(all).not.toContain('`/migrate status` has every service');
    expect(all).not.toContain('left out to keep the channel quiet');
  });
});
