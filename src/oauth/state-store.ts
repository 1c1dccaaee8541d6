// The OAuth `state` parameter: signed with SLACK_STATE_SECRET (HMAC-SHA256), valid ten minutes,
// and good for ONE callback. Bolt also ties it to the browser by a cookie; the one-time claim in
// the database refuses a replayed redirect (a captured URL with its cookie) even within the ten
// minutes, across processes sharing the file.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { InstallURLOptions, StateStore } from '@slack/bolt';
import { z } from 'zod';
import type { Db } from '../store/db.ts';
import { rememberRequest } from '../store/request-keys.ts';

const MAX_AGE_MS = 10 * 60_000;

const zState = z.object({
  nonce: z.string().min(16),
  issuedAt: z.number().int(),
  installOptions: z.object({ scopes: z.union([z.string(), z.array(z.string())]) }).passthrough(),
});

/** Bolt's installer turns this code into a 400 "invalid state" page. */
export class InvalidStateError extends Error {
  override readonly name = 'InvalidStateError';
  readonly code = 'slack_oauth_invalid_state';
}

export function createStateStore(db: Db, stateSecret: string): StateStore {
  const sign = (payload: string) => createHmac('sha256', stateSecret).update(payload).digest();
  return {
    async generateStateParam(installOptions, now) {
      const payload = Buffer.from(
        JSON.stringify({ nonce: randomBytes(16).toString('base64url'), issuedAt: now.getTime(), installOptions }),
      ).toString('base64url');
      return `${payload}.${sign(payload).toString('base64url')}`;
    },
    async verifyStateParam(now, state) {
      const [payload = '', signature = '', ...rest] = state.split('.');
      const given = Buffer.from(signature, 'base64url');
      const expected = sign(payload);
      if (rest.length > 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new InvalidStateError('the state was not signed by this app');
      }
      const parsed = zState.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
      if (!parsed.success) throw new InvalidStateError('the state does not say what it is for');
      const age = now.getTime() - parsed.data.issuedAt;
      if (age < 0 || age > MAX_AGE_MS) throw new InvalidStateError('the state has expired');
      if (!rememberRequest(db, `oauth-state:${parsed.data.nonce}`, now)) {
        throw new InvalidStateError('the state was used already');
      }
      return parsed.data.installOptions as InstallURLOptions;
    },
  };
}
