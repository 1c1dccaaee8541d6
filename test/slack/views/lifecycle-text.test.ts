import { describe, expect, it } from 'vitest';
import { rollbackHint, startHint, transitionSentence } from '../../../src/slack/views/lifecycle-text.ts';

const moved = (name: string) => ({ service: { name }, from: 'planned' as const, to: 'shadow' as const });

describe('transitionSentence', () => {
  it('names the batch when all of it moved', () => {
    const text = transitionSentence('U1', 'start', 'batch 1 (2 services)', [moved('a'), moved('b')]);
    expect(text).toBe('<@U1> started batch 1 (2 services): a, b → *shadow*.');
  });

  it('says how many of the batch moved when some were left as they were, so count and names agree', () => {
    const four = ['a', 'b', 'c', 'd'].map(moved);
    expect(transitionSentence('U1', 'start', 'batch 1 (5 services)', four)).toBe(
      '<@U1> started 4 services of the 5 services of batch 1: a, b, c, d → *shadow*.',
    );
    expect(transitionSentence('U1', 'start', 'batch 2 (1,200 services)', [moved('a')])).toBe(
      '<@U1> started *a* (planned → *shadow*), 1 of the 1,200 services of batch 2.',
    );
  });
});

describe('startHint', () => {
  it('writes out the runbook and cutover commands for what was started', () => {
    expect(startHint({ batch: null, services: ['storefront-web'] })).toContain(
      'Runbook: `/migrate runbook storefront-web`; when validated, `/migrate cutover storefront-web`.',
    );
    expect(startHint({ batch: 1, services: ['a', 'b'] })).toContain(
      'Runbook: `/migrate runbook <service>`; when validated, `/migrate cutover batch 1`.',
    );
    expect(startHint({ batch: null, services: ['a', 'b'] })).toContain('`/migrate cutover <service>`');
  });
});

describe('rollbackHint', () => {
  it('names what to start again', () => {
    expect(rollbackHint({ batch: null, services: ['mobile-bff'] })).toBe(
      'Traffic goes back to the old platform. Once fixed, `/migrate start mobile-bff` puts it in shadow again.',
    );
    expect(rollbackHint({ batch: 2, services: ['a', 'b'] })).toContain(
      '`/migrate start batch 2` puts them in shadow again.',
    );
  });
});
