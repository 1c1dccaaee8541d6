import { describe, expect, it } from 'vitest';
import {
  buildDigest,
  type DigestInput,
  type DigestServiceInput,
  digestBurnup,
  digestProgress,
} from '../../src/domain/digest.ts';
import { plannedBurnup } from '../../src/domain/digest-pace.ts';
import { digestHeadline } from '../../src/domain/digest-summary.ts';

const at = (iso: string) => new Date(iso);
// Tuesday 16 June 2026, 09:30 in Berlin.
const now = at('2026-06-16T07:30:00Z');

function service(
  name: string,
  state: DigestServiceInput['state'],
  stateChangedAt: string,
  extra: Partial<DigestServiceInput> = {},
): DigestServiceInput {
  return {
    name,
    owner: null,
    state,
    stateChangedAt: at(stateChangedAt),
    startedAt: null,
    batch: null,
    track: 'sequential',
    position: name.charCodeAt(0) - 96,
    monitoringEndsAt: null,
    ...extra,
  };
}

/** A sequential RabbitMQ-to-Kafka move, ten weeks in, slower than planned. */
function history(): DigestInput {
  return {
    migration: {
      name: 'RabbitMQ to Kafka',
      strategy: 'sequential',
      from: 'RabbitMQ',
      to: 'Kafka',
      createdAt: at('2026-04-01T08:00:00Z'),
      planCreatedAt: at('2026-04-02T09:00:00Z'),
      graphChangedAt: at('2026-05-20T12:00:00Z'),
      planEstimateWorkingDays: null,
    },
    services: [
      service('a-billing-export', 'done', '2026-04-13T09:00:00Z', { startedAt: at('2026-04-05T09:00:00Z') }),
      service('b-email', 'done', '2026-04-23T09:00:00Z', { startedAt: at('2026-04-14T09:00:00Z') }),
      service('c-search', 'done', '2026-05-07T09:00:00Z', { startedAt: at('2026-04-27T09:00:00Z') }),
      service('d-reports', 'done', '2026-05-22T09:00:00Z', { startedAt: at('2026-05-11T09:00:00Z') }),
      service('e-notifier', 'monitoring', '2026-06-15T09:00:00Z', {
        owner: 'U0BOB',
        startedAt: at('2026-06-05T09:00:00Z'),
        monitoringEndsAt: at('2026-06-16T14:00:00Z'),
      }),
      service('f-audit', 'monitoring', '2026-06-16T05:00:00Z', {
        owner: 'U0BOB',
        startedAt: at('2026-06-08T09:00:00Z'),
        monitoringEndsAt: at('2026-06-17T05:00:00Z'),
      }),
      service('g-inventory', 'awaiting_approval', '2026-06-14T08:00:00Z', {
        owner: 'U0GINA',
        startedAt: at('2026-06-09T09:00:00Z'),
      }),
      service('h-payments', 'shadow', '2026-06-01T10:00:00Z', {
        owner: 'Payments team',
        startedAt: at('2026-06-01T10:00:00Z'),
      }),
      service('i-pricing', 'shadow', '2026-06-12T10:00:00Z', { startedAt: at('2026-06-12T10:00:00Z') }),
      service('j-shipping', 'cutover', '2026-06-16T06:00:00Z', {
        owner: 'U0DAVE',
        startedAt: at('2026-06-10T09:00:00Z'),
      }),
      service('k-ledger', 'rolled_back', '2026-06-15T16:00:00Z', {
        owner: 'U0CAROL',
        startedAt: at('2026-06-11T09:00:00Z'),
      }),
      service('l-orders', 'planned', '2026-04-02T09:00:00Z'),
      service('m-ledger-db', 'planned', '2026-04-02T09:00:00Z', { track: null, position: null }),
    ],
    events: [
      {
        at: at('2026-06-16T06:00:00Z'),
        actor: 'U0DAVE',
        action: 'transition',
        service: 'j-shipping',
        from: 'awaiting_approval',
        to: 'cutover',
        reason: null,
      },
      {
        at: at('2026-06-15T09:00:00Z'),
        actor: 'U0BOB',
        action: 'transition',
        service: 'e-notifier',
        from: 'cutover',
        to: 'monitoring',
        reason: null,
      },
      {
        at: at('2026-06-15T16:00:00Z'),
        actor: 'U0CAROL',
        action: 'rollback',
        service: 'k-ledger',
        from: 'monitoring',
        to: 'rolled_back',
        reason: 'consumer lag > 5 min',
      },
      {
        at: at('2026-06-15T18:00:00Z'),
        actor: null,
        action: 'dependency_added',
        service: 'l-orders',
        from: 'l-orders',
        to: 'm-ledger-db',
        reason: 'seen in traces',
      },
      {
        at: at('2026-06-16T05:00:00Z'),
        actor: 'U0ERIN',
        action: 'approved',
        service: 'j-shipping',
        from: null,
        to: null,
        reason: null,
      },
    ],
    runbookSteps: [
      { service: 'j-shipping', owner: null, text: 'Switch the consumers to the new topic', phase: 'cutover' },
      { service: 'e-notifier', owner: null, text: 'Watch consumer lag for 24 h', phase: 'monitoring' },
      { service: 'h-payments', owner: null, text: 'Compare shadow output <diff>', phase: 'shadow' },
      { service: 'i-pricing', owner: null, text: 'Mirror 10% of traffic', phase: 'shadow' },
      { service: 'f-audit', owner: 'U0ZOE', text: 'Check the audit trail is complete', phase: 'monitoring' },
    ],
    approvals: [
      {
        services: ['g-inventory'],
        requestedAt: at('2026-06-14T08:00:00Z'),
        permalink: 'https://example.slack.com/archives/C1/p1',
      },
    ],
    settings: { 'effort-days': 5, 'monitoring-hours': 24 },
    timeZone: 'Europe/Berlin',
    lastDigestAt: at('2026-06-15T07:30:00Z'),
    redChecks: [],
    forecastSeed: 2026,
  };
}

