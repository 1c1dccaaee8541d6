// Deps for tests that call commands and services without the Bolt app: an error-only logger, a
// Slack that answers nothing, the fixture clock, the plain outbox, no health sources. A test
// overrides what it looks at.
import type { Deps } from '../../src/deps.ts';
import { createLogger } from '../../src/logger.ts';
import type { Store } from '../../src/store/db.ts';
import { noHealth } from './health-deps.ts';
import { plainOutbox } from './plain-outbox.ts';
import { quietSlack } from './slack-port.ts';

export function depsFor(store: Store, overrides: Partial<Omit<Deps, 'store'>> = {}): Deps {
  return {
    store,
    logger: createLogger('error'),
    slack: quietSlack,
    now: () => new Date('2026-11-25T10:00:00Z'),
    defaultTz: 'UTC',
    outbox: plainOutbox,
    health: noHealth,
    ...overrides,
  };
}
