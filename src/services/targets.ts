// What a lifecycle command acts on: one `<service>`, or `batch N` of the current plan. And who may
// act on it: the service's owner (when the owner is a Slack user) or a lead of the migration.
import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { MAX_REASON, reasonTooLong } from '../domain/limits.ts';
import type { ServiceState } from '../domain/model.ts';
import type { PlanEntry } from '../domain/wip.ts';
import { similarNames } from '../domain/words.ts';
import { forbidden, notFound } from '../errors.ts';
import { type Effect, reply } from '../slack/effect.ts';
import { escapeCode, escapeInline } from '../slack/escape.ts';
import { mentionUser } from '../slack/format.ts';
import type { Db } from '../store/db.ts';
import { type ServiceRow, serviceByName, serviceLinesOf, servicesOf } from '../store/graph.ts';
import { type EffectiveEntry, type EffectivePlan, effectivePlan, serviceById } from '../store/lifecycle.ts';
import { type MigrationRow, migrationById } from '../store/migrations.ts';
import { isLead, whoLeads } from './scope.ts';

export type Target =
  | { readonly kind: 'service'; readonly name: string }
  | { readonly kind: 'batch'; readonly batch: number };

export interface TargetArgs {
  readonly target: Target;
  /** The words after the target (a reason, a number…). */
  readonly rest: string[];
}

/** `<service> …` or `batch N …`; `what` names the rest in the usage message. */
export function targetArgs(what = '') {
  return z.array(z.string()).transform((words, ctx): TargetArgs => {
    const [first, second, ...others] = words;
    if (first === undefined) {
      ctx.addIssue({ code: 'custom', message: `needs a service or \`batch N\`${what ? ` and ${what}` : ''}` });
      return z.NEVER;
    }
    // The words after the target are a reason where a command takes one (rollback, withdraw).
    const reason = (first.toLowerCase() === 'batch' ? others : [second ?? '', ...others]).join(' ');
    if (reason.length > MAX_REASON) {
      ctx.addIssue({ code: 'custom', message: reasonTooLong(reason.length) });
      return z.NEVER;
    }
    if (first.toLowerCase() === 'batch') {
      const batch = Number(second);
      if (second === undefined || !Number.isInteger(batch) || batch < 1) {
        ctx.addIssue({ code: 'custom', message: '`batch` needs the batch number from the plan, e.g. `batch 2`' });
        return z.NEVER;
      }
      return { target: { kind: 'batch', batch }, rest: others };
    }
    return { target: { kind: 'service', name: first }, rest: second === undefined ? [] : [second, ...others] };
  });
}

/** What a confirmation stores about the services it acts on; each command extends it. */
export const zTargetsPayload = z.object({
  migrationId: z.number().int(),
  serviceIds: z.array(z.number().int()),
  batch: z.number().int().nullable(),
});

export interface Targets {
  /** How messages name it: `*api*` or `batch 2 (4 services)`. */
  readonly label: string;
  readonly batch: number | null;
  readonly services: ServiceRow[];
  readonly plan: EffectivePlan;
}

export function entryOf(plan: EffectivePlan, serviceId: number): EffectiveEntry | undefined {
  return plan.entries.find((e) => e.serviceId === serviceId);
}

export function serviceLabel(name: string): string {
  return `*${escapeInline(name)}*`;
}

export function batchLabel(batch: number, count: number): string {
  return `batch ${batch} (${count} service${count === 1 ? '' : 's'})`;
}

/** The service called `raw` (exactly, else ignoring case), or a refusal that offers the closest names. */
/**
 * The service a button names, with its migration; null once either is gone (the message the button
 * sits on outlived the data). Answer that with `serviceGone`.
 */
export function clickedService(
  db: Db,
  workspaceId: string,
  serviceId: number,
): { service: ServiceRow; migration: MigrationRow } | null {
  const service = serviceById(db, workspaceId, serviceId);
  const migration = service ? migrationById(db, workspaceId, service.migrationId) : null;
  return service && migration ? { service, migration } : null;
}

export const serviceGone = (): Effect[] => [reply({ text: 'That service no longer exists.' })];