describe('buildDigest from a fixed history', () => {
  const model = buildDigest(history(), now);

  it('sums it up in one line a stakeholder understands', () => {
    expect(digestHeadline(model)).toBe(
      "4 of 13 services moved (30%). Behind: likely done by 5 Sep 2026, 55 days after the plan's 12 Jul 2026. " +
        'Today: 1 cutover waits for approval, 1 monitoring window ends, 5 runbook steps are open.',
    );
  });

  it('counts progress and draws the bar', () => {
    expect(model.progress).toMatchObject({ total: 13, done: 4, inFlight: 6, planned: 2, rolledBack: 1, percent: 30 });
    expect(model.progress.bar).toBe('██████░░░░░░░░░░░░░░');
    expect(model.localDate).toBe('2026-06-16');
  });

  it('lists the changes since the last digest, oldest first', () => {
    expect(model.since).toEqual(at('2026-06-15T07:30:00Z'));
    expect(model.changes.map((c) => `${c.action}:${c.service}`)).toEqual([
      'transition:e-notifier',
      'rollback:k-ledger',
      'dependency_added:l-orders',
      'approved:j-shipping',
      'transition:j-shipping',
    ]);
  });

  it('groups open runbook steps by owner, falling back to the service owner, unowned last', () => {
    expect(model.runbook.map((g) => [g.owner, g.steps.map((s) => s.service)])).toEqual([
      ['Payments team', ['h-payments']],
      ['U0BOB', ['e-notifier']],
      ['U0DAVE', ['j-shipping']],
      ['U0ZOE', ['f-audit']],
      [null, ['i-pricing']],
    ]);
  });

  it('finds the monitoring windows that end today in the migration timezone', () => {
    expect(model.monitoringEndingToday).toEqual([
      { service: 'e-notifier', owner: 'U0BOB', endsAt: at('2026-06-16T14:00:00Z') },
    ]);
    // 05:00Z on the 17th is 07:00 in Berlin on the 17th, but 22:00 on the 16th in Los Angeles.
    const la = buildDigest({ ...history(), timeZone: 'America/Los_Angeles' }, now);
    expect(la.monitoringEndingToday.map((m) => m.service)).toEqual(['e-notifier', 'f-audit']);
  });

  it('keeps the pending approvals with their links', () => {
    expect(model.approvals).toEqual(history().approvals);
  });

  it('warns about rollbacks, stuck services, an outdated plan and fatigue, most pressing first', () => {
    expect(model.warnings).toEqual([
      {
        kind: 'rollbacks',
        rollbacks: [{ service: 'k-ledger', at: at('2026-06-15T16:00:00Z'), reason: 'consumer lag > 5 min' }],
      },
      {
        kind: 'stuck',
        state: 'awaiting_approval',
        thresholdDays: 1,
        services: [{ service: 'g-inventory', owner: 'U0GINA', since: at('2026-06-14T08:00:00Z'), days: 1 }],
      },
      {
        kind: 'stuck',
        state: 'shadow',
        thresholdDays: 7,
        services: [{ service: 'h-payments', owner: 'Payments team', since: at('2026-06-01T10:00:00Z'), days: 14 }],
      },
      {
        kind: 'plan_outdated',
        planCreatedAt: at('2026-04-02T09:00:00Z'),
        graphChangedAt: at('2026-05-20T12:00:00Z'),
      },
      // The four finished services took 8 to 11 days against a planned 5 + 1 working days.
      { kind: 'fatigue', averageCycleDays: 9.5, plannedCycleDays: 8.4, plannedWorkingDays: 6, sample: 4 },
    ]);
  });

  it('projects the finish against the plan, deterministically for the seed', () => {
    const { forecast } = model;
    // 12 services in the plan (m-ledger-db was added after it), one step of 5 + 1 working days
    // each: 72 working days, 100.8 calendar days.
    expect(forecast.plannedFinish).toEqual(at('2026-07-12T04:12:00Z'));
    // 9 of those 12 left: 75.6 days by the plan, times the pace seen (9.5 days against 8.4, weighted
    // with the plan's own pace while only 4 have finished).
    expect(forecast.likely).toEqual(at('2026-09-05T13:40:17.142Z'));
    expect(forecast.pessimistic).toEqual(at('2026-09-25T21:12:51.428Z'));
    expect(forecast.outlook).toBe('behind');
    expect(forecast.slipDays).toBe(55);
    expect(forecast.planPassed).toBe(false);
    expect(forecast.basis).toBe(
      "From the plan's own estimate (76 calendar days for the 9 services left), corrected by 4 finished services: they took a median 9 days each against the plan's 8.4, 1.1× the time planned. The range narrows as more services finish.",
    );
    expect(buildDigest(history(), now)).toEqual(model);
  });
});

