import { describe, expect, it } from 'vitest';
import { defaultRunbook } from '../../../src/domain/runbook.ts';
import {
  parseRunbookBlockId,
  type RunbookStepView,
  type RunbookView,
  runbookBlockId,
  runbookList,
  runbookMessage,
} from '../../../src/slack/views/runbook-message.ts';
import { expectMessagesWithinLimits, json } from '../../support/views.ts';

const defaults = (): RunbookStepView[] =>
  defaultRunbook({ stateful: true, external: false, inParallelBatch: true }, 24).map((s, i) => ({
    id: 100 + i,
    key: s.key,
    phase: s.phase,
    text: s.text,
    validation: s.validation,
    status: i < 3 ? 'done' : i === 3 ? 'skipped' : 'open',
    skipReason: i === 3 ? 'covered by the staging soak' : null,
  }));

const view = (steps: RunbookStepView[]): RunbookView => ({
  serviceId: 7,
  service: 'payments',
  state: 'shadow',
  steps,
  revision: 'r1a2b3',
});

describe('runbookMessage and runbookList', () => {
  it("a stateful service's default runbook, partly done", async () => {
    const v = view([
      ...defaults(),
      {
        id: 200,
        key: 'custom-1',
        phase: 'cleanup',
        text: 'Remove the <old> queue & its alerts',
        validation: false,
        status: 'open',
        skipReason: null,
      },
    ]);
    const message = runbookMessage(v);
    const list = runbookList(v);
    expectMessagesWithinLimits([message, ...list]);
    await expect(json({ message, list })).toMatchFileSnapshot('./__snapshots__/runbook-message.default.json');
  });

  it('no steps yet', async () => {
    const v = view([]);
    expectMessagesWithinLimits([runbookMessage(v), ...runbookList(v)]);
    await expect(json({ message: runbookMessage(v), list: runbookList(v) })).toMatchFileSnapshot(
      './__snapshots__/runbook-message.empty.json',
    );
  });

  it('four hundred steps: checkbox groups of ten, the rest pointed at `list`', async () => {
    const phases = ['prepare', 'shadow', 'validate', 'cutover', 'monitor', 'cleanup', 'post-mortem'];
    const steps: RunbookStepView[] = Array.from({ length: 400 }, (_, i) => ({
      id: 1000 + i,
      key: `step-${i}`,
      phase: phases[i % phases.length] ?? 'prepare',
      text: `Imported step ${i}: ${'check the dashboards and the error budget '.repeat(3)}`,
      validation: i % 5 === 0,
      status: i % 3 === 0 ? 'done' : 'open',
      skipReason: null,
    }));
    const message = runbookMessage(view(steps));
    const list = runbookList(view(steps));
    expectMessagesWithinLimits([message, ...list]);
    expect(JSON.stringify(message)).toContain('more steps do not fit here');
    await expect(json(message)).toMatchFileSnapshot('./__snapshots__/runbook-message.large.json');
    await expect(json(list.map((m) => ({ text: m.text, blocks: m.blocks?.length })))).toMatchFileSnapshot(
      './__snapshots__/runbook-list.large-outline.json',
    );
  });

  it('block ids round-trip', () => {
    const id = runbookBlockId(7, 'r1a2b3', [100, 101, 102]);
    expect(id).toBe('rb:7:r1a2b3:100.101.102');
    expect(parseRunbookBlockId(id)).toEqual({ serviceId: 7, stepIds: [100, 101, 102] });
    expect(parseRunbookBlockId('rb:7:R1:1')).toBeNull();
  });
});
