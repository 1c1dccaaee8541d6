import { describe, expect, it } from 'vitest';
import { createInFlight } from '../../src/in-flight.ts';

describe('work in flight', () => {
  it('is idle only once every piece of work has settled, failed ones included', async () => {
    const inFlight = createInFlight();
    const order: string[] = [];
    let finish = () => {};
    const slow = inFlight.run(() => new Promise<void>((resolve) => (finish = resolve)));
    const failing = inFlight.run(() => Promise.reject(new Error('boom'))).catch(() => order.push('failed'));
    const idle = inFlight.idle().then(() => order.push('idle'));
    await failing;
    order.push('finishing');
    finish();
    await Promise.all([slow, idle]);
    expect(order).toEqual(['failed', 'finishing', 'idle']);
    await inFlight.idle();
  });
});