describe('buildDigest outlooks and edge cases', () => {
  const replannedOn = (iso: string) => {
    const input = history();
    return buildDigest({ ...input, migration: { ...input.migration, planCreatedAt: at(iso) } }, now);
  };

  it('goes by the plan before services have finished, and says so', () => {
    const input = history();
    const planned = input.services.map((s) => ({ ...s, state: 'planned' as const, startedAt: null }));
    // Day one of a plan that has every service (m-ledger-db, added after it, left out).
    const inPlan = planned.filter((s) => s.track !== null);
    const dayOne = buildDigest(
      { ...input, services: inPlan, migration: { ...input.migration, planCreatedAt: now } },
      now,
    );
    expect(dayOne.forecast.outlook).toBe('on_plan');
    expect(dayOne.forecast.likely).toEqual(dayOne.forecast.plannedFinish);
    expect(digestHeadline(dayOne)).toContain(
      "Going by the plan's estimate: likely done by 25 Sep 2026 (as planned), or as late as 14 Nov 2026; the real pace shows once 3 services have finished.",
    );
    // A plan made in April with nothing moved by June is behind even at the plan's own pace.
    const late = buildDigest({ ...input, services: planned }, now);
    expect(late.forecast.outlook).toBe('behind');
    expect(digestHeadline(late)).toContain("Behind: likely done by 3 Oct 2026, 83 days after the plan's 12 Jul 2026.");
  });

  it('is not behind a few days into a plan that expects no finish yet, and says what the forecast goes by', () => {
    const input = history();
    const inPlan = input.services
      .filter((s) => s.track !== null)
      .map((s) => ({ ...s, state: 'planned' as const, startedAt: null }));
    const threeDaysIn = buildDigest(
      {
        ...input,
        services: inPlan,
        migration: { ...input.migration, planCreatedAt: new Date(now.getTime() - 3 * 86_400_000) },
      },
      now,
    );
    // The plan's date, started from today, is 3 days later: nothing observed is late.
    expect(threeDaysIn.forecast.plannedDoneByNow).toBe(0);
    expect(threeDaysIn.forecast.outlook).toBe('on_plan');
    const headline = digestHeadline(threeDaysIn);
    expect(headline).not.toContain('Behind');
    expect(headline).toContain(
      "No service has finished yet, and the plan expects none by today. Going by the plan's estimate: likely done by",
    );
    expect(headline).toContain('the real pace shows once 3 services have finished.');
  });

  it('says how many the plan expected by today when nothing has finished', () => {
    const input = history();
    const planned = input.services.map((s) => ({ ...s, state: 'planned' as const, startedAt: null }));
    const late = buildDigest({ ...input, services: planned }, now);
    expect(late.forecast.plannedDoneByNow).toBeGreaterThan(0);
    expect(digestHeadline(late)).toContain(
      `The plan expected ${late.forecast.plannedDoneByNow} services done by today; no service has finished yet.`,
    );
  });

  it('says plainly when the plan date has passed', () => {
    const passed = buildDigest(history(), at('2026-08-01T07:30:00Z'));
    expect(passed.forecast.planPassed).toBe(true);
    expect(digestHeadline(passed)).toMatch(
      /^4 of 13 services moved \(30%\)\. Behind: the plan said done by 12 Jul 2026, and that date has passed; now likely done by /,
    );
  });

  it('is on track when even the pessimistic date is within the plan', () => {
    const model = replannedOn('2026-07-20T00:00:00Z'); // plan ends 28 Oct
    expect(model.forecast.outlook).toBe('on_track');
    expect(model.forecast.slipDays).toBe(0);
    expect(digestHeadline(model)).toContain("On track: likely done by 5 Sep 2026, within the plan's 28 Oct 2026.");
    // The graph changed before this plan: no outdated-plan warning.
    expect(model.warnings.map((w) => w.kind)).not.toContain('plan_outdated');
  });

  it('is at risk when only the likely date is within the plan', () => {
    const model = replannedOn('2026-06-02T00:00:00Z'); // plan ends 10 Sep
    expect(model.forecast.outlook).toBe('at_risk');
    expect(digestHeadline(model)).toContain(
      "At risk: likely done by 5 Sep 2026, within the plan's 10 Sep 2026, but it could slip to 25 Sep 2026.",
    );
  });

  it('says when there is no plan and when everything has moved', () => {
    const input = history();
    const unplanned = buildDigest({ ...input, migration: { ...input.migration, planCreatedAt: null } }, now);
    expect(unplanned.forecast.outlook).toBe('no_plan');
    expect(digestHeadline(unplanned)).toContain(
      'No plan yet (`/migrate plan` makes one); at the pace so far, likely done by 5 Sep 2026.',
    );

    const finished = buildDigest(
      {
        ...input,
        services: input.services.map((s) => ({ ...s, state: 'done' as const })),
        runbookSteps: [],
        approvals: [],
      },
      now,
    );
    expect(digestHeadline(finished)).toBe(
      '13 of 13 services moved (100%). Every service has moved. Nothing is due today.',
    );
    expect(finished.progress.bar).toBe('████████████████████');
  });

  it('says an empty migration has no services yet, and how to import them', () => {
    const model = buildDigest({ ...history(), services: [], events: [], runbookSteps: [], approvals: [] }, now);
    expect(model.progress).toMatchObject({ total: 0, done: 0, percent: 0, bar: '░'.repeat(20) });
    expect(model.forecast.outlook).toBe('no_services');
    expect(digestHeadline(model)).toBe(
      'No services yet: `/migrate import` adds them from a dependency file (or a Backstage catalog), then `/migrate plan` orders them.',
    );
  });

  it('uses the plan figure for the forecast while fewer than 3 services are done, and no fatigue warning', () => {
    const input = history();
    const early = input.services.map((s) =>
      s.name === 'a-billing-export' || s.state !== 'done' ? s : { ...s, state: 'planned' as const },
    );
    const model = buildDigest({ ...input, services: early }, now);
    expect(model.forecast.fromPlan).toBe(true);
    expect(model.forecast.basis).toContain(
      "From the plan's own estimate (101 calendar days for the 12 services left): only 1 service finished so far",
    );
    expect(model.warnings.map((w) => w.kind)).not.toContain('fatigue');
  });
});

