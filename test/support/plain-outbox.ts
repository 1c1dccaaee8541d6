// An outbox that queues nothing: what a command or a job would queue comes back as plain data, so
// a test compares it with toEqual. Anything that runs the effects must not be given it.
import type { Outbox } from '../../src/slack/outbox.ts';

export const plainOutbox: Outbox = {
  enqueue: (_tx, _context, effects) => [...effects],
  send: (_context, effects) => [...effects],
};
