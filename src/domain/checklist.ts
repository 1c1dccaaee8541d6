// The decision checklist (DOMAIN.md section 1): six criteria scored 1 (strongly sequential)
// to 5 (strongly parallel). The guide's hints leave gaps; every score has a label anyway.
import { z } from 'zod';

export const CRITERIA = ['coupling', 'teamSize', 'automation', 'riskTolerance', 'timeline', 'dualRunningCost'] as const;
export type Criterion = (typeof CRITERIA)[number];

export const OUTCOMES = ['sequential', 'hybrid', 'parallel'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface CriterionSpec {
  readonly title: string;
  readonly question: string;
  /** Labels for scores 1..5, index 0 is score 1. */
  readonly labels: readonly [string, string, string, string, string];
}

export const CRITERION_SPECS: Readonly<Record<Criterion, CriterionSpec>> = {
  coupling: {
    title: 'Service coupling',
    question: 'How tightly do the services depend on each other?',
    labels: [
      'Tightly coupled: shared state, chatty sync calls',
      'Mostly coupled: many sync dependencies',
      'Mixed: some clear boundaries',
      'Mostly loose: async, clear contracts',
      'Loosely coupled: independent services',
    ],
  },
  teamSize: {
    title: 'Team size',
    question: 'How many engineers work on the migration?',
    labels: [
      'One engineer, part time',
      'Small team: 1-3 engineers',
      'Small team: 3 engineers, full time',
      'Medium team: 4-5 engineers',
      'Large team: 6 or more engineers',
    ],
  },
  automation: {
    title: 'Automation maturity',
    question: 'How mature are CI/CD, canaries and rollback?',
    labels: [
      'Manual deploys, no automated tests to lean on',
      'Basic CI, manual releases and rollbacks',
      'CI/CD in place, rollbacks partly manual',
      'Canary or blue-green for most services',
      'Canary releases with automated rollback',
    ],
  },
  riskTolerance: {
    title: 'Risk tolerance',
    question: 'How much disruption can the business absorb?',
    labels: [
      'Very low: payments, healthcare, regulated',
      'Low: customer-facing, revenue-critical',
      'Moderate: brief degradation is acceptable',
      'High: internal tools',
      'Very high: early-stage product, few users',
    ],
  },
  timeline: {
    title: 'Timeline pressure',
    question: 'How hard is the deadline?',
    labels: [
      'None: the old platform can stay indefinitely',
      'No deadline, but a goal',
      'Soft deadline with room to slip',
      'Firm deadline in a few months',
      'Tight deadline: contract or end of life',
    ],
  },
  dualRunningCost: {
    title: 'Dual-running cost',
    question: 'What does running both platforms at once cost?',
    labels: [
      'Negligible',
      'Low: small share of the budget',
      'Noticeable but affordable',
      'High: a serious budget line',
      'Very high: running both for months doubles the bill',
    ],
  },
};

export const zScore = z.coerce
  .number({ error: 'Pick a score from 1 to 5.' })
  .int({ error: 'Scores are whole numbers from 1 to 5.' })
  .min(1, { error: 'Scores run from 1 to 5.' })
  .max(5, { error: 'Scores run from 1 to 5.' });

export const zScores = z.object({
  coupling: zScore,
  teamSize: zScore,
  automation: zScore,
  riskTolerance: zScore,
  timeline: zScore,
  dualRunningCost: zScore,
});
export type Scores = z.infer<typeof zScores>;

export const TOTAL_MIN = 6;
export const TOTAL_MAX = 30;

/** 6-12 sequential, 13-18 hybrid, 19-30 parallel is viable. */
export function outcomeFor(total: number): Outcome {
  if (!Number.isInteger(total) || total < TOTAL_MIN || total > TOTAL_MAX) {
    throw new RangeError(`A checklist total runs from ${TOTAL_MIN} to ${TOTAL_MAX}, got ${total}`);
  }
  if (total <= 12) return 'sequential';
  if (total <= 18) return 'hybrid';
  return 'parallel';
}

export type Pull = 'sequential' | 'neutral' | 'parallel';

/** 1-2 pull towards sequential, 3 sits in the middle, 4-5 pull towards parallel. */
export function pullOf(score: number): Pull {
  if (score <= 2) return 'sequential';
  if (score >= 4) return 'parallel';
  return 'neutral';
}

export interface Assessment {
  readonly scores: Scores;
  readonly total: number;
  readonly outcome: Outcome;
  readonly pulls: Readonly<Record<Criterion, Pull>>;
}

export function assess(scores: Scores): Assessment {
  const total = CRITERIA.reduce((sum, c) => sum + scores[c], 0);
  const pulls = Object.fromEntries(CRITERIA.map((c) => [c, pullOf(scores[c])])) as Record<Criterion, Pull>;
  return { scores, total, outcome: outcomeFor(total), pulls };
}

export interface Advice {
  readonly risk: string;
  readonly mitigation: string;
}

/**
 * The pitfalls that matter for this outcome and these scores (DOMAIN.md section 6), most pressing first.
 * Scores sharpen the advice: a low automation score makes blast radius worse in parallel, and so on.
 */
export function adviceFor(a: Assessment): Advice[] {
  const s = a.scores;
  const out: Advice[] = [];
  const sequentialSide = a.outcome !== 'parallel';
  const parallelSide = a.outcome !== 'sequential';
  if (sequentialSide) {
    out.push({
      risk: 'Hidden dependencies surface mid-way and break the order',
      mitigation: 'Map calls from tracing (Jaeger, Zipkin) and mirror traffic before fixing the order',
    });
    if (s.timeline >= 4 || s.teamSize <= 2) {
      out.push({
        risk: 'Migration fatigue over a long one-by-one run',
        mitigation: 'Automate validation, celebrate each service moved, and batch a few services in later phases',
      });
    }
    out.push({
      risk: 'Configuration drifts between services migrated months apart',
      mitigation: 'Keep configuration in one managed place across all services',
    });
  }
  if (parallelSide) {
    out.push({
      risk: 'A failing batch has a large blast radius',
      mitigation: 'Give every service in a batch its own flag and put circuit breakers between services',
    });
    if (s.coupling <= 3 || s.teamSize >= 4) {
      out.push({
        risk: 'Coordination overhead across teams during cutover',
        mitigation: 'One runbook, one shared status view, and a daily sync while the cutover window is open',
      });
    }
    out.push({
      risk: 'Rolling back a batch is messy',
      mitigation:
        'Keep the new platform backward compatible, keep old endpoints for a grace period, make data moves reversible',
    });
  }
  if (s.automation <= 2) {
    out.push({
      risk: 'Too little testing and monitoring for a safe cutover',
      mitigation: 'Build health checks, dashboards and rollback triggers before the first cutover',
    });
  }
  if (s.riskTolerance <= 2) {
    out.push({
      risk: 'Stateful services (databases, queues) are the hardest to move safely',
      mitigation:
        'Move them one at a time with data validation at every step; in a batch use dual writes and check consistency',
    });
  }
  if (s.dualRunningCost >= 4) {
    out.push({
      risk: 'Running both platforms adds 50-100% to the affected services’ infrastructure bill',
      mitigation: 'Keep the dual-running window short: plan batches so old resources can be switched off early',
    });
  }
  out.push({
    risk: 'Stakeholders are surprised by the cutover',
    mitigation: 'Post a daily status that non-engineers can read (`/migrate digest`)',
  });
  return out;
}
