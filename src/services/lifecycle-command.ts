// One builder for the lifecycle subcommands (start, cutover, withdraw, switched, done, rollback).
// Every one of them finds the migration and its targets, checks who may act, plans the
// transition, maybe asks first, then acts; only what differs is written in commands/<name>.ts.
// The same core runs from the Confirm click and from the buttons on requests and prompts.
import type { z } from 'zod';
import type { Actor, Deps } from '../deps.ts';
import type { LifecycleAction } from '../domain/lifecycle.ts';
import { type Command, defineCommand } from '../slack/command.ts';
import type { Effect } from '../slack/effect.ts';
import type { ServiceRow } from '../store/graph.ts';
import { servicesByIds } from '../store/lifecycle.ts';
import type { MigrationRow } from '../store/migrations.ts';
import { commit, outboxContext } from './commit.ts';
import { askToConfirm, type Confirmation, defineConfirmation } from './confirmations.ts';
import { planTransitions, requireEligible, type TransitionPlan } from './lifecycle.ts';
import { activeMigrationById, requireActive, resolveMigration, scoped } from './scope.ts';
import {
  requireServiceRights,
  resolveTargets,
  type TargetArgs,
  type Targets,
  targetArgs,
  type zTargetsPayload,
} from './targets.ts';

/** What every lifecycle confirmation stores: the migration, the services, the batch named. */
export type TargetsPayload = z.infer<typeof zTargetsPayload>;

/** Everything a step of a lifecycle command sees once the transition is planned. */
export interface LifecycleContext<P> {
  readonly deps: Deps;
  readonly actor: Actor;
  readonly migration: MigrationRow;
  readonly payload: P;
  /** The transition planned now, from the services' current states. */
  readonly plan: TransitionPlan;
  readonly now: Date;
  /** True when the person already answered Confirm. */
  readonly confirmed: boolean;
}

/** A question to ask before acting: the confirmation message's text. */
export interface Question {
  readonly question: string;
  readonly detail: string;
}

export interface LifecycleSpec<P extends TargetsPayload> {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  readonly action: LifecycleAction;
  /** Names the words after the target in the usage message (`a reason`); none by default. */
  readonly rest?: string;
  /** What a refusal says only an owner or a lead may do: `start it`. */
  readonly may: string;
  /**
   * Who else may act besides an owner or a lead (withdraw: the one who asked). With it, rights are
   * checked after planning, on what can move, rather than on every service named.
   */
  readonly alsoMay?: (ctx: Omit<LifecycleContext<P>, 'confirmed'>) => boolean;
  /** The confirmation's payload, validated when the Confirm click brings it back. */
  readonly payload: z.ZodType<P>;
  /** The payload from the command's words. */
  readonly fromArgs: (targets: Targets, args: TargetArgs, migration: MigrationRow) => P;
  /** Which of the payload's services the action plans for (a whole batch rolls back its in-flight members); may refuse. */
  readonly select?: (services: ServiceRow[], payload: P) => ServiceRow[];
  /** The reason the transition records, when it takes one. */
  readonly reason?: (payload: P) => string | null;
  /**
   * Looks before acting, when not confirmed yet: the payload to act with (or to store with the
   * question), and the question when the person has to confirm first.
   */
  readonly check?: (ctx: LifecycleContext<P>) => { readonly payload: P; readonly ask: Question | null };
  /** The state change and what is said about it, once nothing needs asking any more. */
  readonly execute: (ctx: LifecycleContext<P>) => Effect[];
}

export interface LifecycleCommand<P> {
  readonly command: Command<unknown>;
  readonly confirmation: Confirmation<unknown>;
  /** The core the command, the Confirm click and the buttons share: plan, maybe ask, act. */
  act(deps: Deps, actor: Actor, migration: MigrationRow, payload: P, confirmed?: boolean): Effect[];
}

export function defineLifecycleCommand<P extends TargetsPayload>(spec: LifecycleSpec<P>): LifecycleCommand<P> {
  const kind = `lifecycle-${spec.name}`;

  function act(deps: Deps, actor: Actor, migration: MigrationRow, payload: P, confirmed = false): Effect[] {
    const now = deps.now();
    const named = servicesByIds(deps.store.db, migration, payload.serviceIds);
    const services = spec.select ? spec.select(named, payload) : named;
    const reason = spec.reason?.(payload) ?? null;
    const plan = planTransitions(services, spec.action, { now, ...(reason ? { reason } : {}) });
    requireEligible(plan);
    if (spec.alsoMay && !spec.alsoMay({ deps, actor, migration, payload, plan, now })) {
      const moving = plan.eligible.map((p) => p.service);
      requireServiceRights(deps, migration, actor.userId, moving, spec.may);
    }
    const ctx: LifecycleContext<P> = { deps, actor, migration, payload, plan, now, confirmed };
    const checked = confirmed || !spec.check ? null : spec.check(ctx);
    if (checked?.ask) {
      // The confirmed run acts on what could move when the question was asked.
      const stored = { ...checked.payload, serviceIds: plan.eligible.map((p) => p.service.id) };
      return [askToConfirm(deps, actor, confirmation, stored, checked.ask.question, checked.ask.detail)];
    }
    // The change and its announcement commit together (the execute's own transaction nests in this one).
    const acting = checked ? { ...ctx, payload: checked.payload } : ctx;
    return commit(deps, outboxContext(migration), () => spec.execute(acting), { behavior: 'immediate' });
  }

  const confirmation: Confirmation<P> = {
    kind,
    payload: spec.payload,
    run(deps, actor, payload): Effect[] {
      const migration = activeMigrationById(deps, actor, payload.migrationId);
      return act(deps, actor, migration, payload, true);
    },
  };

  const command = defineCommand({
    name: spec.name,
    usage: spec.usage,
    summary: spec.summary,
    args: scoped(targetArgs(spec.rest)),
    run(deps, actor, { migration: name, args }: { migration: string | null; args: TargetArgs }): Effect[] {
      const migration = resolveMigration(deps, actor, name);
      requireActive(migration);
      const targets = resolveTargets(deps, migration, args.target);
      if (!spec.alsoMay) requireServiceRights(deps, migration, actor.userId, targets.services, spec.may);
      return act(deps, actor, migration, spec.fromArgs(targets, args, migration));
    },
  });

  return { command, confirmation: defineConfirmation(confirmation), act };
}
