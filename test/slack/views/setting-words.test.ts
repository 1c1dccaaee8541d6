import { describe, expect, it } from 'vitest';
import { escapeInline } from '../../../src/slack/escape.ts';
import { settingChangeText } from '../../../src/slack/views/setting-words.ts';

describe('a setting change in words', () => {
  it('says what the setting means, with its unit, and names the key to change it again', () => {
    expect(settingChangeText('approvals-default', '1', '2', ' in *Shop*')).toBe(
      'set the approvals a cutover needs in *Shop* from 1 to *2* (`approvals-default`)',
    );
    expect(settingChangeText('monitoring-hours', '24', '1')).toBe(
      'set the monitoring window after each cutover from 24 hours to *1 hour* (`monitoring-hours`)',
    );
    expect(settingChangeText('batch-cap', '0', '50')).toBe(
      'set the largest parallel batch from no cap to *50 services* (`batch-cap`)',
    );
    expect(settingChangeText('monthly-cost', '10000', '12500')).toContain('from $10,000 to *$12,500*');
    expect(settingChangeText('rehearsal-gate', 'off', 'on')).toBe(
      'set the rehearsal gate for critical services from off to *on* (`rehearsal-gate`)',
    );
  });

  it('shows a stored value it cannot read as it is', () => {
    expect(settingChangeText('engineers', '?', '*6*')).toBe(
      `set the number of engineers from ? to *${escapeInline('*6*')}* (\`engineers\`)`,
    );
  });
});
