import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEALTH_UNITS, judge, type QueryAnswer, type Threshold, UNKNOWN_REASONS } from '../../src/domain/health.ts';
import { approvalGate, type CheckStatus } from '../../src/domain/health-gate.ts';
import { escapePromString } from '../../src/domain/health-templates.ts';

const RUNS = 300;

const arbThreshold: fc.Arbitrary<Threshold> = fc.oneof(
  fc.record({ kind: fc.constant('below' as const), value: fc.double({ noNaN: true, min: -1e6, max: 1e6 }) }),
  fc.record({ kind: fc.constant('above' as const), value: fc.double({ noNaN: true, min: -1e6, max: 1e6 }) }),
  fc.record({ kind: fc.constant('relative' as const), maxIncrease: fc.double({ noNaN: true, min: 0, max: 10 }) }),
  fc.record({ kind: fc.constant('parity' as const), tolerance: fc.double({ noNaN: true, min: 0, max: 10 }) }),
);

/** Anything a source may answer: values including NaN and infinities, none, several, or a failure. */
const arbAnswer: fc.Arbitrary<QueryAnswer> = fc.oneof(
  fc
    .array(fc.record({ labels: fc.constant({}), value: fc.double() }), { maxLength: 3 })
    .map((samples) => ({ ok: true as const, samples })),
  fc.record({
    ok: fc.constant(false as const),
    reason: fc.constantFrom(...UNKNOWN_REASONS),
    detail: fc.string(),
  }),
);

const readable = (a: QueryAnswer): boolean => a.ok && a.samples.length === 1 && !Number.isNaN(a.samples[0]?.value);

describe('judge, for any answers', () => {
  it('is amber exactly when an answer it needs cannot be read, and never green then', () => {
    fc.assert(
      fc.property(arbThreshold, fc.constantFrom(...HEALTH_UNITS), arbAnswer, arbAnswer, (t, unit, subject, ref) => {
        const v = judge(t, unit, subject, ref);
        const needsRef = t.kind === 'relative' || t.kind === 'parity';
        const readableAll = readable(subject) && (!needsRef || readable(ref));
        expect(v.state === 'amber').toBe(!readableAll);
        expect(v.unknown !== null).toBe(v.state === 'amber');
        expect(v.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });

  it('relative: green iff new ≤ old × (1 + allowed increase), for positive old', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        (old, now, inc) => {
          const v = judge({ kind: 'relative', maxIncrease: inc }, 'seconds', sample(now), sample(old));
          expect(v.state).toBe(now <= old + inc * old ? 'green' : 'red');
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('parity is symmetric around the reference and widening the tolerance never turns green to red', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (ref, offset, tol, more) => {
          const t = { kind: 'parity', tolerance: tol } as const;
          const up = judge(t, 'number', sample(ref + offset * ref), sample(ref)).state;
          const down = judge(t, 'number', sample(ref - offset * ref), sample(ref)).state;
          // Floating point may put the two sides a rounding apart, never more than that.
          if (Math.abs(offset - tol) > 1e-9) expect(up).toBe(down);
          const wider = judge(
            { kind: 'parity', tolerance: tol + more },
            'number',
            sample(ref + offset * ref),
            sample(ref),
          );
          if (up === 'green') expect(wider.state).toBe('green');
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('the gate, for any set of checks', () => {
  it('is open exactly when every check is green, and lists every other one', () => {
    const arbStatus = fc
      .tuple(arbThreshold, arbAnswer, arbAnswer)
      .map(([t, s, r]): CheckStatus['verdict'] => judge(t, 'number', s, r));
    fc.assert(
      fc.property(fc.array(arbStatus, { maxLength: 6 }), (verdicts) => {
        const statuses = verdicts.map((verdict, i) => ({
          key: `c${i}`,
          name: `c${i}`,
          dashboardUrl: null,
          verdict,
          evaluatedAt: new Date(0),
        }));
        const gate = approvalGate(statuses);
        const notGreen = verdicts.filter((v) => v.state !== 'green').length;
        expect(gate.open).toBe(notGreen === 0);
        if (!gate.open) expect(gate.blockers).toHaveLength(notGreen);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('escapePromString', () => {
  it('leaves no unescaped double quote or raw newline, and reads back to the original', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '"', '\\', '\n', '\r', '\t', 'é', '}', ' ') }), (s) => {
        const e = escapePromString(s);
        expect(e).not.toMatch(/[\n\r]/);
        expect(readPromString(e)).toBe(s);
      }),
      { numRuns: RUNS },
    );
  });
});

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t' };

/** Reads the inside of a PromQL double-quoted string as its lexer does; null where the string would end early. */
function readPromString(e: string): string | null {
  let out = '';
  for (let i = 0; i < e.length; i++) {
    const c = e[i] ?? '';
    if (c === '"' || c === '\n') return null;
    if (c !== '\\') {
      out += c;
      continue;
    }
    i++;
    const next = e[i] ?? '';
    out += ESCAPES[next] ?? next;
  }
  return out;
}

function sample(value: number): QueryAnswer {
  return { ok: true, samples: [{ labels: {}, value }] };
}
