// Runs a service's checks against its migration's source and judges each. Queries run at once, as
// many as the client's limiter lets through; one failing query makes only its own check amber.
import { judge } from '../domain/health.ts';
import type { EvaluatedCheck } from '../domain/health-gate.ts';
import { type CheckTemplate, type PlatformPair, renderCheck } from '../domain/health-templates.ts';
import type { MetricsSource, PrometheusClient } from './prometheus.ts';

export async function evaluateChecks(
  client: PrometheusClient,
  source: MetricsSource,
  checks: readonly CheckTemplate[],
  pair: PlatformPair,
): Promise<EvaluatedCheck[]> {
  return Promise.all(
    checks.map(async (template) => {
      const c = renderCheck(template, pair);
      const [subject, reference] = await Promise.all([
        client.query(source, c.subject),
        c.reference === null ? Promise.resolve(null) : client.query(source, c.reference),
      ]);
      return {
        key: c.key,
        name: c.name,
        dashboardUrl: c.dashboardUrl,
        verdict: judge(c.threshold, c.unit, subject, reference),
      };
    }),
  );
}
