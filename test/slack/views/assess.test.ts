// The checklist modal, its result message and the channel's assessment history.
import { describe, expect, it } from 'vitest';
import { assess, type Scores } from '../../../src/domain/checklist.ts';
import { assessModal } from '../../../src/slack/views/assess-modal.ts';
import { assessHistoryMessage, assessResultMessage, type HistoryRow } from '../../../src/slack/views/assess-result.ts';
import { AT, expectMessagesWithinLimits, hoursAfter, json, problemsOfView } from '../../support/views.ts';

const scores: Scores = { coupling: 2, teamSize: 4, automation: 3, riskTolerance: 1, timeline: 4, dualRunningCost: 2 };

describe('assessModal', () => {
  it('empty, and filled from the last assessment', async () => {
    const empty = assessModal({ channelId: 'C0MOVE' }, null);
    const filled = assessModal({ channelId: 'C0MOVE' }, scores);
    expect(problemsOfView(empty)).toEqual([]);
    // Slack adds "(optional)" to an optional input's label by itself.
    expect(JSON.stringify(empty)).not.toContain('(optional)');
    expect(problemsOfView(filled)).toEqual([]);
    await expect(json(empty)).toMatchFileSnapshot('./__snapshots__/assess-modal.empty.json');
    await expect(json(filled)).toMatchFileSnapshot('./__snapshots__/assess-modal.previous.json');
  });
});

describe('assessResultMessage', () => {
  it('a hybrid result with a note', async () => {
    const message = assessResultMessage({
      result: assess(scores),
      userId: 'U0LEAD',
      at: AT,
      note: '31 services, RabbitMQ to Kafka, <deadline> end of Q2 & a frozen December',
    });
    expectMessagesWithinLimits(message);
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/assess-result.hybrid.json');
  });

  it('a sequential result, all ones, without a note', async () => {
    const ones: Scores = { coupling: 1, teamSize: 1, automation: 1, riskTolerance: 1, timeline: 1, dualRunningCost: 1 };
    const message = assessResultMessage({ result: assess(ones), userId: 'U0LEAD', at: AT, note: null });
    expectMessagesWithinLimits(message);
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/assess-result.sequential.json');
  });
});

describe('assessResultMessage in a channel that has a migration', () => {
  const migration = {
    id: 7,
    name: 'Shop to Kafka',
    strategy: 'sequential' as const,
    leads: ['U0LEAD', 'U0CAROL'],
    switchValue: '{"migrationId":7,"assessmentId":3,"strategy":"hybrid","total":16}',
  };

  it('another strategy: a switch button for the lead, the leads named for anyone else', async () => {
    const forLead = assessResultMessage({
      result: assess(scores),
      userId: 'U0LEAD',
      at: AT,
      note: null,
      migration: { ...migration, actorLeads: true },
    });
    const forOther = assessResultMessage({
      result: assess(scores),
      userId: 'U0BOB',
      at: AT,
      note: null,
      migration: { ...migration, actorLeads: false },
    });
    expectMessagesWithinLimits([forLead, forOther]);
    for (const m of [forLead, forOther]) {
      expect(JSON.stringify(m)).not.toContain('/migrate new');
      expect(JSON.stringify(m)).toContain('"action_id":"switch_strategy"');
    }
    expect(JSON.stringify(forOther)).toContain('Only its leads can switch it with the button: <@U0LEAD>, <@U0CAROL>');
    await expect(json({ forLead, forOther })).toMatchFileSnapshot('./__snapshots__/assess-result.switch.json');
  });

  it('the strategy it already uses: no button, no `/migrate new`', () => {
    const same = assessResultMessage({
      result: assess(scores),
      userId: 'U0LEAD',
      at: AT,
      note: null,
      migration: { ...migration, strategy: 'hybrid', actorLeads: true },
    });
    const text = JSON.stringify(same);
    expect(text).toContain('already uses the *hybrid* strategy');
    expect(text).not.toContain('switch_strategy');
    expect(text).not.toContain('/migrate new');
  });
});

describe('assessHistoryMessage', () => {
  const row = (i: number, s: Scores): HistoryRow => {
    const a = assess(s);
    return {
      userId: i % 2 ? 'U0BOB' : 'U0LEAD',
      createdAt: hoursAfter(AT, -24 * i),
      total: a.total,
      outcome: a.outcome,
      scores: s,
    };
  };

  it('five assessments, newest first, and none', async () => {
    const rows = [0, 1, 2, 3, 4].map((i) => row(i, { ...scores, coupling: 1 + (i % 5), timeline: 5 - (i % 3) }));
    const message = assessHistoryMessage(rows, true);
    expectMessagesWithinLimits(message);
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/assess-history.five.json');
    const none = assessHistoryMessage([], false);
    expectMessagesWithinLimits(none);
    await expect(json(none)).toMatchFileSnapshot('./__snapshots__/assess-history.none.json');
  });

  it('a long history stays within one section', async () => {
    const rows = Array.from({ length: 60 }, (_, i) =>
      row(i, { ...scores, coupling: 1 + (i % 5), automation: 1 + ((i * 3) % 5), dualRunningCost: 1 + ((i * 2) % 5) }),
    );
    const message = assessHistoryMessage(rows, false);
    expectMessagesWithinLimits(message);
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/assess-history.large.json');
  });
});
