import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { CredentialsError, openCredentials, sealCredentials } from '../../src/health/credentials.ts';
import { createSecretBox, parseEncryptionKey, SecretBoxError } from '../../src/secrets/secret-box.ts';

describe('secret box', () => {
  const key = randomBytes(32);
  const box = createSecretBox(key);

  it('opens what it sealed, and the sealed text does not contain the secret', () => {
    const sealed = box.seal('xoxb-123-secret');
    expect(sealed).not.toContain('xoxb');
    expect(box.open(sealed)).toBe('xoxb-123-secret');
  });

  it('seals the same secret differently each time (a random IV)', () => {
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('refuses another key and altered data', () => {
    const sealed = box.seal('token');
    expect(() => createSecretBox(randomBytes(32)).open(sealed)).toThrow(SecretBoxError);
    const parts = sealed.split(':');
    const altered = [...parts.slice(0, 3), Buffer.from('other').toString('base64url')].join(':');
    expect(() => box.open(altered)).toThrow(SecretBoxError);
    expect(() => box.open('plain text')).toThrow(SecretBoxError);
  });

  it('reads a key in base64 or hex, and nothing of the wrong length', () => {
    expect(parseEncryptionKey(key.toString('base64'))?.equals(key)).toBe(true);
    expect(parseEncryptionKey(key.toString('hex'))?.equals(key)).toBe(true);
    expect(parseEncryptionKey(randomBytes(16).toString('base64'))).toBeNull();
    expect(parseEncryptionKey('not a key')).toBeNull();
  });
});

describe('MIGRATE_BOT_ENCRYPTION_KEY in the configuration', () => {
  const env = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };

  it('is read as 32 bytes, and is optional', () => {
    const key = randomBytes(32);
    expect(loadConfig({ ...env, MIGRATE_BOT_ENCRYPTION_KEY: key.toString('base64') }).encryptionKey?.equals(key)).toBe(
      true,
    );
    expect(loadConfig(env).encryptionKey).toBeUndefined();
  });

  it('a bad key stops start-up naming the variable, never its value', () => {
    const run = () => loadConfig({ ...env, MIGRATE_BOT_ENCRYPTION_KEY: 'short-secret-value' });
    expect(run).toThrow(/MIGRATE_BOT_ENCRYPTION_KEY must be 32 random bytes/);
    expect(run).not.toThrow(/short-secret-value/);
  });
});

describe('metrics source credentials', () => {
  const box = createSecretBox(randomBytes(32));

  it('are sealed and opened again, in either form', () => {
    const bearer = { kind: 'bearer' as const, token: 'glsa_abc' };
    const basic = { kind: 'basic' as const, username: 'bot', password: 'hunter2' };
    expect(openCredentials(box, sealCredentials(box, bearer))).toEqual(bearer);
    expect(openCredentials(box, sealCredentials(box, basic))).toEqual(basic);
    expect(sealCredentials(box, basic)).not.toContain('hunter2');
    expect(openCredentials(box, null)).toBeNull();
  });

  it('cannot be opened without the key', () => {
    expect(() => openCredentials(null, sealCredentials(box, { kind: 'bearer', token: 't' }))).toThrow(CredentialsError);
  });
});
