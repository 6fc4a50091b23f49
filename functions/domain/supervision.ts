import { CalendarYearMissing, type HolidayCalendar, type LocalDate } from "./calendar";
import type { Enterprise, Official } from "./catalogue";
import type { Audience, DubanConfig, Ladder, LadderStep } from "./config-schema";
import { supervises } from "./department";
import {
  ALREADY_DONE,
  type AlreadyDone,
  type Effect,
  type EffectRequest,
  effectId,
  type FollowUpEffect,
  type WithEffects,
} from "./effects";
import { Conflict, type DomainError } from "./errors";
import { failpoint } from "./failpoints";
import { contactsOf } from "./filing";
import { parentJurisdiction } from "./jurisdiction";
import { type PlannedStep, planLadder } from "./ladder";
import type { Log, Notifier } from "./notifier";
import { defaultPolicy, effectivePolicy, type LadderName, type PolicyLayer } from "./policy";
import { type PolicyStore, policyLayers, recordedPolicy } from "./policy-service";
import type { CatalogueStore, Clock, Message, Page, Timer, Timers } from "./ports";

/**
 * The machinery shared by every supervised subject (a hazard, an accident case): a ladder in force, planned
 * into durable timers under a version; a fired step that finds an older version does nothing.
 */
export type SubjectKind = "hazard" | "accident";
export type { LadderName } from "./policy";

export const SUBJECT_WORKFLOWS: Record<SubjectKind, string> = {
  hazard: "major-hazard-supervision",
  accident: "accident-case",
};

/** What every supervision service needs besides its own store: rules, time, people, delivery, timers, ids. */
export type SupervisionDeps = {
  config: DubanConfig;
  clock: Clock;
  calendar: HolidayCalendar;
  catalogue: CatalogueStore;
  notifier: Notifier;
  timers: Timers;
  ids: { next(prefix: string): string };
  /** Operators' log: a notice that reached nobody is logged for the alarm. */
  log?: Log;
  /** Local rules per jurisdiction (absent: the defaults of `config`). */
  policies?: PolicyStore;
};

/** The effective policy of a jurisdiction, from the stored layers (or the defaults without a store). */
export async function policyFor(deps: Pick<SupervisionDeps, "config" | "policies">, code: string) {
  const layers = deps.policies ? await policyLayers(deps.policies) : new Map<string, PolicyLayer>();
  return effectivePolicy(defaultPolicy(deps.config), layers, code);
}

/**
 * The policy a subject recorded when it was opened (its `policyVersion`): its ladders, acceptance and
 * extension rules, escalation at the top — a later change of the policy never changes them.
 */
export async function subjectPolicy(
  deps: Pick<SupervisionDeps, "config" | "policies">,
  code: string,
  version: string | undefined,
) {
  return (await recordedPolicy(deps.config, deps.policies, code, version)).policy;
}

/** What a ladder timer carries back to the workflow. */
export type LadderTimerInput = {
  kind: SubjectKind;
  id: string;
  version: number;
  ladder: LadderName;
  step: string;
  /** The extension request an `extensionDecision` step is about (inert once it is decided). */
  request?: number;
};

export function ladderTimerId(kind: SubjectKind, id: string, version: number, step: string): string {
  return `${kind}-${id}-v${version}-${step}`;
}

export function ladderTimers(
  kind: SubjectKind,
  id: string,
  version: number,
  ladder: LadderName,
  planned: PlannedStep[],
): Timer[] {
  return planned.map(({ step, dueAt }) => ({
    id: ladderTimerId(kind, id, version, step.id),
    dueAt: dueAt.toISOString(),
    workflow: SUBJECT_WORKFLOWS[kind],
    phase: "ladder-step",
    input: { kind, id, version, ladder, step: step.id } satisfies LadderTimerInput,
  }));
}

/** What every supervised subject carries: a revision for conditional writes and a versioned ladder plan. */
export type Supervised = WithEffects & {
  id: string;
  rev: number;
  planVersion: number;
  plannedAt?: string;
  firedSteps: string[];
};

