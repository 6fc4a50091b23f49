import type { Audience, DubanConfig, Ladder, LadderStep } from "../../config/schema";
import { CalendarYearMissing, type HolidayCalendar, type LocalDate } from "./calendar";
import type { Enterprise, Official } from "./catalogue";
import { supervises } from "./department";
import { Conflict, NotFound } from "./errors";
import { contactsOf } from "./filing";
import { parentJurisdiction } from "./jurisdiction";
import { type PlannedStep, planLadder } from "./ladder";
import { said } from "./messages";
import type { Log, Notifier } from "./notifier";
import type { CatalogueStore, Clock, Message, Timer, Timers } from "./ports";

/**
 * The machinery shared by every supervised subject (a hazard, an accident case): a ladder in force, planned
 * into durable timers under a version; a fired step that finds an older version does nothing.
 */
export type SubjectKind = "hazard" | "accident";
export type LadderName = keyof DubanConfig["ladders"];

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
};

/** What a ladder timer carries back to the workflow. */
export type LadderTimerInput = {
  kind: SubjectKind;
  id: string;
  version: number;
  ladder: LadderName;
  step: string;
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
export type Supervised = {
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

/**
 * Reads and writes one kind of supervised subject: every change is a conditional write on the one item,
 * retried on a concurrent change; a change that re-planned sets the new plan's timers after the write, and
 * the timers are planned before it, so a plan that cannot be made refuses the change as a whole.
 */
export function createSupervisedStore<T extends Supervised>(opts: {
  kind: SubjectKind;
  noun: "hazard" | "accident case";
  store: {
    get(id: string): Promise<T | undefined>;
    put(subject: T, expectedRev: number | undefined): Promise<void>;
  };
  clock: Clock;
  timers: Timers;
  calendar: HolidayCalendar;
  ladderOf: (subject: T) => LadderInForce;
  anchorsOf: (subject: T) => Record<string, LocalDate | undefined>;
}) {
  async function load(id: string): Promise<T> {
    const found = await opts.store.get(id);
    if (!found)
      throw new NotFound(said(opts.noun === "hazard" ? "hazard.not_found" : "accident.not_found", { id }));
    return found;
  }

  function timersOf(subject: T): Timer[] {
    const { name, ladder } = opts.ladderOf(subject);
    if (!name || !ladder || !subject.plannedAt) return [];
    const planned = planLadder(ladder, opts.anchorsOf(subject), opts.calendar, new Date(subject.plannedAt));
    return ladderTimers(opts.kind, subject.id, subject.planVersion, name, planned);
  }

  return {
    load,
    async create(subject: T): Promise<T> {
      const timers = timersOf(subject);
      const stored = { ...subject, rev: 1 };
      await opts.store.put(stored, undefined);
      for (const timer of timers) await opts.timers.set(timer);
      return stored;
    },
    async mutate(id: string, change: (subject: T, now: Date) => T | Promise<T>): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        const current = await load(id);
        const next = await change(structuredClone(current), opts.clock.now());
        const timers = next.planVersion !== current.planVersion ? timersOf(next) : [];
        const stored = { ...next, rev: current.rev + 1 };
        try {
          await opts.store.put(stored, current.rev);
        } catch (error) {
          if (!(error instanceof Conflict) || attempt >= 3) throw error;
          continue;
        }
        for (const timer of timers) await opts.timers.set(timer);
        return stored;
      }
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
export const NO_RECIPIENT_EVENT = "no recipient: ";

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
