// The daily digest as data: where the migration stands, what changed, what is due today and what
// looks wrong, for a reader who is not an engineer as much as for the team. Builders in
// src/slack/views/ turn it into messages. Pure: the time, the timezone and the seed are inputs.
// The shapes are in digest-model.ts, the warnings in digest-warnings.ts, the forecast and the
// burn-up in digest-outlook.ts; this file assembles them and exports them all.

import type {
  DigestEventInput,
  DigestInput,
  DigestModel,
  DigestProgress,
  DigestRunbookGroup,
  DigestServiceInput,
} from './digest-model.ts';
import { digestForecast } from './digest-outlook.ts';
import { digestWarnings } from './digest-warnings.ts';
import { IN_FLIGHT_STATES } from './lifecycle.ts';
import type { ServiceState } from './model.ts';
import { localDate } from './schedule-time.ts';
import { compareOwners } from './waiting.ts';

export * from './digest-model.ts';
export { digestBurnup } from './digest-outlook.ts';
export { FATIGUE_WINDOW, STUCK_AFTER_DAYS } from './digest-warnings.ts';

export const PROGRESS_BAR_WIDTH = 20;

export function buildDigest(input: DigestInput, now: Date): DigestModel {
  const today = localDate(now, input.timeZone);
  const byTime =
    <T>(at: (item: T) => Date) =>
    (a: T, b: T) =>
      at(a).getTime() - at(b).getTime();
  return {
    migration: {
      name: input.migration.name,
      strategy: input.migration.strategy,
      from: input.migration.from,
      to: input.migration.to,
    },
    timeZone: input.timeZone,
    generatedAt: now,
    localDate: today,
    since: input.lastDigestAt,
    progress: digestProgress(input.services),
    changes: oneHealthChangeEach([...input.events].sort(byTime((e) => e.at))),
    runbook: runbookByOwner(input),
    monitoringEndingToday: input.services
      .flatMap((s) =>
        s.state === 'monitoring' &&
        s.monitoringEndsAt !== null &&
        localDate(s.monitoringEndsAt, input.timeZone) === today
          ? [{ service: s.name, owner: s.owner, endsAt: s.monitoringEndsAt }]
          : [],
      )
      .sort(byTime((m) => m.endsAt)),
    approvals: [...input.approvals].sort(byTime((a) => a.requestedAt)),
    warnings: digestWarnings(input, now),
    forecast: digestForecast(input, now),
  };
}

export function digestProgress(services: readonly Pick<DigestServiceInput, 'state'>[]): DigestProgress {
  const byState: Record<ServiceState, number> = {
    planned: 0,
    shadow: 0,
    awaiting_approval: 0,
    cutover: 0,
    monitoring: 0,
    done: 0,
    rolled_back: 0,
  };
  for (const s of services) byState[s.state] += 1;
  const total = services.length;
  const share = total === 0 ? 0 : byState.done / total;
  const filled = Math.floor(share * PROGRESS_BAR_WIDTH);
  return {
    total,
    done: byState.done,
    inFlight: IN_FLIGHT_STATES.reduce((sum, state) => sum + byState[state], 0),
    planned: byState.planned,
    rolledBack: byState.rolled_back,
    percent: Math.floor(share * 100),
    bar: '█'.repeat(filled) + '░'.repeat(PROGRESS_BAR_WIDTH - filled),
    byState,
  };
}

function runbookByOwner(input: DigestInput): DigestRunbookGroup[] {
  const ownerOf = new Map(input.services.map((s) => [s.name, s.owner]));
  const groups = new Map<string | null, { service: string; text: string; phase: string }[]>();
  for (const step of input.runbookSteps) {
    const named = step.owner ?? ownerOf.get(step.service) ?? null;
    // A blank owner is no owner, as waiting.ts has it.
    const owner = named?.trim() ? named : null;
    const steps = groups.get(owner) ?? [];
    steps.push({ service: step.service, text: step.text, phase: step.phase });
    groups.set(owner, steps);
  }
  return [...groups.entries()].sort(([a], [b]) => compareOwners(a, b)).map(([owner, steps]) => ({ owner, steps }));
}

/**
 * One health line per service: its state before the window and now, at the place of its last
 * change. A service that went back to where it started is left out (its health did not change).
 */
export function oneHealthChangeEach(events: readonly DigestEventInput[]): DigestEventInput[] {
  const first = new Map<string, string | null>();
  const last = new Map<string, DigestEventInput>();
  for (const e of events) {
    if (e.action !== 'health_changed' || e.service === null) continue;
    if (!first.has(e.service)) first.set(e.service, e.from);
    last.set(e.service, e);
  }
  return events.flatMap((e) => {
    if (e.action !== 'health_changed' || e.service === null) return [e];
    if (last.get(e.service) !== e) return [];
    const from = first.get(e.service) ?? null;
    return from === e.to ? [] : [{ ...e, from }];
  });
}