/** Bumps the plan version (the old plan's timers go stale when they fire) and starts a fresh plan now. */
export function replan(subject: Supervised, now: Date): void {
  subject.planVersion += 1;
  subject.plannedAt = now.toISOString();
  subject.firedSteps = [];
}

type LadderInForce = { name?: LadderName; ladder?: Ladder };

/** One kind of subject's item store, as the supervised store needs it. */
export type SubjectItems<T> = {
  get(id: string): Promise<T | undefined>;
  put(subject: T, expectedRev: number | undefined): Promise<void>;
  /** Clears the recorded effects if the subject is still at `rev`; false if a later change came first. */
  clearEffects(id: string, rev: number): Promise<boolean>;
  /** Subjects with effects recorded before `before` and not yet cleared, through the sparse index. */
  pageEffectsBehind(before: string, nextToken?: string): Promise<Page<{ id: string }>>;
};

/** A change: edits the subject, may ask for effects, or finds its action already taken (a client's retry). */
export type Change<T> = (
  subject: T,
  now: Date,
  effects: EffectRequest[],
) => T | AlreadyDone | Promise<T | AlreadyDone>;

/**
 * Reads and writes one kind of supervised subject: every change is a conditional write on the one item,
 * retried on a concurrent change. The change's effects — the new plan's timers, its notices, its follow-ups
 * — are recorded in that same write and applied after it (see effects.ts); the timers are planned before
 * the write, so a plan that cannot be made refuses the change as a whole.
 */
