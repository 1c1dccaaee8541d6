import { describe, expect, it } from 'vitest';
import { type MonitoringPromptView, monitoringPromptMessage } from '../../../src/slack/views/monitoring-prompt.ts';
import { AT, expectMessagesWithinLimits, hoursAfter } from '../../support/views.ts';

const view = (extra: Partial<MonitoringPromptView> = {}): MonitoringPromptView => ({
  serviceId: 7,
  service: 'storefront-web',
  migrationName: 'Shop to Kafka',
  owner: 'team-web',
  state: 'monitoring',
  endedAt: AT,
  outcome: null,
  ...extra,
});

describe('the end-of-monitoring prompt', () => {
  it('asks the owner while the service is in monitoring, with the button', () => {
    const message = monitoringPromptMessage(view());
    expectMessagesWithinLimits(message);
    expect(message.text).toContain('team-web: if it stayed healthy, mark it done.');
    expect(JSON.stringify(message.blocks)).toContain('"action_id":"confirm_done"');
    // Without an owner it does not address "no owner".
    expect(monitoringPromptMessage(view({ owner: null })).text).toMatch(/UTC>\. If it stayed healthy, mark it done\.$/);
  });

  it('once the service moved on, says what happened and drops the button', () => {
    const done = monitoringPromptMessage(
      view({ state: 'done', outcome: { by: 'U0LENA', at: hoursAfter(AT, 2), reason: null } }),
    );
    expect(done.text).toMatch(/^:white_check_mark: The monitoring window of \*storefront-web\*/);
    expect(done.text).toContain('<@U0LENA> marked it done');
    expect(JSON.stringify(done.blocks)).not.toContain('confirm_done');
    const back = monitoringPromptMessage(
      view({ state: 'rolled_back', endedAt: null, outcome: { by: 'U0LENA', at: AT, reason: 'lag doubled' } }),
    );
    expect(back.text).toContain('<@U0LENA> rolled it back');
    expect(back.text).toContain(': lag doubled. Once fixed, `/migrate start storefront-web` puts it in shadow again.');
    const later = monitoringPromptMessage(view({ state: 'shadow' }));
    expect(later.text).toContain('it is in *shadow* now; `/migrate status storefront-web` shows where it is.');
    expect(JSON.stringify(later.blocks)).not.toContain('confirm_done');
  });
});
