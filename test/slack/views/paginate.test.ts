import { describe, expect, it } from 'vitest';
import { firstOf, linesToMessages } from '../../../src/slack/views/paginate.ts';
import { expectMessagesWithinLimits, FIVE, json, many } from '../../support/views.ts';

describe('linesToMessages', () => {
  it('five lines make one message', async () => {
    const messages = linesToMessages(
      'Plan v1, every service',
      FIVE.map((n, i) => `${i + 1}. *${n}*`),
    );
    expectMessagesWithinLimits(messages);
    await expect(json(messages)).toMatchFileSnapshot('./__snapshots__/paginate.five.json');
  });

  it('three thousand lines make as many messages as the limits need, none lost', () => {
    const lines = many(3000).map((n) => `• \`${n}\`: ${'a fairly long explanation of its place '.repeat(2)}`);
    const messages = linesToMessages('Import into Shop to Kafka', lines);
    expectMessagesWithinLimits(messages);
    expect(messages.map((m) => m.text).slice(0, 2)).toEqual([
      'Import into Shop to Kafka (part 1)',
      'Import into Shop to Kafka (part 2)',
    ]);
    const back = messages.flatMap((m) =>
      (m.blocks ?? []).flatMap((b) => (b.type === 'section' && b.text ? b.text.text.split('\n') : [])),
    );
    expect(back).toEqual(lines);
  });
});

describe('firstOf', () => {
  it('lists the first items and counts the rest', () => {
    expect(firstOf(['a', 'b', 'c'], 3)).toBe('a, b, c');
    expect(firstOf(['a', 'b', 'c', 'd'], 2, '; ')).toBe('a; b; …and 2 more');
  });
});
