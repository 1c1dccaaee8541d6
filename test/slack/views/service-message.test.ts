import { describe, expect, it } from 'vitest';
import { type ServiceLink, type ServiceView, serviceMessage } from '../../../src/slack/views/service-message.ts';
import { AT, expectMessagesWithinLimits, json, many } from '../../support/views.ts';

const link = (name: string, extra: Partial<ServiceLink['edges'][number]> = {}): ServiceLink => ({
  name,
  edges: [{ kind: 'sync', hidden: false, origin: 'declared', format: 'native', callCount: null, ...extra }],
});

const base = (extra: Partial<ServiceView> = {}): ServiceView => ({
  migrationName: 'Shop to Kafka',
  name: 'orders',
  owner: '<@U0BOB>',
  tier: 1,
  criticalTier: 1,
  stateful: true,
  external: false,
  effortDays: null,
  defaultEffortDays: 5,
  state: 'planned',
  stateChangedAt: AT,
  sources: { _created: 'native', owner: 'native', tier: 'backstage', effortDays: 'native' },
  providers: [
    {
      name: 'inventory',
      edges: [
        ...link('inventory').edges,
        { kind: 'sync', hidden: false, origin: 'traced', format: 'traces', callCount: 12_400 },
      ],
    },
    link('payments', { kind: 'shared-db', hidden: true }),
  ],
  consumers: [link('shipping', { origin: 'manual', format: null, kind: 'async' })],
  blastRadius: 2,
  blastRadiusExact: true,
  group: { reason: 'share the orders database', members: ['orders', 'inventory'] },
  place: {
    kind: 'planned',
    version: 3,
    total: 5,
    position: 4,
    step: 2,
    batch: null,
    track: 'sequential',
    reason: 'critical (tier 1) and stateful: moves alone, after its consumers',
    group: 'orders, inventory (share the orders database)',
  },
  ...extra,
});

describe('serviceMessage', () => {
  it('says where its facts came from in words, grouped by where they came from', () => {
    const text = JSON.stringify(
      serviceMessage(
        base({
          sources: {
            _created: 'native',
            owner: 'native',
            tier: 'backstage annotation migrate/tier',
            effortDays: 'native',
          },
        }),
      ),
    );
    expect(text).toContain(
      'Where its facts came from: created by a Native YAML/JSON import; owner and effort from the same import; tier from the Backstage catalog (annotation migrate/tier).',
    );
    expect(text).not.toContain('effort-days from');
  });

  it('says a leaf has no blast radius in a few words, without "0 services … 0 directly"', () => {
    const text = JSON.stringify(serviceMessage(base({ consumers: [], blastRadius: 0 })));
    expect(text).toContain('*Blast radius*: 0, nothing depends on it.');
    expect(text).not.toContain('0 directly');
  });

  it('a planned service of five with links both ways', async () => {
    const message = serviceMessage(base());
    expectMessagesWithinLimits(message);
    const text = JSON.stringify(message);
    // The group is stated once, and the migration is named at the start of its sentence.
    expect(text).toContain('It moves as one group with `inventory`');
    expect(text).not.toContain('Moves with');
    expect(text).toContain('A service of *Shop to Kafka*. Where its facts came from: ');
    expect(text).not.toContain('. In *Shop to Kafka*.');
    expect(text).toContain('*Blast radius*: 2 services depend on it');
    expect(JSON.stringify(serviceMessage(base({ blastRadius: 1 })))).toContain(
      '*Blast radius*: 1 service depends on it',
    );
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/service-message.planned.json');
  });

  it('a leaf under way, a service outside the plan, and one with no plan', async () => {
    const leaf = serviceMessage(
      base({
        name: 'notifications',
        owner: null,
        tier: null,
        stateful: false,
        external: true,
        effortDays: 2.5,
        state: 'monitoring',
        sources: {},
        providers: [],
        consumers: [],
        blastRadius: 0,
        group: null,
        place: { kind: 'left', version: 2, step: null, batch: 1 },
      }),
    );
    const unplanned = serviceMessage(base({ place: { kind: 'unplanned', version: 3 }, group: null }));
    const none = serviceMessage(base({ place: { kind: 'none' }, group: null }));
    expectMessagesWithinLimits([leaf, unplanned, none]);
    await expect(json({ leaf, unplanned, none })).toMatchFileSnapshot('./__snapshots__/service-message.cases.json');
  });

  it('a hub of 600 consumers in a large graph', async () => {
    const names = many(600);
    const message = serviceMessage(
      base({
        consumers: names.map((n, i) =>
          link(n, { origin: i % 2 ? 'traced' : 'declared', callCount: i % 2 ? i * 10 : null }),
        ),
        providers: names.slice(0, 80).map((n) => link(`db-${n}`)),
        blastRadius: 4800,
        blastRadiusExact: false,
        group: { reason: 'a dependency cycle', members: ['orders', ...names.slice(0, 200)] },
      }),
    );
    expectMessagesWithinLimits(message);
    expect(JSON.stringify(message)).toContain('more');
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/service-message.large.json');
  });
});
