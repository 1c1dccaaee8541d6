import { describe, expect, it } from 'vitest';
import { confirmMessage } from '../../../src/slack/views/confirm-message.ts';
import { expectMessagesWithinLimits, FIVE, json } from '../../support/views.ts';

describe('confirmMessage', () => {
  it('a question with its detail, and one without', async () => {
    const withDetail = confirmMessage(
      'a1b2c3d4e5f6a1b2c3d4e5f6',
      'Remove *shipping* from *Shop to Kafka*?',
      `It is depended on by ${FIVE.filter((n) => n !== 'shipping')
        .map((n) => `\`${n}\``)
        .join(', ')}; their edges go with it.`,
    );
    const bare = confirmMessage('a1b2c3d4e5f6a1b2c3d4e5f6', 'Archive *Shop to Kafka*?');
    expectMessagesWithinLimits(withDetail);
    expectMessagesWithinLimits(bare);
    await expect(json(withDetail)).toMatchFileSnapshot('./__snapshots__/confirm-message.detail.json');
    await expect(json(bare)).toMatchFileSnapshot('./__snapshots__/confirm-message.bare.json');
  });

  it('cuts an over-long detail to fit a section', () => {
    const message = confirmMessage('p1', 'Remove these?', 'x'.repeat(5000));
    expectMessagesWithinLimits(message);
    expect(JSON.stringify(message.blocks?.[1])).not.toContain('x'.repeat(3001));
  });
});
