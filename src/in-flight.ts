// Work the bot has started and not yet finished (a request being handled, a tick), counted so a
// caller can wait until the bot is idle: tests wait on that instead of on a quiet period.

export interface InFlight {
  /** Counts `work` from this call until it settles. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Resolves once nothing is in flight (at once when nothing is). */
  idle(): Promise<void>;
  /** True while anything is in flight. */
  busy(): boolean;
}

export function createInFlight(): InFlight {
  let count = 0;
  let waiting: (() => void)[] = [];
  return {
    async run(work) {
      count += 1;
      try {
        return await work();
      } finally {
        count -= 1;
        if (count === 0) {
          const done = waiting;
          waiting = [];
          for (const resolve of done) resolve();
        }
      }
    },
    busy: () => count > 0,
    idle() {
      if (count === 0) return Promise.resolve();
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}
