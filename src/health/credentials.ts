// A metrics source's credentials are kept sealed (src/secrets/secret-box.ts) and opened only to
// build the Authorization header of a query. No key configured: credentials cannot be saved.
import { z } from 'zod';
import type { SecretBox } from '../secrets/secret-box.ts';
import type { HealthSourceRow } from '../store/health.ts';
import type { MetricsSource, SourceCredentials } from './prometheus.ts';

const zCredentials = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bearer'), token: z.string().min(1) }),
  z.object({ kind: z.literal('basic'), username: z.string().min(1), password: z.string() }),
]);

export function sealCredentials(box: SecretBox, credentials: SourceCredentials): string {
  return box.seal(JSON.stringify(credentials));
}

/** Null when the row has none; throws (SecretBoxError) when they cannot be opened with this key. */
export function openCredentials(box: SecretBox | null, sealed: string | null): SourceCredentials | null {
  if (sealed === null) return null;
  if (box === null) throw new CredentialsError('credentials are saved but MIGRATE_BOT_ENCRYPTION_KEY is not set');
  const parsed = zCredentials.safeParse(JSON.parse(box.open(sealed)));
  if (!parsed.success) throw new CredentialsError('the saved credentials are not in a known form');
  return parsed.data;
}

export class CredentialsError extends Error {
  override readonly name = 'CredentialsError';
}

/** What a query needs from a saved source row. */
export function metricsSourceOf(row: HealthSourceRow, box: SecretBox | null): MetricsSource {
  return { url: row.url, credentials: openCredentials(box, row.credentials) };
}
