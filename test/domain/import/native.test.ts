import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatImportError, type ImportResult, parseGraphFile } from '../../../src/domain/import/index.ts';
import { defaultRunbook, mergeImportedSteps } from '../../../src/domain/runbook.ts';

const TRAITS = { stateful: false, external: false, inParallelBatch: false };

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/import/${name}`, import.meta.url), 'utf8');

function ok(result: ImportResult): Extract<ImportResult, { ok: true }> {
  if (!result.ok) throw new Error(result.errors.map(formatImportError).join('\n'));
  return result;
}

function failed(result: ImportResult): Extract<ImportResult, { ok: false }> {
  if (result.ok) throw new Error('expected the import to fail');
  return result;
}

describe('native YAML', () => {
  const result = ok(parseGraphFile(fixture('native-graph.yaml'), 'native'));
  const service = (name: string) => result.graph.services.find((candidate) => candidate.name === name);

  it('reads every service, an implicit target last, and every dependency', () => {
    expect(result.format).toBe('native');
    expect(result.graph.services).toHaveLength(13);
    expect(result.graph.services.at(-1)).toEqual({ name: 'legacy-billing', sources: {} });
    expect(result.graph.dependencies).toHaveLength(15);
    expect(result.notes).toEqual([]);
  });

  it('keeps the migration block as metadata', () => {
    expect(result.migration).toEqual({ name: 'dispatch-kafka', from: 'RabbitMQ', to: 'Kafka' });
  });

  it('records facts with their source and leaves absent facts undefined', () => {
    expect(service('orders-db')).toEqual({
      name: 'orders-db',
      owner: '@dba-oncall',
      tier: 1,
      stateful: true,
      effortDays: 12,
      sources: { owner: 'native', tier: 'native', stateful: 'native', effortDays: 'native' },
    });
    expect(service('carrier-api')).toMatchObject({ owner: 'partnerships@example.com', external: true });
    expect(service('route-cache')?.effortDays).toBe(1.5);
    expect(service('api-gateway')).not.toHaveProperty('stateful');
  });

  it('reads short and long dependency forms, defaulting the kind to sync', () => {
    expect(result.graph.dependencies).toContainEqual({
      from: 'web-frontend',
      to: 'api-gateway',
      kind: 'sync',
      hidden: false,
      origin: 'declared',
    });
    expect(result.graph.dependencies).toContainEqual({
      from: 'inventory',
      to: 'orders-db',
      kind: 'shared-db',
      hidden: true,
      origin: 'declared',
    });
    expect(result.graph.dependencies).toContainEqual(
      expect.objectContaining({ from: 'shipments', to: 'order-events', kind: 'async' }),
    );
  });

  it('reads runbook steps with and without a phase', () => {
    expect(service('orders')?.runbook).toEqual([
      { step: 'dual-publish order events to RabbitMQ and Kafka' },
      { phase: 'shadow', step: 'compare Kafka consumer offsets with RabbitMQ acks for 24 h' },
      { phase: 'cutover', step: 'stop publishing to the RabbitMQ exchange' },
    ]);
  });
});

describe('native JSON', () => {
  it('reads the same shape from JSON', () => {
    const result = ok(parseGraphFile(fixture('native-graph.json'), 'native'));
    expect(result.graph.services.map((service) => service.name)).toEqual([
      'checkout',
      'cart',
      'payments',
      'payments-db',
      'session-cache',
      'fraud-check',
    ]);
    expect(result.graph.dependencies).toHaveLength(6);
    expect(result.graph.dependencies).toContainEqual({
      from: 'payments',
      to: 'fraud-check',
      kind: 'endpoint',
      hidden: true,
      origin: 'declared',
    });
    expect(result.migration).toEqual({ name: 'payments-k8s', from: 'EC2', to: 'Kubernetes' });
  });

  it('locates schema errors by line in JSON too', () => {
    const text = '{\n  "services": [\n    { "name": "a" },\n    { "name": "b", "tier": 0 }\n  ]\n}\n';
    const result = failed(parseGraphFile(text, 'native'));
    expect(result.errors).toEqual([
      { where: 'services[1].tier, line 4', line: 4, message: 'must be at least 1, not 0' },
    ]);
  });

  it('reports a JSON syntax error with its line', () => {
    const result = failed(parseGraphFile(fixture('bad-native-syntax.json'), 'auto', { fileName: 'graph.json' }));
    expect(result.errors).toEqual([expect.objectContaining({ line: 4, where: 'line 4' })]);
    expect(result.errors[0]?.message).toMatch(/^JSON syntax: /);
  });
});

describe('native errors', () => {
  it('reports YAML syntax errors with their line', () => {
    const result = failed(parseGraphFile(fixture('bad-native-syntax.yaml'), 'native'));
    expect(result.format).toBe('native');
    expect(result.errors[0]).toMatchObject({ line: 5 });
    expect(result.errors[0]?.message).toMatch(/^YAML syntax: /);
  });

  it('reports every wrong type at its field and line', () => {
    const result = failed(parseGraphFile(fixture('bad-native-types.yaml'), 'native'));
    expect(result.errors.map(formatImportError)).toEqual([
      'services[0].tier, line 3: must be a number, not "high"',
      'services[0].stateful, line 4: must be true or false, not "yes"',
      'services[1].effort_days, line 8: must be more than 0, not -2',
      'services[1], line 9: unknown field "dependsOn" (did you mean "depends_on"?); allowed fields: name, description, owner, tier, stateful, external, effort_days, depends_on, runbook, health',
      'services[2].depends_on, line 11: must be a list, not "orders"',
      'services[3].name, line 12: is required',
    ]);
    expect(result.errorCount).toBe(6);
  });

  it('names the allowed kinds for an unknown kind', () => {
    const result = failed(parseGraphFile(fixture('bad-native-kind.yaml'), 'native'));
    expect(result.errors).toEqual([
      {
        where: 'services[0].depends_on[1].kind, line 6',
        line: 6,
        message: 'must be one of sync, async, shared-db, shared-cache, endpoint, not "rpc"',
      },
    ]);
  });

  it('rejects over-long names and names with spaces', () => {
    const result = failed(parseGraphFile(fixture('bad-native-long-name.yaml'), 'native'));
    expect(result.errors.map((error) => [error.where, error.message.split(';')[0]])).toEqual([
      ['services[1].name, line 5', '"inventory-reservation-and-allocation-ser..." is 106 characters long'],
      ['services[2].name, line 6', '"billing service" is not a valid name'],
    ]);
  });

  it('rejects a duplicate service and a self-dependency', () => {
    const result = failed(parseGraphFile(fixture('bad-native-duplicate.yaml'), 'native'));
    expect(result.errors.map(formatImportError)).toEqual([
      'services[0].depends_on[1], line 5: "orders" cannot depend on itself',
      'services[2], line 7: service "orders" is defined twice (first at services[0], line 2)',
    ]);
  });

  it('merges a duplicate dependency and says so', () => {
    const text = 'services:\n  - name: a\n    depends_on: [b, b, {service: b, kind: async}]\n';
    const result = ok(parseGraphFile(text, 'native'));
    expect(result.graph.dependencies.map((dependency) => `${dependency.to}/${dependency.kind}`)).toEqual([
      'b/sync',
      'b/async',
    ]);
    expect(result.notes).toEqual(['1 duplicate dependency merged']);
  });

  it('trims names and points a bad short-form dependency at its own line', () => {
    const text = 'services:\n  - name: "  a  "\n    depends_on:\n      - b\n      - "c d"\n';
    const result = failed(parseGraphFile(text, 'native'));
    expect(result.errors).toEqual([expect.objectContaining({ where: 'services[0].depends_on[1], line 5', line: 5 })]);
    const trimmed = ok(parseGraphFile('services:\n  - name: "  a  "\n', 'native'));
    expect(trimmed.graph.services[0]?.name).toBe('a');
  });

  it('refuses an empty service list and more than one document', () => {
    expect(failed(parseGraphFile('services: []\n', 'native')).errors[0]?.message).toBe('the file names no services');
    const twoDocuments = failed(parseGraphFile('services: [{name: a}]\n---\nservices: [{name: b}]\n', 'native'));
    expect(twoDocuments.errors[0]?.message).toMatch(/one document/);
  });
});

describe('runbook phases in a native file', () => {
  it('keeps every imported step of the shipped example, rollback meaning the cutover phase', () => {
    const example = readFileSync(new URL('../../../examples/shop-graph.yaml', import.meta.url), 'utf8');
    const checkout = ok(parseGraphFile(example, 'auto')).graph.services.find((s) => s.name === 'checkout');
    expect(checkout?.runbook?.map((s) => s.phase)).toEqual(['shadow', 'cutover', 'cutover']);
    const merged = mergeImportedSteps(defaultRunbook(TRAITS, 48), checkout?.runbook ?? []);
    expect(merged.ok && merged.steps.filter((s) => s.key.startsWith('custom-'))).toHaveLength(3);
  });

  it('refuses a phase the runbook does not know, with its line, instead of dropping the steps', () => {
    const text = 'services:\n  - name: api\n    runbook:\n      - phase: rolback\n        step: turn the flag off\n';
    const result = failed(parseGraphFile(text, 'native'));
    expect(result.errors.map(formatImportError)).toEqual([
      'services[0].runbook[0].phase, line 4: must be one of prepare, shadow, validate, cutover, monitor, cleanup (or rollback)',
    ]);
  });
});