describe('parallel plans', () => {
  const batchService = (name: string, batch: number, state: DigestServiceInput['state'] = 'planned') =>
    service(name, state, '2026-06-01T00:00:00Z', { track: 'parallel', batch, position: batch });

  it('treat a batch as one plan step', () => {
    const services = [1, 2, 3].flatMap((batch) => [0, 1, 2, 3].map((i) => batchService(`s${batch}-${i}`, batch)));
    const settings = { 'effort-days': 5, 'monitoring-hours': 48 };
    // Three batches of 5 + 2 working days: 21 working days, 29.4 calendar days.
    const planned = plannedBurnup(at('2026-06-01T00:00:00Z'), services, settings);
    expect(planned.map((p) => p.done)).toEqual([0, 4, 8, 12]);
    expect(planned.at(-1)?.date).toEqual(at('2026-06-30T09:36:00Z'));
    // The plan's own estimate, when given, sets the end; the steps spread evenly over it.
    expect(plannedBurnup(at('2026-06-01T00:00:00Z'), services, settings, 15).at(-1)?.date).toEqual(
      at('2026-06-22T00:00:00Z'),
    );
  });
});

describe('digestBurnup', () => {
  it('gives the done staircase, the planned line and the rollbacks once each', () => {
    const data = digestBurnup(history(), now);
    expect(data.total).toBe(13);
    expect(data.points.map((p) => p.done)).toEqual([0, 1, 2, 3, 4, 4]);
    expect(data.points[0]?.date).toEqual(at('2026-04-01T08:00:00Z'));
    expect(data.points.at(-1)?.date).toEqual(now);
    expect(data.planned).toHaveLength(13);
    expect(data.planned.at(-1)).toEqual({ date: at('2026-07-12T04:12:00Z'), done: 12 });
    expect(data.rollbacks).toEqual([{ date: at('2026-06-15T16:00:00Z'), service: 'k-ledger' }]);
  });
});

describe('digestProgress', () => {
  it('fills the bar only when everything is done', () => {
    const states = [...Array(39).fill('done'), 'planned'] as DigestServiceInput['state'][];
    const progress = digestProgress(states.map((state) => ({ state })));
    expect(progress.percent).toBe(97);
    expect(progress.bar).toBe(`${'█'.repeat(19)}░`);
  });
});
