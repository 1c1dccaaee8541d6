// The plan as a person reads it: groups by what they are (not internal ids), each group's reason
// once, the inputs in words with their keys after, counts with separators, notes as sentences.
import { describe, expect, it } from 'vitest';
import { compareStrategies } from '../../../src/domain/estimates.ts';
import type { ServiceGraph } from '../../../src/domain/model.ts';
import { reviewPlan } from '../../../src/domain/plan-review.ts';
import { type Plan, plan } from '../../../src/domain/planner.ts';
import { withDefaults } from '../../../src/domain/settings.ts';
import type { Message } from '../../../src/slack/effect.ts';
import { importReport } from '../../../src/slack/views/import-report.ts';
import { type PlanView, planMessage, planThread } from '../../../src/slack/views/plan-message.ts';
import { jaegerLikeGraph } from '../../support/jaeger-like-graph.ts';
import { expectMessagesWithinLimits } from '../../support/views.ts';

function view(graph: ServiceGraph, p: Plan, teamKeys: ReadonlySet<'engineers'> = new Set()): PlanView {
  const comparison = compareStrategies(graph, withDefaults({}), teamKeys);
  return {
    migrationName: 'Platform move',
    version: 1,
    plan: p,
    comparison,
    warnings: reviewPlan({ plan: p, graph, comparison }),
    changes: [],
    previousVersion: null,
    startedCount: 0,
    owners: new Map(),
    by: 'U1',
  };
}

/** Mrkdwn text as Slack shows it: the escaped `<`, `>` and `&` back as the characters. */
const asShown = (t: string) => t.replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&');

/** Every mrkdwn and plain text of the messages, one string per text object, as Slack shows it. */
function texts(messages: readonly Message[]): string[] {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) for (const v of value) walk(v);
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'text' && typeof v === 'string') out.push(asShown(v));
        else walk(v);
      }
    }
  };
  walk(messages);
  return out;
}

describe('the plan at 1,238 services, in words', () => {
  const big = jaegerLikeGraph(7);
  const p = plan(big.graph, { strategy: 'parallel' });
  const v = view(big.graph, p);
  const message = planMessage(v);
  const thread = planThread(v);
  const lines = texts(thread).flatMap((t) => t.split('\n'));

  it('names groups by size and first member, never by an internal id, within Block Kit limits', () => {
    expectMessagesWithinLimits([message, ...thread]);
    for (const t of texts([message, ...thread])) expect(t).not.toMatch(/\bg\d+\b/);
    expect(texts([message]).join('\n')).toContain(':warning: *The 356 services around svc-0309 move as one*');
  });

  it("says each group's reason once, and per service only which group it moves with", () => {
    const members = lines.filter((l) => /^\d+\. /.test(l) && l.includes('group'));
    expect(members).toHaveLength(356);
    for (const l of members) {
      expect(l).toContain('moves as one with its group (356 services around svc-0309)');
      expect(l).not.toContain('cycle:');
    }
    const reasons = lines.filter((l) => l.includes('cycle: svc-0309 -> svc-0664'));
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/^\*The 356 services around svc-0309\* move as one: cycle: /);
    expect(thread[0]?.text).toBe('Plan v1, the groups that move as one (part 1)');
  });

  it('counts the services of the notification with a thousands separator', () => {
    expect(message.text).toBe('Plan v1 for Platform move: 1,238 services, parallel');
  });
});

describe('the plan inputs', () => {
  const small: ServiceGraph = {
    services: ['a', 'b'].map((name) => ({ name, tier: 3, stateful: false, external: false, effortDays: null })),
    edges: [{ from: 'a', to: 'b', kind: 'sync' }],
  };
  const inputs = (teamKeys: ReadonlySet<'engineers'>) =>
    texts([planMessage(view(small, plan(small, { strategy: 'parallel' }), teamKeys))]).find((t) =>
      t.startsWith('Inputs:'),
    ) ?? '';

  it('lead with the words, the key after in code, and say whose figures they are once', () => {
    const text = inputs(new Set());
    expect(text).toContain('Inputs: the number of engineers is 5 (`engineers`) · ');
    expect(text).toContain("the old platform's monthly cost is $10,000 (`monthly-cost`)");
    expect(text).toContain('the extra cost while both platforms run is 75% (`dual-running-uplift`)');
    expect(text).toContain("All are the guide's defaults.");
    expect(text).not.toContain('guide default)');
    expect(inputs(new Set(['engineers']))).toContain("Your team set `engineers`; the rest are the guide's defaults.");
  });
});

describe('a stored plan', () => {
  it('still lists its groups with their reasons, from the entries alone', () => {
    const graph: ServiceGraph = {
      services: ['web', 'a', 'b'].map((name) => ({
        name,
        tier: 3,
        stateful: false,
        external: false,
        effortDays: null,
      })),
      edges: [
        { from: 'web', to: 'a', kind: 'sync' },
        { from: 'a', to: 'b', kind: 'sync' },
        { from: 'b', to: 'a', kind: 'sync' },
      ],
    };
    const fresh = plan(graph, { strategy: 'sequential' });
    // As the store hands it back: no group list, each entry's group kept as the group's reason.
    const stored: Plan = {
      ...fresh,
      groups: [],
      entries: fresh.entries.map((e) => ({ ...e, groupId: e.groupId === null ? null : 'cycle: a -> b -> a' })),
    };
    const all = texts([planMessage(view(graph, stored)), ...planThread(view(graph, stored))]).join('\n');
    expect(all).toContain('*The 2 services around a* move as one: cycle: a -> b -> a. Members: a, b.');
    expect(all).toContain('2 services around a (cycle: a -> b -> a)');
  });
});

describe('the import report', () => {
  it("ends the importer's notes with a period", () => {
    const { message } = importReport({
      migrationName: 'Shop',
      by: 'U1',
      format: 'native',
      fileName: 'graph.json',
      report: {
        importId: 1,
        added: ['a'],
        changed: [],
        removed: [],
        keptStarted: [],
        dependenciesAdded: 0,
        dependenciesRemoved: 0,
      },
      notes: ['the file names the migration "shop-kafka"; it was imported into this one'],
      totals: { services: 1, dependencies: 0 },
      plan: { kind: 'none' },
      health: { set: 0, overrode: 0, removed: 0, dropped: 0, services: 0 },
    });
    expect(texts([message])).toContain(
      'Importer notes: the file names the migration "shop-kafka"; it was imported into this one.',
    );
  });
});
