// What health checks need from the composition root: one query client (one concurrency cap for
// every source), the box that opens saved credentials, and the operator's allowlist.
import type { Logger } from '../logger.ts';
import { createSecretBox, type SecretBox } from '../secrets/secret-box.ts';
import { createLimiter } from './limiter.ts';
import { createPrometheusClient, type PrometheusClient } from './prometheus.ts';
import type { HostAllowlist } from './source-url.ts';

export interface HealthDeps {
  readonly client: PrometheusClient;
  /** Null when MIGRATE_BOT_ENCRYPTION_KEY is unset: sources without credentials still work. */
  readonly box: SecretBox | null;
  readonly allowlist: HostAllowlist;
}

export interface HealthOptions {
  readonly allowlist: HostAllowlist;
  readonly encryptionKey: Buffer | undefined;
  readonly logger: Logger;
  readonly queryTimeoutMs?: number;
  readonly maxConcurrentQueries?: number;
}

export function createHealthDeps(options: HealthOptions): HealthDeps {
  return {
    client: createPrometheusClient({
      allowlist: options.allowlist,
      limiter: createLimiter(options.maxConcurrentQueries ?? 8),
      timeoutMs: options.queryTimeoutMs ?? 5000,
      logger: options.logger,
    }),
    box: options.encryptionKey ? createSecretBox(options.encryptionKey) : null,
    allowlist: options.allowlist,
  };
}
