// One node-cron task ticks every minute in UTC. Each job asks the store what is due and claims
// each item there (a unique key or a compare-and-set), so a restart or a second process never
// does the same work twice. Jobs take `now` as a parameter: tests call runTick(now) directly.
import { createTask, type ScheduledTask } from 'node-cron';
import type { InFlight } from '../in-flight.ts';
import type { Logger } from '../logger.ts';
import type { Effect } from '../slack/effect.ts';

/**
 * The workspaces a tick acts for. In OAuth mode only those with an installation: an uninstalled
 * workspace's digests, reminders and prompts stop (its data stays). `within` opens the workspace's
 * scope for a job's Slack reads, so they go out with that workspace's token.
 */
export interface Workspaces {
  serves(workspaceId: string): boolean;
  within<T>(workspaceId: string, work: () => T): T;
}

/** Single-token mode, and a job run on its own in a test: every workspace, no scope needed. */
export const EVERY_WORKSPACE: Workspaces = { serves: () => true, within: (_workspaceId, work) => work() };

export interface Job {
  readonly name: string;
  /** Finds and claims due work in the served workspaces; returns the effects to carry out after the claims committed. */
  run(now: Date, workspaces?: Workspaces): Promise<Effect[]> | Effect[];
}

export interface Scheduler {
  start(): void;
  stop(): Promise<void>;
  /** One tick at `now`; what the cron task calls every minute. */
  runTick(now: Date): Promise<void>;
}

export function createScheduler(
  jobs: readonly Job[],
  carryOut: (effect: Effect) => Promise<void>,
  logger: Logger,
  clock: () => Date,
  inFlight: InFlight,
  /** Asked once per tick, so an install or uninstall counts from the next tick on. */
  workspaces: () => Workspaces = () => EVERY_WORKSPACE,
): Scheduler {
  let task: ScheduledTask | null = null;
  let running: Promise<void> = Promise.resolve();

  // Counted as work in flight until its last effect is out, so bot.idle() waits for it.
  const runTick = (now: Date): Promise<void> => inFlight.run(() => runJobs(now));

  async function runJobs(now: Date): Promise<void> {
    const served = workspaces();
    for (const job of jobs) {
      try {
        const effects = await job.run(now, served);
        for (const effect of effects) {
          // One failed post (a channel the bot left) must not hold back the others.
          await carryOut(effect).catch((err: unknown) =>
            logger.warn(
              `[tick:${job.name}] ${effect.type} failed: ${err instanceof Error ? err.message : String(err)}`,
            ),
          );
        }
      } catch (err) {
        // One failing job must not stop the others, nor the next tick.
        logger.error(`[tick:${job.name}] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
    }
  }

  return {
    start() {
      task = createTask(
        '* * * * *',
        () => {
          running = running.then(() => runTick(clock()));
          return running;
        },
        { timezone: 'Etc/UTC', name: 'migrate-bot-tick', noOverlap: true },
      );
      void task.start();
      // Catch up at once after downtime (a digest missed earlier today), not a minute later.
      running = running.then(() => runTick(clock()));
    },
    async stop() {
      if (task) await task.destroy();
      task = null;
      await running;
    },
    runTick,
  };
}
