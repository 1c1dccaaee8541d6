// The credentials modal at its sizes (a migration name and source URL near their limits), and what
// it reads back from the fields.
import { describe, expect, it } from 'vitest';
import {
  addCredentialsButton,
  credentialsFrom,
  credentialsModal,
  HEALTH_IDS,
} from '../../../src/slack/views/health-credentials-modal.ts';
import { assertWithinBlockKitLimits } from '../../support/block-kit-limits.ts';
import { json, problemsOfView } from '../../support/views.ts';

const values = (token: string, username: string, password: string) => ({
  [HEALTH_IDS.tokenBlock]: { [HEALTH_IDS.input]: { value: token } },
  [HEALTH_IDS.usernameBlock]: { [HEALTH_IDS.input]: { value: username } },
  [HEALTH_IDS.passwordBlock]: { [HEALTH_IDS.input]: { value: password } },
});

describe('the credentials modal', () => {
  it('opens empty for a source, with the source in its metadata', async () => {
    const view = credentialsModal({ migrationId: 4, url: 'https://prometheus.internal.example/' }, 'Shop to Kafka');
    expect(problemsOfView(view)).toEqual([]);
    expect(JSON.stringify(view)).not.toContain('initial_value');
    await expect(json(view)).toMatchFileSnapshot('./__snapshots__/health-credentials-modal.json');
  });

  it('stays within the limits for a long name and URL', async () => {
    const url = `https://prometheus.example/${'p'.repeat(1900)}`;
    const view = credentialsModal({ migrationId: 4, url }, 'M'.repeat(1000));
    expect(problemsOfView(view)).toEqual([]);
    await expect(json(view)).toMatchFileSnapshot('./__snapshots__/health-credentials-modal.large.json');
  });

  it('the button that opens it: add, or replace saved credentials', () => {
    for (const replacing of [false, true]) {
      const block = addCredentialsButton(4, replacing);
      assertWithinBlockKitLimits({ blocks: [block] });
      expect(JSON.stringify(block)).toContain(replacing ? 'Replace credentials' : 'Add credentials');
    }
  });

  it('reads a token, or a user name and password, and refuses both or neither', () => {
    expect(credentialsFrom(values(' t0ken ', '', ''))).toEqual({
      ok: true,
      credentials: { kind: 'bearer', token: 't0ken' },
    });
    expect(credentialsFrom(values('', 'bot', 's3cret'))).toEqual({
      ok: true,
      credentials: { kind: 'basic', username: 'bot', password: 's3cret' },
    });
    expect(credentialsFrom(values('t', 'bot', ''))).toMatchObject({ ok: false });
    expect(credentialsFrom(values('', '', 'pw'))).toMatchObject({ ok: false });
  });
});
