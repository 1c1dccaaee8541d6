// What a lead reads of the plan review: in the Slack plan message and as `/migrate plan` arguments.
import { describe, expect, it } from 'vitest';
import { planCommand } from '../../commands/plan.ts';
import { compareStrategies } from '../../src/domain/estimates.ts';
import type { ServiceGraph, Strategy } from '../../src/domain/model.ts';
import { reviewPlan } from '../../src/domain/plan-review.ts';
import { plan } from '../../src/domain/planner.ts';
import { withDefaults } from '../../src/domain/settings.ts';
import { planMessage } from '../../src/slack/views/plan-message.ts';
import { assertWithinBlockKitLimits } from '../support/block-kit-limits.ts';
import { jaegerLikeGraph } from '../support/jaeger-like-graph.ts';

function posted(graph: ServiceGraph, strategy: Strategy): string {
  const p = plan(graph, { strategy });
  const comparison = compareStrategies(graph, withDefaults({}), new Set());
  const message = planMessage({
    migrationName: 'big',
    version: 1,
    plan: p,
    comparison,
    warnings: reviewPlan({ plan: p, graph, comparison }),
    changes: [],
    previousVersion: null,
    startedCount: 0,
    owners: new Map(),
    by: 'U1',
  });
  assertWithinBlockKitLimits(message);
  return JSON.stringify(message.blocks);
}

describe('the plan message at 1,238 services', () => {
  const big = jaegerLikeGraph(7);

  it('warns about the large group with the calls to check and the command that removes each', () => {
    const text = posted(big.graph, 'sequential');
    expect(text).toMatch(/:warning: \*The 356 services around svc-0309 move as one\* \(a dependency cycle\)/);
    expect(text).toMatch(/svc-\d{4} → svc-\d{4} \(\d+ calls?\)/);
    expect(text).toMatch(/`\/migrate undepend svc-\d{4} on svc-\d{4}`/);
    expect(text).toMatch(/the largest group left has \d+ services/);
  });

  it('says a sequential plan of decades is not realistic and names the faster strategy', () => {
    const text = posted(big.graph, 'sequential');
    expect(text).toContain('*This plan takes about 28.6 years* (342.8 months)');
    expect(text).toContain('`/migrate plan parallel` plans the shortest');
    expect(text).toContain('`/migrate set effort-days N`');
  });

  it('says how to split batches that are too large', () => {
    const text = posted(big.graph, 'parallel');
    expect(text).toMatch(/\*Batch 1 has \d+ services\*/);
    expect(text).toContain('`/migrate set batch-cap 50`, then `/migrate plan`');
  });
});

describe('the plan message for cycles without a helpful call', () => {
  /** n services, each calling every other once. */
  const clique = (n: number, origin: 'traced' | 'declared'): ServiceGraph => {
    const names = Array.from({ length: n }, (_, i) => `c${String(i).padStart(2, '0')}`);
    return {
      services: names.map((name) => ({ name, tier: null, stateful: false, external: false, effortDays: null })),
      edges: names.flatMap((a) =>
        names.filter((b) => b !== a).map((b) => ({ from: a, to: b, kind: 'sync' as const, origin, callCount: 1 })),
      ),
    };
  };

  it('says when five calls are not enough, and when nothing was traced', () => {
    expect(posted(clique(25, 'traced'), 'sequential')).toContain(
      'Even without its 5 least-used traced calls (c00 → c01 (1 call)',
    );
    expect(posted(clique(25, 'declared'), 'sequential')).toContain(
      'None of the dependencies on its loop were traced, so there is no call count to go by',
    );
  });

  it('says nothing of a group of 20, the largest it lets pass', () => {
    const text = posted(clique(20, 'traced'), 'sequential');
    expect(text).toContain('*Move together*');
    expect(text).not.toContain(':warning:');
  });
});

describe('/migrate plan arguments', () => {
  it('suggests the strategy a typo was meant to be', () => {
    const parsed = planCommand.args.safeParse(['hybird']);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain('does not know `hybird` (did you mean `hybrid`?)');
    const far = planCommand.args.safeParse(['sideways']);
    expect(far.error?.issues[0]?.message).not.toContain('did you mean');
  });
});
