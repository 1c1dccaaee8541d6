import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatImportError, type ImportResult, parseGraphFile } from '../../../src/domain/import/index.ts';

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

const entity = (kind: string, name: string, spec: string, metadata = ''): string =>
  `apiVersion: backstage.io/v1alpha1\nkind: ${kind}\nmetadata:\n  name: ${name}\n${metadata}spec:\n${spec}`;

describe('Backstage catalog', () => {
  const result = ok(parseGraphFile(fixture('backstage-catalog.yaml'), 'backstage'));
  const service = (name: string) => result.graph.services.find((candidate) => candidate.name === name);
  const edges = result.graph.dependencies.map(
    (dependency) => `${dependency.from} -> ${dependency.to} (${dependency.kind})`,
  );

  it('makes services of Components and Resources, not of APIs, and counts the ignored kinds', () => {
    expect(result.graph.services.map((candidate) => candidate.name)).toEqual([
      'storefront',
      'cart',
      'catalog',
      'pricing',
      'checkout',
      'stripe-gateway',
      'order-worker',
      'orders-db',
      'order-queue',
      'cart-cache',
      'cdn-edge',
    ]);
    expect(result.notes).toEqual([
      'ignored entities that are not services: 1 Group, 1 System, 1 User, 1 Domain',
      '1 dependency names a service not in this file',
    ]);
  });

  it('resolves dependsOn by the target kind and consumesApis to the providing Component', () => {
    expect(edges).toEqual([
      'storefront -> cart (sync)',
      'storefront -> cdn-edge (sync)',
      'storefront -> catalog (sync)',
      'cart -> cart-cache (shared-cache)',
      'cart -> pricing (sync)',
      'catalog -> orders-db (shared-db)',
      'checkout -> cart (sync)',
      'checkout -> orders-db (shared-db)',
      'checkout -> order-queue (async)',
      'checkout -> stripe-gateway (sync)',
      'checkout -> pricing (sync)',
      'order-worker -> order-queue (async)',
      'order-worker -> orders-db (shared-db)',
      'order-worker -> checkout (async)',
    ]);
    expect(
      result.graph.dependencies.every((dependency) => dependency.origin === 'declared' && !dependency.hidden),
    ).toBe(true);
  });

  it('reads owner, annotations and resource types, recording where each fact came from', () => {
    expect(service('storefront')).toEqual({
      name: 'storefront',
      owner: 'group:default/team-web',
      tier: 2,
      effortDays: 3,
      sources: {
        owner: 'backstage spec.owner',
        tier: 'backstage annotation migrate-bot.io/tier',
        effortDays: 'backstage annotation migrate-bot.io/effort-days',
      },
    });
    expect(service('orders-db')).toMatchObject({
      stateful: true,
      tier: 1,
      effortDays: 15,
      sources: { stateful: 'backstage spec.type database' },
    });
    expect(service('order-queue')).toMatchObject({ stateful: true, owner: 'team-platform' });
    expect(service('stripe-gateway')).toMatchObject({
      external: true,
      sources: { external: 'backstage spec.type external-service' },
    });
    expect(service('pricing')).toMatchObject({
      stateful: false,
      sources: { stateful: 'backstage annotation migrate-bot.io/stateful' },
    });
    expect(service('checkout')?.effortDays).toBe(7.5);
    expect(service('cart')).not.toHaveProperty('stateful');
    expect(service('cdn-edge')).toEqual({ name: 'cdn-edge', sources: {} });
  });

  it('lets annotations win over the resource type and reads the external tag', () => {
    const text = [
      entity('Resource', 'audit-db', '  type: database\n', "  annotations:\n    migrate-bot.io/stateful: 'false'\n"),
      entity('Component', 'geo-lookup', '  type: service\n', '  tags: [maps, External]\n'),
    ].join('---\n');
    const graph = ok(parseGraphFile(text, 'backstage')).graph;
    expect(graph.services).toEqual([
      { name: 'audit-db', stateful: false, sources: { stateful: 'backstage annotation migrate-bot.io/stateful' } },
      { name: 'geo-lookup', external: true, sources: { external: 'backstage metadata.tags external' } },
    ]);
  });

  it('rejects the same name in two namespaces, since service names are global', () => {
    const text = [
      entity('Component', 'orders', '  type: service\n', '  namespace: eu\n'),
      entity('Component', 'orders', '  type: service\n', '  namespace: us\n'),
    ].join('---\n');
    expect(failed(parseGraphFile(text, 'backstage')).errors.map(formatImportError)).toEqual([
      'document 2 (Component orders), line 9: service "orders" is defined twice (first at document 1 (Component orders), line 1)',
    ]);
  });
});

describe('Backstage errors', () => {
  it('names the document and field of an API with no provider or two providers', () => {
    const result = failed(parseGraphFile(fixture('bad-backstage-no-provider.yaml'), 'backstage'));
    expect(result.errors.map(formatImportError)).toEqual([
      'document 1 (Component checkout), spec.consumesApis[0], line 9: no Component in this file lists API "pricing-api" in spec.providesApis',
      'document 1 (Component checkout), spec.consumesApis[1], line 10: API "payments-api" is provided by payments-v1, payments-v2; one provider is needed to know whom this depends on',
    ]);
  });

  it('reports bad annotations, a dependsOn naming an API and an invalid name, in file order', () => {
    const result = failed(parseGraphFile(fixture('bad-backstage-annotations.yaml'), 'backstage'));
    expect(result.errors.map((error) => error.where)).toEqual([
      'document 1 (Component checkout), metadata.annotations.migrate-bot.io/tier, line 6',
      'document 1 (Component checkout), metadata.annotations.migrate-bot.io/stateful, line 7',
      'document 1 (Component checkout), spec.dependsOn[0], line 12',
      'document 2 (Resource orders db), metadata.name, line 17',
    ]);
    expect(result.errors[0]?.message).toBe('must be a whole number from 1 (most critical) to 10, not "critical"');
    expect(result.errors[2]?.message).toBe(
      '"api:pricing-api" names an API; dependsOn can name only a Component or a Resource',
    );
  });

  it('rejects a document that is not an entity', () => {
    const text = `${entity('Component', 'a', '  type: service\n')}---\n- just\n- a list\n`;
    expect(failed(parseGraphFile(text, 'backstage')).errors[0]).toMatchObject({
      where: 'document 2, line 8',
      message: 'must be a Backstage entity, not a list',
    });
  });
});
