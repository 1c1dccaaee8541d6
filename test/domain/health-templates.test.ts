import { describe, expect, it } from 'vitest';
import {
  type CheckOverride,
  DEFAULT_TEMPLATE_SETS,
  effectiveChecks,
  renderCheck,
  renderQuery,
  unknownPlaceholders,
  zCheckTemplate,
  zThreshold,
} from '../../src/domain/health-templates.ts';

const PAIR = { service: 'checkout', oldPlatform: 'ec2', newPlatform: 'k8s', window: '5m' };
const [rate, errors, p99] = DEFAULT_TEMPLATE_SETS.prometheus;

const override = (o: Partial<CheckOverride> & { key: string }): CheckOverride => ({
  removed: false,
  name: null,
  query: null,
  referenceQuery: null,
  threshold: null,
  unit: null,
  dashboardUrl: null,
  ...o,
});

describe('templates', () => {
  it('fill service, platform and window; an absolute check runs only on the new platform', () => {
    if (errors === undefined) throw new Error('the default set has an error ratio');
    const r = renderCheck(errors, PAIR);
    expect(r.subject).toBe(
      'sum(rate(http_requests_total{service="checkout",platform="k8s",code=~"5.."}[5m])) / sum(rate(http_requests_total{service="checkout",platform="k8s"}[5m]))',
    );
    expect(r.reference).toBeNull();
  });

  it('a relative check also runs the same query on the old platform', () => {
    if (p99 === undefined) throw new Error('the default set has a p99');
    const r = renderCheck(p99, PAIR);
    expect(r.subject).toContain('platform="k8s"');
    expect(r.reference).toBe(r.subject.replace('platform="k8s"', 'platform="ec2"'));
  });

  it('a parity check may compare two different queries (RabbitMQ consumed vs Kafka consumed)', () => {
    const r = renderCheck(
      {
        key: 'consumed',
        name: 'messages consumed',
        query: 'sum(rate(kafka_consumed_total{group="{{service}}"}[{{window}}]))',
        referenceQuery: 'sum(rate(rabbitmq_consumed_total{queue="{{service}}"}[{{window}}]))',
        threshold: { kind: 'parity', tolerance: 0.05 },
        unit: 'per_second',
        dashboardUrl: 'https://grafana.example/d/x?var-service={{service}}',
      },
      { ...PAIR, service: 'orders & refunds' },
    );
    expect(r.subject).toBe('sum(rate(kafka_consumed_total{group="orders & refunds"}[5m]))');
    expect(r.reference).toBe('sum(rate(rabbitmq_consumed_total{queue="orders & refunds"}[5m]))');
    expect(r.dashboardUrl).toBe('https://grafana.example/d/x?var-service=orders%20%26%20refunds');
  });

  it('a service name cannot break out of the label value', () => {
    expect(
      renderQuery('up{service="{{service}}"}', { service: 'a"} or vector(1) #\\', platform: '', window: '' }),
    ).toBe('up{service="a\\"} or vector(1) #\\\\"}');
  });

  it('names placeholders nobody knows, and the template schema refuses them', () => {
    expect(unknownPlaceholders('x{service="{{servce}}",p="{{ platform }}"}')).toEqual(['servce']);
    const parsed = zCheckTemplate.safeParse({
      key: 'x',
      name: 'x',
      query: 'up{service="{{servce}}"}',
      threshold: { kind: 'below', value: 1 },
    });
    expect(parsed.success).toBe(false);
  });

  it('every default template is valid by the schema the commands use', () => {
    for (const set of Object.values(DEFAULT_TEMPLATE_SETS)) {
      for (const t of set) expect(zCheckTemplate.parse(t)).toEqual(t);
    }
    expect(zThreshold.safeParse({ kind: 'relative', maxIncrease: -0.1 }).success).toBe(false);
  });
});

describe('effectiveChecks', () => {
  const templates = DEFAULT_TEMPLATE_SETS.prometheus;

  it('applies overrides by key, removes, and adds checks that carry a query and threshold', () => {
    const checks = effectiveChecks(templates, [
      override({ key: 'error-ratio', threshold: { kind: 'below', value: 0.05 }, dashboardUrl: 'https://g/d' }),
      override({ key: 'request-rate', removed: true }),
      override({
        key: 'queue-depth',
        query: 'max(depth{service="{{service}}"})',
        threshold: { kind: 'below', value: 100 },
      }),
      override({ key: 'half-done', query: 'up' }),
    ]);
    expect(checks.map((c) => c.key)).toEqual(['error-ratio', 'p99-latency', 'queue-depth']);
    expect(checks[0]).toEqual({ ...errors, threshold: { kind: 'below', value: 0.05 }, dashboardUrl: 'https://g/d' });
    expect(checks[1]).toEqual(p99);
    expect(checks[2]).toMatchObject({ name: 'queue-depth', unit: 'number', referenceQuery: null });
    expect(rate).toBeDefined();
  });
});