export function findService(db: Db, migration: MigrationRow, raw: string): ServiceRow {
  const exact = serviceByName(db, migration, raw);
  if (exact) return exact;
  const names = serviceLinesOf(db, migration).map((s) => s.name);
  const folded = names.find((n) => n.toLowerCase() === raw.toLowerCase());
  if (folded) return serviceByName(db, migration, folded) as ServiceRow;
  if (names.length === 0) {
    throw notFound(
      `*${escapeInline(migration.name)}* has no services yet: a lead loads them with \`/migrate import\`.`,
    );
  }
  const near = similarNames(raw, names).map((n) => `\`${escapeCode(n)}\``);
  const hint = near.length ? ` Did you mean ${near.join(' or ')}?` : '';
  throw notFound(`There is no service \`${escapeCode(raw)}\` in *${escapeInline(migration.name)}*.${hint}`);
}

export function resolveTargets(deps: Deps, migration: MigrationRow, target: Target): Targets {
  const { db } = deps.store;
  const plan = effectivePlan(db, migration);
  if (target.kind === 'service') {
    const service = findService(deps.store.db, migration, target.name);
    return { label: serviceLabel(service.name), batch: null, services: [service], plan };
  }
  if (plan.version === null) {
    throw notFound(
      `*${escapeInline(migration.name)}* has no plan yet, so it has no batches: \`/migrate plan\` makes one.`,
    );
  }
  const members = new Set(plan.entries.filter((e) => !e.carried && e.batch === target.batch).map((e) => e.serviceId));
  if (members.size === 0) {
    const batches = [...new Set(plan.entries.filter((e) => !e.carried && e.batch !== null).map((e) => e.batch))];
    const known = batches.length ? `it has batches 1 to ${Math.max(...(batches as number[]))}` : 'it has no batches';
    throw notFound(`The current plan (version ${plan.version}) has no batch ${target.batch}: ${known}.`);
  }
  const services = servicesOf(db, migration).filter((s) => members.has(s.id));
  return { label: batchLabel(target.batch, services.length), batch: target.batch, services, plan };
}

export function isOwner(service: Pick<ServiceRow, 'owner' | 'ownerKind'>, userId: string): boolean {
  return service.ownerKind === 'user' && service.owner === userId;
}

export function ownerText(service: Pick<ServiceRow, 'owner' | 'ownerKind'>): string {
  if (!service.owner) return 'no owner';
  return service.ownerKind === 'user' ? `${mentionUser(service.owner)}` : escapeInline(service.owner);
}

/** Slack user ids of the owners of these services (team owners have none). */
export function ownerIds(services: readonly Pick<ServiceRow, 'owner' | 'ownerKind'>[]): string[] {
  return [...new Set(services.filter((s) => s.ownerKind === 'user' && s.owner).map((s) => s.owner as string))];
}

export function mayAct(deps: Deps, migration: MigrationRow, userId: string, services: readonly ServiceRow[]): boolean {
  return isLead(deps, migration, userId) || (services.length > 0 && services.every((s) => isOwner(s, userId)));
}

/** Refuses, naming who may, unless the actor leads the migration or owns every one of the services. */
export function requireServiceRights(
  deps: Deps,
  migration: MigrationRow,
  userId: string,
  services: readonly ServiceRow[],
  what: string,
): void {
  if (mayAct(deps, migration, userId, services)) return;
  const notOwned = services.filter((s) => !isOwner(s, userId));
  const owners = notOwned
    .slice(0, 5)
    .map((s) => `${serviceLabel(s.name)}: ${ownerText(s)}`)
    .join('; ');
  const more = notOwned.length > 5 ? ` and ${notOwned.length - 5} more` : '';
  throw forbidden(
    `Only a service's owner or a lead of *${escapeInline(migration.name)}* may ${what}. Owners: ${owners}${more}. Leads: ${whoLeads(deps, migration)}.`,
  );
}

/** Services carried from an older plan go first, unbatched: they are under way, so they count as in flight. */
const CARRIED_OFFSET = 10_000_000;

/** The plan as the work-in-progress rules read it. */
export function wipEntries(plan: EffectivePlan): PlanEntry[] {
  return plan.entries.map((e) =>
    e.carried
      ? { service: e.service, position: e.position - CARRIED_OFFSET, batch: null, track: e.track }
      : { service: e.service, position: e.position, batch: e.batch, track: e.track },
  );
}

/** Every service's state by name. */
export function statesOf(deps: Deps, migration: MigrationRow): Record<string, ServiceState> {
  return Object.fromEntries(serviceLinesOf(deps.store.db, migration).map((s) => [s.name, s.state]));
}
