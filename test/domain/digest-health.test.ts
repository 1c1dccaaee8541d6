import { describe, expect, it } from 'vitest';
import { type DigestEventInput, oneHealthChangeEach } from '../../src/domain/digest.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 10, minute));
const health = (minute: number, service: string, from: string | null, to: string): DigestEventInput => ({
  at: at(minute),
  actor: null,
  action: 'health_changed',
  service,
  from,
  to,
  reason: null,
});
const moved: DigestEventInput = {
  at: at(3),
  actor: 'U0ALICE',
  action: 'transition',
  service: 'api',
  from: 'planned',
  to: 'shadow',
  reason: null,
};

describe('one health line per service in the digest', () => {
  it('keeps the state before the window and the last one, at the last change', () => {
    const events = [health(1, 'api', 'green', 'amber'), moved, health(5, 'api', 'amber', 'red')];
    expect(oneHealthChangeEach(events)).toEqual([moved, { ...health(5, 'api', 'green', 'red') }]);
  });

  it('leaves out a service that ended where it started, and keeps others apart', () => {
    const events = [health(1, 'api', 'green', 'red'), health(2, 'db', null, 'amber'), health(4, 'api', 'red', 'green')];
    expect(oneHealthChangeEach(events)).toEqual([health(2, 'db', null, 'amber')]);
  });
});
