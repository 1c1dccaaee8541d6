import { describe, expect, it } from 'vitest';
import { HOME_MAX_MIGRATIONS, homeView } from '../../../src/slack/views/home-view.ts';
import type { MigrationSummary } from '../../../src/store/migrations.ts';
import { AT, FIVE, hoursAfter, json, problemsOfView } from '../../support/views.ts';

type HomeMigration = Parameters<typeof homeView>[0][number];

const summary = (id: number, name: string, services: number, done: number): MigrationSummary => ({
  id,
  workspaceId: 'T0A',
  channelId: `C0MOVE${id}`,
  name,
  fromPlatform: 'RabbitMQ',
  toPlatform: 'Kafka',
  strategy: 'parallel',
  direction: 'leaf-first',
  status: 'active',
  createdBy: 'U0LEAD',
  settings: {},
  rehearsalGate: true,
  digestTime: '09:30',
  digestTz: 'Europe/Berlin',
  digestDays: 'weekdays',
  digestEnabled: true,
  weeklyChart: true,
  channelPrivate: false,
  graphChangedAt: null,
  lastDigestAt: null,
  digestFailureNotifiedAt: null,
  deliveryFailureNotifiedAt: null,
  createdAt: hoursAfter(AT, -id),
  archivedAt: null,
  services,
  done,
});

describe('homeView', () => {
  it('nothing yet', async () => {
    const view = homeView([]);
    expect(problemsOfView(view)).toEqual([]);
    await expect(json(view)).toMatchFileSnapshot('./__snapshots__/home-view.empty.json');
  });

  it('two migrations, one waiting on you', async () => {
    const items: HomeMigration[] = [
      {
        migration: summary(1, 'Shop to Kafka', 5, 2),
        role: 'lead and approver',
        approvals: [{ services: ['payments', 'shipping'], channelId: 'C0MOVE1', messageTs: '1.1' }],
        steps: FIVE.slice(0, 3).map((service) => ({
          service,
          phase: 'validate',
          text: 'Compare outputs for a day of traffic',
        })),
        unownedSteps: [{ service: 'billing', phase: 'shadow', text: 'Mirror 10% of traffic' }],
        red: [],
      },
      {
        migration: summary(2, 'Billing <to> Postgres & co', 0, 0),
        role: 'service owner',
        approvals: [],
        steps: [],
        unownedSteps: [],
        red: [],
      },
    ];
    const view = homeView(items);
    expect(problemsOfView(view)).toEqual([]);
    await expect(json(view)).toMatchFileSnapshot('./__snapshots__/home-view.two.json');
  });

  it(`caps the list at ${HOME_MAX_MIGRATIONS} migrations`, async () => {
    const items: HomeMigration[] = Array.from({ length: 30 }, (_, i) => ({
      migration: summary(i + 1, `Migration ${i + 1}`, 40, i),
      role: 'lead',
      approvals: Array.from({ length: 8 }, (_, j) => ({
        services: [`svc-${j}`, `svc-${j + 1}`, `svc-${j + 2}`, `svc-${j + 3}`],
        channelId: 'C1',
        messageTs: null,
      })),
      steps: Array.from({ length: 9 }, (_, j) => ({
        service: `svc-${j}`,
        phase: 'monitor',
        text: 'Watch consumer lag',
      })),
      unownedSteps: Array.from({ length: 2696 }, (_, j) => ({
        service: `svc-${j}`,
        phase: 'validate',
        text: 'Compare outputs',
      })),
      red: [],
    }));
    const view = homeView(items);
    expect(problemsOfView(view)).toEqual([]);
    expect(JSON.stringify(view)).toContain('…and 6 more: `/migrate list` shows them all.');
    await expect(json(view)).toMatchFileSnapshot('./__snapshots__/home-view.large.json');
  });
});