export function createSupervisedStore<T extends Supervised>(opts: {
  kind: SubjectKind;
  noun: string;
  /** What a missing subject answers: the same as one the caller may not see. */
  notFound: (id: string) => DomainError;
  store: SubjectItems<T>;
  clock: Clock;
  timers: Timers;
  calendar: HolidayCalendar;
  catalogue: CatalogueStore;
  notifier: Notifier;
  /** The ladder in force for the subject's state, from the policy it recorded. */
  ladderOf: (subject: T) => Promise<LadderInForce>;
  anchorsOf: (subject: T) => Record<string, LocalDate | undefined>;
  /** Who "one level up" is at the top of the chain, under the subject's recorded policy. */
  escalationOf?: (subject: T) => Promise<Escalation>;
  /** Operators' log: a notice that reached nobody is logged for the alarm. */
  log?: Log;
  /** Subject-specific effects by name. */
  followUps?: Record<string, (subject: T, effect: FollowUpEffect) => Promise<void>>;
}) {
  async function load(id: string): Promise<T> {
    const found = await opts.store.get(id);
    if (!found) throw opts.notFound(id);
    return found;
  }

  async function timersOf(subject: T): Promise<Timer[]> {
    const { name, ladder } = await opts.ladderOf(subject);
    if (!name || !ladder || !subject.plannedAt) return [];
    const planned = planLadder(ladder, opts.anchorsOf(subject), opts.calendar, new Date(subject.plannedAt));
    return ladderTimers(opts.kind, subject.id, subject.planVersion, name, planned);
  }

  /** The subject as written: its revision, and its effects — those not yet applied, then this change's. */
  async function record(
    next: T,
    rev: number,
    previous: T | undefined,
    requested: EffectRequest[],
    now: Date,
  ): Promise<T> {
    const timers = !previous || next.planVersion !== previous.planVersion ? await timersOf(next) : [];
    const fresh: Effect[] = [...timers.map((timer) => ({ kind: "timer" as const, timer })), ...requested].map(
      (e, n) => ({ ...e, id: effectId(rev, n) }) as Effect,
    );
    const carried = previous?.effects ?? [];
    const effects = [...carried, ...fresh];
    const stored = { ...next, rev } as T;
    delete stored.effects;
    delete stored.effectsSince;
    if (effects.length > 0) {
      stored.effects = effects;
      stored.effectsSince =
        carried.length > 0 && previous?.effectsSince ? previous.effectsSince : now.toISOString();
    }
    return stored;
  }

  async function applyOne(subject: T, effect: Effect): Promise<void> {
    if (effect.kind === "timer") {
      await opts.timers.set(effect.timer);
      failpoint("timer-set");
    } else if (effect.kind === "notice") {
      const { creditCode, ...context } = effect.context;
      const enterprise = creditCode ? await opts.catalogue.getEnterprise(creditCode) : undefined;
      const recipients = await resolveAudience(
        opts.catalogue,
        effect.audience,
        { ...context, ...(enterprise ? { enterprise } : {}) },
        await opts.escalationOf?.(subject),
      );
      if (recipients.length === 0) {
        opts.log?.warn(NO_RECIPIENT_MESSAGE, {
          kind: opts.kind,
          id: subject.id,
          step: effect.keyPart,
          audience: effect.audience,
        });
      }
      await opts.notifier.enqueue(
        stepMessages(
          opts.kind,
          subject.id,
          effect.keyPart,
          effect.template,
          recipients,
          effect.params,
          effect.where,
        ),
      );
    } else {
      const followUp = opts.followUps?.[effect.name];
      if (!followUp) throw new Error(`no follow-up "${effect.name}" for a ${opts.noun}`);
      await followUp(subject, effect);
    }
  }

  /** Applies every recorded effect (each idempotent), then clears them if no later change came first. */
  async function apply(subject: T, reconciling = false): Promise<number> {
    const effects = subject.effects ?? [];
    if (effects.length === 0) return 0;
    for (const effect of effects) await applyOne(subject, effect);
    if (reconciling) failpoint("reconciler");
    // A later change carried these effects into its own write and applies them itself (again, harmlessly).
    await opts.store.clearEffects(subject.id, subject.rev);
    return effects.length;
  }

  return {
    load,
    async create(subject: T, requested: EffectRequest[] = []): Promise<T> {
      const stored = await record(subject, 1, undefined, requested, opts.clock.now());
      await opts.store.put(stored, undefined);
      failpoint("subject-written");
      await apply(stored);
      return stored;
    },
    async mutate(id: string, change: Change<T>): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        const current = await load(id);
        const now = opts.clock.now();
        const requested: EffectRequest[] = [];
        const next = await change(structuredClone(current), now, requested);
        if (next === ALREADY_DONE) {
          // A retry of an action that took effect: the current state, its effects completed if still behind.
          await apply(current);
          return current;
        }
        const stored = await record(next, current.rev + 1, current, requested, now);
        try {
          await opts.store.put(stored, current.rev);
        } catch (error) {
          if (!(error instanceof Conflict) || attempt >= 3) throw error;
          continue;
        }
        failpoint("subject-written");
        await apply(stored);
        return stored;
      }
    },
    /**
     * Completes every subject whose effects were recorded before `before` and are still not cleared (a
     * crash, a timeout or a throttled call between the write and the end of applying them).
     */
    async reconcile(before: Date): Promise<{ subjects: number; effects: number }> {
      const done = { subjects: 0, effects: 0 };
      let token: string | undefined;
      do {
        const page = await opts.store.pageEffectsBehind(before.toISOString(), token);
        token = page.nextToken;
        for (const { id } of page.items) {
          const subject = await opts.store.get(id);
          if (!subject) continue;
          const applied = await apply(subject, true);
          if (applied > 0) done.subjects++;
          done.effects += applied;
        }
      } while (token);
      return done;
    },
  };
}

export type Upcoming = { step: string; dueAt: string; audience: Audience[]; template: string };

/** The planned steps of the ladder in force that have not fired yet: what `upcoming` shows. */
export function upcomingSteps(
  ladder: Ladder | undefined,
  anchors: Record<string, LocalDate | undefined>,
  calendar: HolidayCalendar,
  plannedAt: string | undefined,
  fired: string[],
): Upcoming[] {
  if (!ladder || !plannedAt) return [];
  return planLadder(ladder, anchors, calendar, new Date(plannedAt))
    .filter((p) => !fired.includes(p.step.id))
    .map((p) => ({
      step: p.step.id,
      dueAt: p.dueAt.toISOString(),
      audience: p.step.audience,
      template: p.step.template,
    }));
}

