// "Approve despite red checks…" on a cutover request: the click opens a modal showing what fails
// and asking why; the submission approves with that reason (approvals.ts does the counting).
import type { Deps } from '../deps.ts';
import type { Effect } from '../slack/effect.ts';
import { reply } from '../slack/effect.ts';
import { overrideModal } from '../slack/views/override-modal.ts';
import { servicesByIds } from '../store/lifecycle.ts';
import { approveCutover, type Clicker, load, type SubmitOutcome } from './approvals.ts';
import { gateBlockers } from './health-gate.ts';
import { requestTitle } from './lifecycle.ts';

export function overrideClick(deps: Deps, clicker: Clicker, requestId: number): Effect[] {
  const loaded = load(deps, clicker, requestId);
  if (Array.isArray(loaded)) return loaded;
  const { request, migration } = loaded;
  const services = servicesByIds(deps.store.db, migration, request.serviceIds);
  const blocked = gateBlockers(deps.store.db, migration, services, deps.now());
  if (blocked.length === 0) {
    return [reply({ text: 'Every health check passes now: press *Approve* on the request instead.' })];
  }
  const failing = blocked.flatMap((b) => b.lines.map((l) => (services.length > 1 ? `${b.name}: ${l}` : l)));
  const title = requestTitle(deps, migration, request);
  return [
    { type: 'openModal', view: overrideModal(request.id, `Approve the cutover of ${title}`, failing.slice(0, 20)) },
  ];
}

/** The modal's submission: a reason is required; the approval itself runs after the modal closed. */
export function overrideSubmit(deps: Deps, clicker: Clicker, requestId: number, reason: string): SubmitOutcome {
  if (!reason) return { error: 'Say why you approve although the checks do not pass.' };
  return { run: () => approveCutover(deps, clicker, requestId, { reason }) };
}
