import type { Audience, DubanConfig, Ladder, LadderStep } from "../../config/schema";
import { CalendarYearMissing, type HolidayCalendar, type LocalDate } from "./calendar";
import type { Enterprise, Official } from "./catalogue";
import { supervises } from "./department";
import { Conflict, NotFound } from "./errors";
import { contactsOf } from "./filing";
import { parentJurisdiction } from "./jurisdiction";
import { type PlannedStep, planLadder } from "./ladder";
import { said } from "./messages";
import type { Notifier } from "./notifier";
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

/** Resolves a step's audience to people: the enterprise's contacts and the officials of the chain. */
export async function resolveAudience(
  catalogue: CatalogueStore,
  audience: Audience[],
  ctx: AudienceContext,
): Promise<Recipient[]> {
  const found = new Map<string, Recipient>();
  const add = (r: Recipient) => found.set(r.id, r);
  const addOfficials = (list: Official[]) => {
    for (const o of list)
      add({
        id: `${o.jurisdictionCode}:${o.role}:${o.mobile}`,
        name: o.name,
        mobile: o.mobile,
        email: o.email,
      });
  };
  const listing = ctx.jurisdiction ?? ctx.countyCode;
  const parent = parentJurisdiction(listing);
  for (const who of audience) {
    if (who === "legal_rep" || who === "safety_manager" || who === "info_officer") {
      const contact = ctx.enterprise ? contactsOf(ctx.enterprise).find((c) => c.role === who) : undefined;
      if (contact && ctx.enterprise) {
        add({
          id: `${ctx.enterprise.creditCode}:${who}`,
          name: contact.name,
          mobile: contact.mobile,
          ...(contact.email ? { email: contact.email } : {}),
        });
      }
    } else if (who === "finding_inspectors") {
      if (ctx.foundByOfficial && ctx.enterprise) {
        // Every department of the enterprise, matched by key (department.ts), not by the cell's spelling.
        const cell = ctx.enterprise.supervisingDepartment;
        const inspectors = await catalogue.officialsOf(ctx.countyCode, "inspector");
        addOfficials(inspectors.filter((o) => supervises(o.department, cell)));
      }
    } else if (who === "listing_inspectors") {
      const department = ctx.department;
      const inspectors = await catalogue.officialsOf(listing, "inspector");
      addOfficials(department ? inspectors.filter((o) => supervises(o.department, department)) : inspectors);
    } else if (who === "listing_anweiban" || who === "case_anweiban") {
      addOfficials(await catalogue.officialsOf(listing, "anweiban"));
    } else if (who === "listing_leaders" || who === "case_leaders") {
      addOfficials(await catalogue.officialsOf(listing, "leader"));
    } else if (who === "parent_anweiban" && parent) {
      addOfficials(await catalogue.officialsOf(parent, "anweiban"));
    } else if (who === "parent_leaders" && parent) {
      addOfficials(await catalogue.officialsOf(parent, "leader"));
    }
  }
  return [...found.values()];
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
