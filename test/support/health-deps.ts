import { createHealthDeps } from '../../src/health/deps.ts';
import { createLogger } from '../../src/logger.ts';

/** Health wiring for tests that build Deps by hand: no source host allowed, no key. */
export const noHealth = createHealthDeps({ allowlist: [], encryptionKey: undefined, logger: createLogger('error') });