/**
 * `upcoming` for a view: a plan that cannot be computed (a working-day step in a year without calendar
 * data) says why instead of failing the whole read or a listing of many subjects.
 */
export function upcomingOrReason(compute: () => Upcoming[]): {
  upcoming: Upcoming[];
  upcomingUnavailable?: string;
} {
  try {
    return { upcoming: compute() };
  } catch (error) {
    if (error instanceof CalendarYearMissing) return { upcoming: [], upcomingUnavailable: error.message };
    throw error;
  }
}

export function stepOf(ladder: Ladder, id: string): LadderStep | undefined {
  return ladder.find((s) => s.id === id);
}

/** Where a subject sits: its enterprise (if any), its county, the jurisdiction that lists or handles it. */
export type AudienceContext = {
  enterprise?: Enterprise;
  countyCode: string;
  /** The listing (hazard) or case (accident) jurisdiction and, for listings, the department. */
  jurisdiction?: string;
  department?: string;
  /** Whether an official found the hazard (then its supervising department's inspectors hear of it). */
  foundByOfficial?: boolean;
};

export type Recipient = { id: string; name: string; mobile?: string; email?: string };

/** What each audience is called where a person reads it (a timeline, an alarm). */
export const AUDIENCE_NAMES: Record<Audience, string> = {
  legal_rep: "法定代表人",
  safety_manager: "安全管理人员",
  info_officer: "信息员",
  finding_inspectors: "发现隐患的监管人员",
  department_inspectors: "监管部门监管人员",
  listing_inspectors: "挂牌部门监管人员",
  listing_anweiban: "挂牌地安委办",
  listing_leaders: "挂牌地党委、政府主要领导",
  parent_anweiban: "上一级安委办",
  parent_leaders: "上一级党委、政府主要领导",
  case_anweiban: "事故所在地安委办",
  case_leaders: "事故所在地党委、政府主要领导",
};

/** The log message (and CloudWatch metric filter) of a step that reached nobody; infra alarms on it. */
export const NO_RECIPIENT_MESSAGE = "ladder step reached nobody";
/** The timeline entry of such a step: `no recipient: parent_anweiban, parent_leaders`, Chinese in its details. */
export { NO_RECIPIENT_EVENT } from "./timeline-words";

export type Escalation = DubanConfig["escalation"];

/** What a step's audiences resolved to: the people, and each audience that should have reached someone but did not. */
export type ResolvedAudience = { recipients: Recipient[]; unreached: Audience[] };

/**
 * Resolves a step's audiences to people: the enterprise's contacts and the officials of the real chain of
 * jurisdictions (jurisdiction.ts). "One level up" from a province (or municipality) has no government
 * above it in duban, so `escalation.atTop` says who is told instead (default: the province's own leaders).
 */
