// The answers of `/migrate health …`: the source, the templates and one service's checks, at the
// sizes people reach (a service with its 50 imported checks beside the templates; PromQL at the
// 2,000 characters the import allows), each within Block Kit's limits.
import { describe, expect, it } from 'vitest';
import type { CheckTemplate } from '../../../src/domain/health-templates.ts';
import { DEFAULT_TEMPLATE_SETS } from '../../../src/domain/health-templates.ts';
import {
  type CheckRow,
  noSourceMessage,
  type SourceFacts,
  serviceHealthMessage,
  sourceMessage,
  templatesMessage,
} from '../../../src/slack/views/health-setup-text.ts';
import { AT, expectMessagesWithinLimits, hoursAfter, json, many } from '../../support/views.ts';

const SOURCE: SourceFacts = {
  migrationId: 4,
  migrationName: 'Shop to Kafka',
  url: 'https://prometheus.internal.example:9090/',
  hasCredentials: false,
  templateSet: 'prometheus',
  window: '5m',
  intervalSeconds: 60,
};

/** PromQL at the import's 2,000-character cap, with the characters mrkdwn and code spans care about. */
const LONG_QUERY =
  `sum(rate(http_requests_total{service="{{service}}",platform="{{platform}}",path=~"/api/\`v1\`/<orders>|&x"}[{{window}}]))${' + sum(rate(queue_depth{q="a"}[1m]))'.repeat(60)}`.slice(
    0,
    2000,
  );

const row = (key: string, extra: Partial<CheckRow> = {}): CheckRow => ({
  key,
  name: key.replaceAll('-', ' '),
  query: `sum(rate(${key.replaceAll('-', '_')}_total{service="orders",platform="new"}[5m]))`,
  threshold: { kind: 'below', value: 0.01 },
  unit: 'ratio',
  dashboardUrl: null,
  origin: 'own',
  last: null,
  ...extra,
});

describe('the metrics source', () => {
  it('as saved, for a lead (with the credentials button) and for anyone else', async () => {
    const lead = sourceMessage(
      { ...SOURCE, hasCredentials: true },
      'Saved the metrics source: 1 series answered.',
      true,
    );
    const reader = sourceMessage(SOURCE, null, false);
    expectMessagesWithinLimits([lead, reader]);
    expect(JSON.stringify(lead.blocks)).toContain('"text":"Replace credentials"');
    expect(JSON.stringify(reader.blocks)).not.toContain('health_add_credentials');
    await expect(json({ lead, reader })).toMatchFileSnapshot('./__snapshots__/health-source.json');
  });

  it('none yet, with the grammar', async () => {
    const message = noSourceMessage('Shop *to* Kafka');
    expectMessagesWithinLimits(message);
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/health-source.none.json');
  });
});

describe('the check templates', () => {
  it('the default set', async () => {
    const message = templatesMessage('Shop to Kafka', 'prometheus', DEFAULT_TEMPLATE_SETS.prometheus, null);
    expectMessagesWithinLimits(message);
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/health-templates.default.json');
  });

  it('many custom templates with long PromQL, old-platform queries and dashboards', async () => {
    const templates: CheckTemplate[] = many(40, 'check').map((key) => ({
      key,
      name: `${key} ${'x'.repeat(70)}`,
      query: LONG_QUERY,
      referenceQuery: LONG_QUERY.replaceAll('platform', 'cluster'),
      threshold: { kind: 'parity', tolerance: 0.05 },
      unit: 'number',
      dashboardUrl: `https://grafana.example/d/${key}?var-service={{service}}`,
    }));
    const message = templatesMessage('Shop to Kafka', 'custom', templates, 'Changed the template `check-001`.');
    expectMessagesWithinLimits(message);
    // What does not fit one message is counted, and the foot with the commands stays.
    const text = JSON.stringify(message.blocks);
    expect(text).toMatch(/…and \d+ more, left out to fit one Slack message\.\\nChange one with/);
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/health-templates.large.json');
  });
});

describe('one service’s checks', () => {
  it('each state with its reason, from a template, changed for the service or its own', async () => {
    const rows: CheckRow[] = [
      row('request-rate', {
        origin: 'template',
        threshold: { kind: 'above', value: 0 },
        unit: 'per_second',
        last: { state: 'green', reason: '42/s > 0', at: AT },
      }),
      row('error-ratio', {
        origin: 'override',
        threshold: { kind: 'below', value: 0.005 },
        dashboardUrl: 'https://grafana.example/d/orders?var-service=orders',
        last: { state: 'red', reason: '2% ≥ 0.5%', at: hoursAfter(AT, 1) },
      }),
      row('p99-latency', {
        origin: 'template',
        threshold: { kind: 'relative', maxIncrease: 0.1 },
        unit: 'seconds',
        last: { state: 'amber', reason: 'the source did not answer: timed out after 10 s', at: AT },
      }),
      row('consumer-lag', { threshold: { kind: 'parity', tolerance: 0.05 }, unit: 'number' }),
    ];
    const message = serviceHealthMessage('orders', true, rows, null);
    expectMessagesWithinLimits(message);
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/health-service.small.json');
  });

  it('no checks, and no source yet', async () => {
    const message = serviceHealthMessage('orders', false, [], 'Removed the check `lag` of *orders*.');
    expectMessagesWithinLimits(message);
    expect(message.text).toBe('Removed the check `lag` of *orders*.');
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/health-service.none.json');
  });

  it('a service with the templates and its 50 own checks of long PromQL', async () => {
    const rows = [
      ...DEFAULT_TEMPLATE_SETS.prometheus.map((t) => row(t.key, { origin: 'template', query: t.query })),
      ...many(50, 'lag').map((key, i) =>
        row(key, {
          name: `${key} ${'y'.repeat(70)}`,
          query: LONG_QUERY,
          dashboardUrl: `https://grafana.example/d/${key}?var-service=orders&from=now-${i}h`,
          last: { state: i % 3 === 0 ? 'red' : 'amber', reason: `no data for ${'z'.repeat(200)}`, at: AT },
        }),
      ),
    ];
    const message = serviceHealthMessage('orders', true, rows, null);
    expectMessagesWithinLimits(message);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('(`p99-latency`, template)');
    const shown = (text.match(/• \*lag-/g) ?? []).length;
    expect(shown).toBeGreaterThan(10);
    expect(text).toContain(`…and ${50 - shown} more, left out to fit one Slack message.`);
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/health-service.large.json');
  });
});
