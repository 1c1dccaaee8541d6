import { describe, expect, it } from 'vitest';
import { REJECT } from '../../../src/slack/ids.ts';
import { MAX_REASON, reasonFrom, reasonModal } from '../../../src/slack/views/reject-modal.ts';
import { json, problemsOfView } from '../../support/views.ts';

describe('reasonModal', () => {
  it('asks why a cutover is rejected, or rolled back', async () => {
    const reject = reasonModal('reject', 12, 'Cutover of batch 2 (5 services)');
    const rollback = reasonModal('rollback', 12, 'Rollback of payments');
    expect(problemsOfView(reject)).toEqual([]);
    expect(problemsOfView(rollback)).toEqual([]);
    await expect(json(reject)).toMatchFileSnapshot('./__snapshots__/reject-modal.reject.json');
    await expect(json(rollback)).toMatchFileSnapshot('./__snapshots__/reject-modal.rollback.json');
  });

  it('cuts a long subject and reads the reason back trimmed and capped', () => {
    expect(problemsOfView(reasonModal('reject', 1, 'x'.repeat(4000)))).toEqual([]);
    const values = { [REJECT.reasonBlock]: { [REJECT.reasonAction]: { value: `  ${'r'.repeat(MAX_REASON + 50)}  ` } } };
    expect(reasonFrom(values)).toBe('r'.repeat(MAX_REASON));
    expect(reasonFrom({})).toBe('');
  });
});