export async function resolveAudiences(
  catalogue: CatalogueStore,
  audience: Audience[],
  ctx: AudienceContext,
  escalation: Escalation = { atTop: "province_leaders" },
): Promise<ResolvedAudience> {
  const found = new Map<string, Recipient>();
  const unreached: Audience[] = [];
  const listing = ctx.jurisdiction ?? ctx.countyCode;
  const parent = parentJurisdiction(listing);
  const officials = (list: Official[]): Recipient[] =>
    list.map((o) => ({
      id: `${o.jurisdictionCode}:${o.role}:${o.mobile}`,
      name: o.name,
      mobile: o.mobile,
      email: o.email,
    }));
  const above = async (role: "anweiban" | "leader"): Promise<Recipient[]> => {
    if (parent) return officials(await catalogue.officialsOf(parent, role));
    if (escalation.atTop === "nobody") return [];
    const ownRole = escalation.atTop === "province_leaders" ? "leader" : role;
    return officials(await catalogue.officialsOf(listing, ownRole));
  };
  for (const who of audience) {
    let reached: Recipient[] | undefined;
    if (who === "legal_rep" || who === "safety_manager" || who === "info_officer") {
      const contact = ctx.enterprise ? contactsOf(ctx.enterprise).find((c) => c.role === who) : undefined;
      reached =
        contact && ctx.enterprise
          ? [
              {
                id: `${ctx.enterprise.creditCode}:${who}`,
                name: contact.name,
                mobile: contact.mobile,
                ...(contact.email ? { email: contact.email } : {}),
              },
            ]
          : ctx.enterprise
            ? []
            : undefined;
    } else if (who === "finding_inspectors") {
      // Only a hazard an official found has finding inspectors; otherwise the audience does not apply.
      if (ctx.foundByOfficial && ctx.enterprise) {
        // Every department of the enterprise, matched by key (department.ts), not by the cell's spelling.
        const cell = ctx.enterprise.supervisingDepartment;
        const inspectors = await catalogue.officialsOf(ctx.countyCode, "inspector");
        reached = officials(inspectors.filter((o) => supervises(o.department, cell)));
      }
    } else if (who === "department_inspectors") {
      if (ctx.enterprise) {
        const cell = ctx.enterprise.supervisingDepartment;
        const inspectors = await catalogue.officialsOf(ctx.countyCode, "inspector");
        reached = officials(inspectors.filter((o) => supervises(o.department, cell)));
      }
    } else if (who === "listing_inspectors") {
      const department = ctx.department;
      const inspectors = await catalogue.officialsOf(listing, "inspector");
      reached = officials(
        department ? inspectors.filter((o) => supervises(o.department, department)) : inspectors,
      );
    } else if (who === "listing_anweiban" || who === "case_anweiban") {
      reached = officials(await catalogue.officialsOf(listing, "anweiban"));
    } else if (who === "listing_leaders" || who === "case_leaders") {
      reached = officials(await catalogue.officialsOf(listing, "leader"));
    } else if (who === "parent_anweiban") {
      reached = await above("anweiban");
    } else if (who === "parent_leaders") {
      reached = await above("leader");
    }
    if (reached === undefined) continue;
    if (reached.length === 0) unreached.push(who);
    for (const r of reached) found.set(r.id, r);
  }
  return { recipients: [...found.values()], unreached };
}

/** The people a step's audiences reach (see resolveAudiences). */
export async function resolveAudience(
  catalogue: CatalogueStore,
  audience: Audience[],
  ctx: AudienceContext,
  escalation?: Escalation,
): Promise<Recipient[]> {
  return (await resolveAudiences(catalogue, audience, ctx, escalation)).recipients;
}

/** "无接收人：上一级安委办、上一级党委、政府主要领导": what a person reads in the subject's timeline. */
export function noRecipientText(audience: Audience[]): string {
  return `无接收人：${audience.map((a) => AUDIENCE_NAMES[a]).join("、")}`;
}

/**
 * One message per recipient and channel, keyed by the subject, the plan version and the step, so a step
 * that fires twice (at-least-once timers) sends once.
 */
export function stepMessages(
  kind: SubjectKind,
  id: string,
  keyPart: string,
  template: string,
  recipients: Recipient[],
  params: Record<string, string>,
  where: { scope: string; about?: string },
): Message[] {
  return recipients.flatMap((r) =>
    (["sms", "email"] as const).flatMap((channel) => {
      const to = channel === "sms" ? r.mobile : r.email;
      if (!to) return [];
      return [
        {
          key: `${kind}:${id}:${keyPart}:${r.id}:${channel}`,
          channel,
          recipient: to,
          recipientName: r.name,
          template,
          params: { ...params, recipient: r.name },
          subject: { type: kind, id },
          scope: where.scope,
          ...(where.about ? { about: where.about } : {}),
        },
      ];
    }),
  );
}
