// What waits on whom: the one definition the digest and the App Home both use, so a person never
// reads one list in the channel and another on their Home tab.
// - A runbook step is due now when its service is in flight and the step's phase has come (earlier
//   phases still open are overdue, later ones are not today's). It waits on the service's owner; a
//   step whose service has no owner named waits on the leads, who can name one.
// - A cutover request waits on every approver who has not approved it and did not ask for it.

import { IN_FLIGHT_STATES } from './lifecycle.ts';
import type { ServiceState } from './model.ts';
import { RUNBOOK_PHASES, type RunbookPhase } from './runbook.ts';

/** The last runbook phase that matters in each in-flight state. */
const LAST_PHASE_NOW: Partial<Record<ServiceState, RunbookPhase>> = {
  shadow: 'validate',
  awaiting_approval: 'cutover',
  cutover: 'cutover',
  monitoring: 'monitor',
};

export interface WaitingService {
  readonly name: string;
  /** A Slack user id or a team name; null when nobody is named. */
  readonly owner: string | null;
  readonly state: ServiceState;
}

export interface OpenStep {
  readonly service: string;
  readonly phase: string;
  /** Its place in the service's runbook. */
  readonly position: number;
  readonly text: string;
}

export interface DueStep {
  readonly service: string;
  readonly phase: string;
  readonly text: string;
}

export interface OwnerSteps {
  /** null: the services have no owner named. */
  readonly owner: string | null;
  readonly steps: readonly DueStep[];
}

/** Whether an open step of this phase is due while its service is in this state. */
export function isDueNow(phase: string, state: ServiceState): boolean {
  const last = LAST_PHASE_NOW[state];
  if (last === undefined || !IN_FLIGHT_STATES.includes(state)) return false;
  const at = RUNBOOK_PHASES.indexOf(phase as RunbookPhase);
  return at >= 0 && at <= RUNBOOK_PHASES.indexOf(last);
}

/** The open steps due now, by owner (in name order, no owner last), each owner's by service then runbook order. */
export function dueStepsByOwner(services: readonly WaitingService[], open: readonly OpenStep[]): OwnerSteps[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  const due = open
    .filter((step) => {
      const service = byName.get(step.service);
      return service !== undefined && isDueNow(step.phase, service.state);
    })
    .sort(
      (a, b) =>
        compareText(a.service, b.service) ||
        RUNBOOK_PHASES.indexOf(a.phase as RunbookPhase) - RUNBOOK_PHASES.indexOf(b.phase as RunbookPhase) ||
        a.position - b.position,
    );
  const groups = new Map<string | null, DueStep[]>();
  for (const step of due) {
    const owner = ownerOf(byName.get(step.service)?.owner ?? null);
    const steps = groups.get(owner) ?? [];
    steps.push({ service: step.service, phase: step.phase, text: step.text });
    groups.set(owner, steps);
  }
  return [...groups.entries()].sort(([a], [b]) => compareOwners(a, b)).map(([owner, steps]) => ({ owner, steps }));
}

/** Steps that wait on this person: those of their services, and as a lead the ones nobody owns. */
export function stepsWaitingOn(
  groups: readonly OwnerSteps[],
  person: string,
  isLead: boolean,
): { readonly own: readonly DueStep[]; readonly unowned: readonly DueStep[] } {
  return {
    own: groups.find((g) => g.owner === person)?.steps ?? [],
    unowned: isLead ? (groups.find((g) => g.owner === null)?.steps ?? []) : [],
  };
}

/** Whether a pending cutover request waits on this approver, who has or has not approved it yet. */
export function awaitsApprovalFrom(
  request: { readonly requestedBy: string },
  approver: string,
  approved: boolean,
): boolean {
  return request.requestedBy !== approver && !approved;
}

/** Owners in name order, no owner last. */
export function compareOwners(a: string | null, b: string | null): number {
  return a === null ? (b === null ? 0 : 1) : b === null ? -1 : compareText(a, b);
}

/** A blank owner is no owner. */
function ownerOf(owner: string | null): string | null {
  return owner === null || owner.trim() === '' ? null : owner;
}

/** Names as people sort them (svc-2 before svc-10), the same on every machine. */
function compareText(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
