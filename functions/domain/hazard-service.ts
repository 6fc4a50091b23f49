import type { z } from "zod";
import { CalendarYearMissing, shanghaiDateOf, shanghaiEndOfDay } from "./calendar";
import type { Ladder } from "./config-schema";
import { dateLabel } from "./cycle";
import { ALREADY_DONE, type EffectRequest } from "./effects";
import { Conflict, Forbidden, NotFound, RuleViolation } from "./errors";
import { fileReport, owedProgress } from "./filing";
import {
  AcceptanceBody,
  type Actor,
  assertFutureDate,
  assertMayAct,
  assertNotFuture,
  assertState,
  EvaluationBody,
  ExtensionDecisionBody,
  ExtensionRequestBody,
  endOverdue,
  type Hazard,
  hazardNotFound,
  ListingBody,
  PlanBody,
  ProgressBody,
  RectificationBody,
  RegisterHazardBody,
  totalOverdueDays,
} from "./hazard";
import { cityOf, isWithin, jurisdictionName, provinceOf } from "./jurisdiction";
import { planLadder } from "./ladder";
import { message, said } from "./messages";
import { monthsBetween, periodLabel, periodOf, previousPeriod } from "./period";
import {
  acceptanceDueDate as acceptanceDueUnder,
  assertExtensionInTime,
  extensionDecisionDue,
  type Policy,
} from "./policy";
import type { FilingStore, HazardStore } from "./ports";
import {
  assertCanReachEnterprise,
  assertOfficial,
  enterpriseNotFound,
  type Principal,
  queryScope,
} from "./principal";
import { sameData } from "./same-data";
import {
  createSupervisedStore,
  type LadderName,
  type LadderTimerInput,
  policyFor,
  replan,
  type resolveAudience,
  SUBJECT_WORKFLOWS,
  type SupervisionDeps,
  subjectPolicy,
  upcomingOrReason,
  upcomingSteps,
} from "./supervision";
import { labelled } from "./timeline-words";

export type HazardDeps = SupervisionDeps & { hazards: HazardStore; filings: FilingStore };

export const actorOf = (p: Principal): Actor & { enterprise?: string } => ({
  sub: p.sub,
  role: p.role,
  jurisdiction: p.jurisdiction,
  ...(p.enterprise ? { enterprise: p.enterprise } : {}),
});

/**
 * The ladder in force for a hazard in its current state, from the policy the hazard recorded (its county's
 * ladders as they were when it was registered), and the dates its steps count from.
 */
export function ladderInForce(policy: Policy, h: Hazard): { name?: LadderName; ladder?: Ladder } {
  const { ladders } = policy;
  if (h.level === "general" && h.status === "open")
    return { name: "generalHazard", ladder: ladders.generalHazard };
  if (h.status === "listed") return { name: "majorHazard", ladder: ladders.majorHazard };
  if (h.status === "acceptance_requested") return { name: "acceptance", ladder: ladders.acceptance };
  if (h.status === "delisted" && ladders.delisting.length > 0)
    return { name: "delisting", ladder: ladders.delisting };
  return {};
}

/** The timers of an extension request's own ladder (undecided: remind, then escalate), beside the plan. */
export function extensionTimers(
  policy: Policy,
  h: Hazard,
  n: number,
  requestedOn: string,
  calendar: Parameters<typeof planLadder>[2],
  now: Date,
) {
  return planLadder(policy.ladders.extensionDecision, { extensionRequested: requestedOn }, calendar, now).map(
    ({ step, dueAt }) => ({
      id: `hazard-${h.id}-x${n}-${step.id}`,
      dueAt: dueAt.toISOString(),
      workflow: SUBJECT_WORKFLOWS.hazard,
      phase: "ladder-step",
      input: {
        kind: "hazard",
        id: h.id,
        version: h.planVersion,
        ladder: "extensionDecision",
        step: step.id,
        request: n,
      } satisfies LadderTimerInput,
    }),
  );
}

/** The acceptance due date; requests stored before `dueDate` existed held the due day's 23:59:59 as `dueAt`. */
function acceptanceDueDate(r: NonNullable<Hazard["acceptanceRequest"]>): string {
  return r.dueDate ?? shanghaiDateOf(new Date(r.dueAt));
}

export function anchorsOf(h: Hazard) {
  return {
    rectifyBy: h.rectifyBy,
    deadline: h.deadline,
    listedOn: h.listing ? shanghaiDateOf(new Date(h.listing.listedAt)) : undefined,
    delistedOn: h.delistedAt ? shanghaiDateOf(new Date(h.delistedAt)) : undefined,
    acceptanceDue: h.acceptanceRequest ? acceptanceDueDate(h.acceptanceRequest) : undefined,
  };
}

/** Listing levels: a county listing is the hazard's county, a city or province listing the level above. */
function listingJurisdiction(countyCode: string, level: "county" | "city" | "province"): string {
  if (level === "county") return countyCode;
  return level === "city" ? cityOf(countyCode) : provinceOf(countyCode);
}

/**
 * The hazard register and the supervised lifecycle of a major hazard: plan, listing (挂牌督办), progress,
 * extensions, evaluation, acceptance (复查验收) and delisting (销号). Every change is one conditional write
 * of the hazard item; a change of deadline or state plans the ladder again under a new version.
 */
export function createHazardService(deps: HazardDeps) {
  const { config, clock, hazards, catalogue } = deps;
  /** The policy the hazard recorded when it was registered: every rule of it reads this one. */
  const rulesOf = (h: Pick<Hazard, "countyCode" | "policyVersion">) =>
    subjectPolicy(deps, h.countyCode, h.policyVersion);
  const progressObligation = () => {
    const found = config.obligations.find((o) => o.subject === "listed_major_hazard");
    if (!found) throw new Error("no obligation for the progress of listed major hazards in config");
    return found;
  };

  /** A hazard listed mid-month owes that month's progress; a delisted one owes nothing more. */
  async function syncProgressFilings(h: Hazard, now: Date) {
    const obligation = config.obligations.find((o) => o.subject === "listed_major_hazard");
    if (!obligation) return;
    const current = periodOf(obligation.periodKind, shanghaiDateOf(now));
    if (h.status === "listed") {
      const enterprise = await catalogue.getEnterprise(h.creditCode);
      if (enterprise) await deps.filings.ensureFiling(owedProgress(enterprise, h, obligation.id, current));
    } else if (h.status === "delisted") {
      const periods = [current, previousPeriod(obligation.periodKind, current)];
      await deps.filings.withdrawFilings(h.creditCode, obligation.id, periods, now.toISOString(), h.id);
    }
  }

  const subjects = createSupervisedStore<Hazard>({
    kind: "hazard",
    noun: "hazard",
    notFound: hazardNotFound,
    store: hazards,
    clock,
    timers: deps.timers,
    calendar: deps.calendar,
    catalogue,
    notifier: deps.notifier,
    ...(deps.log ? { log: deps.log } : {}),
    ladderOf: async (h) => ladderInForce(await rulesOf(h), h),
    escalationOf: async (h) => (await rulesOf(h)).escalation,
    anchorsOf,
    followUps: { "progress-filings": (h, effect) => syncProgressFilings(h, new Date(effect.at)) },
  });
  const { load, mutate } = subjects;

  function event(h: Hazard, actor: Actor, now: Date, what: string, details?: Record<string, unknown>) {
    const { enterprise: _e, ...who } = actor as Actor & { enterprise?: string };
    h.timeline.push({ at: now.toISOString(), actor: who, what, ...(details ? { details } : {}) });
  }

  /** A notice of this change, recorded with it and sent after it (effects.ts). */
  function notice(
    h: Hazard,
    what: string,
    template: string,
    audience: Parameters<typeof resolveAudience>[1],
  ): EffectRequest {
    return {
      kind: "notice",
      keyPart: `v${h.planVersion}:${what}`,
      template,
      audience,
      params: paramsOf(h, shanghaiDateOf(clock.now())),
      context: {
        creditCode: h.creditCode,
        countyCode: h.countyCode,
        ...(h.listing ? { jurisdiction: h.listing.jurisdiction, department: h.listing.department } : {}),
      },
      where: { scope: h.countyCode, about: h.creditCode },
    };
  }

  const progressFilings = (now: Date): EffectRequest => ({
    kind: "follow-up",
    name: "progress-filings",
    at: now.toISOString(),
  });

  /**
   * The listing's own days under a local rule (青岛 "3+X", counted in working days from the listing and the
   * delisting): none without such a rule, nor for a year whose holidays are not known yet.
   */
  function listingDays(rules: Policy, h: Hazard) {
    const rule = rules.listing;
    const { listedOn, delistedOn } = anchorsOf(h);
    if (!rule || !listedOn) return {};
    try {
      return {
        filedBy: deps.calendar.addWorkingDays(listedOn, rule.filedWithinWorkingDays),
        publishedBy: deps.calendar.addWorkingDays(listedOn, rule.publishedWithinWorkingDays),
        ...(delistedOn
          ? {
              delistingPublishedBy: deps.calendar.addWorkingDays(
                delistedOn,
                rule.delistingPublishedWithinWorkingDays,
              ),
            }
          : {}),
      };
    } catch (error) {
      if (error instanceof CalendarYearMissing) return {};
      throw error;
    }
  }

  async function view(stored: Hazard) {
    const { effects: _effects, effectsSince: _since, ...h } = stored;
    const rules = await rulesOf(h);
    const { ladder } = ladderInForce(rules, h);
    const waiting = h.extensionRequests.find((r) => !r.decision);
    const { overdueMonths: _months, ...rest } = h;
    return {
      ...rest,
      timeline: labelled(h.timeline),
      overdueDays: totalOverdueDays(h, clock.now()),
      overdueSpells: h.overdueSpells ?? [],
      // The steps a request's own ladder fired are bookkeeping, like the plan's: the timeline says them.
      extensionRequests: h.extensionRequests.map(({ firedSteps: _fired, ...r }) => r),
      countyName: jurisdictionName(h.countyCode),
      ...(h.listing
        ? {
            listing: {
              ...h.listing,
              jurisdictionName: jurisdictionName(h.listing.jurisdiction),
              ...listingDays(rules, h),
            },
          }
        : {}),
      // An undecided extension request's reminders are upcoming too: what the deciding officials will get.
      ...upcomingOrReason(() =>
        [
          ...upcomingSteps(ladder, anchorsOf(h), deps.calendar, h.plannedAt, h.firedSteps),
          ...(waiting
            ? upcomingSteps(
                rules.ladders.extensionDecision,
                { extensionRequested: shanghaiDateOf(new Date(waiting.requestedAt)) },
                deps.calendar,
                waiting.requestedAt,
                waiting.firedSteps ?? [],
              )
            : []),
        ].sort((a, b) => a.dueAt.localeCompare(b.dueAt)),
      ),
    };
  }

  return {
    view,
    /** Completes hazards whose recorded effects are still behind (see `createSupervisedStore`). */
    reconcileEffects: subjects.reconcile,
    async register(principal: Principal, creditCode: string, raw: z.input<typeof RegisterHazardBody>) {
      const body = RegisterHazardBody.parse(raw);
      const enterprise = await catalogue.getEnterprise(creditCode);
      if (!enterprise) throw enterpriseNotFound(creditCode);
      assertCanReachEnterprise(principal, enterprise);
      const actor = actorOf(principal);
      const now = clock.now();
      if (new Date(body.foundAt) > now)
        throw new RuleViolation(said("input.in_future", { field: "foundAt", value: body.foundAt }), [
          { path: "foundAt", message: message("input.in_future_field") },
        ]);
      if (body.rectifyBy) assertFutureDate(body.rectifyBy, now, "rectifyBy");
      const { version: policyVersion } = await policyFor(deps, enterprise.countyCode);
      const h: Hazard = {
        id: deps.ids.next("HZ"),
        creditCode,
        countyCode: enterprise.countyCode,
        enterpriseName: enterprise.name,
        supervisingDepartment: enterprise.supervisingDepartment,
        level: body.level,
        title: body.title,
        description: body.description,
        ...(body.location ? { location: body.location } : {}),
        foundAt: new Date(body.foundAt).toISOString(),
        source: body.source,
        status: body.level === "general" ? "open" : "registered",
        ...(body.level === "general" && body.rectifyBy ? { rectifyBy: body.rectifyBy } : {}),
        progressReports: [],
        extensionRequests: [],
        evaluations: [],
        acceptances: [],
        overdue: false,
        planVersion: 0,
        policyVersion,
        firedSteps: [],
        timeline: [],
        rev: 0,
      };
      event(h, actor, now, "registered", { level: h.level, source: h.source });
      if (h.level === "general") replan(h, now);
      // A major hazard is news to the inspectors of its supervising departments, whoever found it.
      const registered = config.hazards.notices.registered;
      const notices =
        h.level === "major" && registered
          ? [notice(h, "registered", registered.template, registered.audience)]
          : [];
      return view(await subjects.create(h, notices));
    },

    async get(principal: Principal, id: string) {
      const h = await load(id);
      assertMayAct(actorOf(principal), h, "either");
      return view(h);
    },

    async rectify(principal: Principal, id: string, raw: unknown) {
      const body = RectificationBody.parse(raw);
      return view(
        await mutate(id, (h, now) => {
          assertMayAct(actorOf(principal), h, "either");
          if (
            h.status === "rectified" &&
            h.rectification?.note === body.note &&
            h.rectification.rectifiedAt === new Date(body.rectifiedAt).toISOString()
          )
            return ALREADY_DONE;
          assertState(h, "rectification");
          assertNotFuture(body.rectifiedAt, now, "rectifiedAt");
          h.status = "rectified";
          h.rectification = { ...body, rectifiedAt: new Date(body.rectifiedAt).toISOString() };
          replan(h, now); // no ladder in force any more: pending timers find a stale version
          event(h, actorOf(principal), now, "rectified", { note: body.note });
          return h;
        }),
      );
    },

    async plan(principal: Principal, id: string, raw: unknown) {
      const body = PlanBody.parse(raw);
      return view(
        await mutate(id, (h, now) => {
          assertMayAct(actorOf(principal), h, "either");
          if (h.status === "planned" && sameData(h.plan, body)) return ALREADY_DONE;
          if (h.status === "listed") throw new Conflict(said("hazard.deadline_by_extension_only", { id }));
          assertState(h, "plan");
          assertFutureDate(body.deadline, now, "deadline");
          h.plan = body;
          h.planSetAt = now.toISOString();
          h.deadline = body.deadline;
          h.status = "planned";
          event(h, actorOf(principal), now, "plan set", {
            deadline: body.deadline,
            fundsYuan: body.funds.amountYuan,
          });
          return h;
        }),
      );
    },

    async list(principal: Principal, id: string, raw: unknown) {
      const body = ListingBody.parse(raw);
      assertOfficial(principal);
      const h = await mutate(id, (h, now, effects) => {
        assertMayAct(actorOf(principal), h, "official");
        const { jurisdiction: _j, listedAt: _at, ...listed } = h.listing ?? {};
        if (h.status !== "planned" && h.listing && sameData(listed, body)) return ALREADY_DONE;
        assertState(h, "listing");
        const jurisdiction = listingJurisdiction(h.countyCode, body.level);
        if (!isWithin(jurisdiction, principal.jurisdiction)) {
          throw new RuleViolation(
            said("hazard.listing_outside_jurisdiction", {
              level: body.level,
              jurisdiction,
              own: principal.jurisdiction,
            }),
            [{ path: "level", message: message("hazard.listing_outside_jurisdiction_field") }],
          );
        }
        h.status = "listed";
        h.listing = { ...body, jurisdiction, listedAt: now.toISOString() };
        replan(h, now);
        event(h, actorOf(principal), now, "listed", { ...body, jurisdiction });
        effects.push(
          progressFilings(now),
          notice(h, "listed", "major-hazard-listed", ["legal_rep", "safety_manager", "listing_anweiban"]),
        );
        return h;
      });
      return view(h);
    },

    /**
     * A listed hazard's monthly progress, through the same periodic-filing mechanism as the monthly
     * self-inspection report (reminders, overdue, digest): filing a period again amends it.
     */
    async fileProgress(principal: Principal, id: string, raw: unknown) {
      const { period, ...body } = ProgressBody.parse(raw);
      const h = await load(id);
      assertMayAct(actorOf(principal), h, "enterprise");
      assertState(h, "progress");
      const enterprise = await catalogue.getEnterprise(h.creditCode);
      if (!enterprise) throw enterpriseNotFound(h.creditCode);
      const obligation = progressObligation();
      const listedAt = h.listing?.listedAt;
      if (listedAt && period < periodOf(obligation.periodKind, shanghaiDateOf(new Date(listedAt)))) {
        throw new RuleViolation(
          said("hazard.progress_before_listing", {
            period: periodLabel(period),
            listedOn: shanghaiDateOf(new Date(listedAt)),
          }),
          [{ path: "period", message: message("hazard.progress_before_listing_field") }],
        );
      }
      const existing = await deps.filings.getFiling(h.creditCode, obligation.id, period, h.id);
      const record = fileReport(
        { obligation, period, now: clock.now(), calendar: deps.calendar },
        enterprise,
        existing,
        body,
        owedProgress(enterprise, h, obligation.id, period),
      );
      // The same body again is no new version: the hazard answers as it is.
      if (record === existing) return view(h);
      await deps.filings.saveFiling(record, existing?.version);
      const saved = await mutate(id, (h, now) => {
        h.progressReports.push({
          period,
          ...body,
          receivedAt: record.receivedAt ?? now.toISOString(),
          version: record.version ?? 1,
        });
        event(h, actorOf(principal), now, "progress reported", {
          period,
          percentComplete: body.percentComplete,
          status: record.status,
          version: record.version,
        });
        return h;
      });
      return view(saved);
    },

    async requestExtension(principal: Principal, id: string, raw: unknown) {
      const body = ExtensionRequestBody.parse(raw);
      const before = await load(id);
      // A local rule (青岛 "3+X") may ask for the request N working days before the deadline: the rule the
      // hazard recorded, not one changed since.
      const rules = await rulesOf(before);
      const { listing } = rules;
      return view(
        await mutate(id, (h, now, effects) => {
          assertMayAct(actorOf(principal), h, "enterprise");
          const waiting = h.extensionRequests.find((r) => !r.decision);
          if (waiting?.newDeadline === body.newDeadline && waiting.reason === body.reason)
            return ALREADY_DONE;
          assertState(h, "extension");
          if (waiting) throw new Conflict(said("hazard.extension_pending"));
          assertFutureDate(body.newDeadline, now, "newDeadline");
          if (h.deadline) assertExtensionInTime(listing, h.deadline, shanghaiDateOf(now), deps.calendar);
          if (!h.deadline || body.newDeadline <= h.deadline) {
            throw new RuleViolation(said("hazard.new_deadline_not_later", { deadline: h.deadline ?? "" }), [
              { path: "newDeadline", message: message("hazard.new_deadline_not_later_field") },
            ]);
          }
          const n = h.extensionRequests.length + 1;
          const requestedOn = shanghaiDateOf(now);
          const decisionDue = extensionDecisionDue(listing, requestedOn, deps.calendar);
          h.extensionRequests.push({
            ...body,
            n,
            requestedAt: now.toISOString(),
            ...(decisionDue ? { decisionDueDate: decisionDue } : {}),
          });
          // Undecided, it reminds the officials who may decide, then escalates (durable timers, inert once
          // decided: the step finds the request decided and does nothing).
          for (const timer of extensionTimers(rules, h, n, requestedOn, deps.calendar, now))
            effects.push({ kind: "timer", timer });
          event(h, actorOf(principal), now, "extension requested", { n, newDeadline: body.newDeadline });
          // The officials who decide hear of it (the listing department's inspectors).
          const requested = config.hazards.notices.extensionRequested;
          if (requested)
            effects.push(notice(h, `extension-${n}-requested`, requested.template, requested.audience));
          return h;
        }),
      );
    },

    async decideExtension(principal: Principal, id: string, n: number, raw: unknown) {
      const body = ExtensionDecisionBody.parse(raw);
      assertOfficial(principal);
      const h = await mutate(id, (h, now, effects) => {
        assertMayAct(actorOf(principal), h, "official");
        if (!h.listing || !isWithin(h.listing.jurisdiction, principal.jurisdiction)) {
          throw new Forbidden(said("auth.extension_decided_by_listing"));
        }
        const request = h.extensionRequests.find((r) => r.n === n);
        if (!request) throw new NotFound(said("hazard.extension_not_found", { id, n }));
        if (
          request.decision?.approved === body.approved &&
          request.decision.note === body.note &&
          request.decision.by === principal.sub
        )
          return ALREADY_DONE;
        if (request.decision) throw new Conflict(said("hazard.extension_already_decided", { n }));
        assertState(h, "extension");
        if (body.approved) assertFutureDate(request.newDeadline, now, "newDeadline");
        request.decision = { ...body, decidedAt: now.toISOString(), by: principal.sub };
        if (body.approved) {
          h.deadline = request.newDeadline;
          endOverdue(h, now, monthsBetween);
          replan(h, now);
        }
        event(h, actorOf(principal), now, body.approved ? "extension approved" : "extension refused", {
          n,
          note: body.note,
        });
        // The enterprise learns the decision and the deadline now in force.
        const decided = config.hazards.notices.extensionDecided;
        if (decided) effects.push(notice(h, `extension-${n}-decided`, decided.template, decided.audience));
        return h;
      });
      return view(h);
    },

    async recordEvaluation(principal: Principal, id: string, raw: unknown) {
      const body = EvaluationBody.parse(raw);
      return view(
        await mutate(id, (h, now, effects) => {
          assertMayAct(actorOf(principal), h, "either");
          const last = h.evaluations.at(-1);
          if (
            last &&
            sameData(
              { ...last, recordedAt: undefined },
              { ...body, evaluatedAt: new Date(body.evaluatedAt).toISOString(), recordedAt: undefined },
            )
          )
            return ALREADY_DONE;
          assertState(h, "evaluation");
          assertNotFuture(body.evaluatedAt, now, "evaluatedAt");
          h.evaluations.push({
            ...body,
            evaluatedAt: new Date(body.evaluatedAt).toISOString(),
            recordedAt: now.toISOString(),
          });
          event(h, actorOf(principal), now, "evaluated", {
            agency: body.agency,
            conclusion: body.conclusion,
            reportNo: body.reportNo,
          });
          // The listing department follows the treatment: it hears of every evaluation.
          const recorded = config.hazards.notices.evaluationRecorded;
          if (recorded) {
            effects.push(
              notice(h, `evaluation-${h.evaluations.length}`, recorded.template, recorded.audience),
            );
          }
          return h;
        }),
      );
    },

    async requestAcceptance(principal: Principal, id: string) {
      // The acceptance period the hazard recorded: calendar days, or working days where the policy says so.
      const { acceptance } = await rulesOf(await load(id));
      const h = await mutate(id, (h, now, effects) => {
        assertMayAct(actorOf(principal), h, "enterprise");
        if (h.status === "acceptance_requested") return ALREADY_DONE;
        assertState(h, "acceptanceRequest");
        const latest = h.evaluations.at(-1);
        if (latest?.conclusion !== "pass") {
          throw new RuleViolation(said("hazard.acceptance_needs_evaluation"));
        }
        const due = acceptanceDueUnder(acceptance, shanghaiDateOf(now), deps.calendar);
        h.status = "acceptance_requested";
        // The due-instant convention: the exclusive end of the due day in Shanghai, with the date beside it.
        h.acceptanceRequest = {
          requestedAt: now.toISOString(),
          dueDate: due,
          dueAt: shanghaiEndOfDay(due).toISOString(),
        };
        replan(h, now);
        event(h, actorOf(principal), now, "acceptance requested", { dueBy: due });
        effects.push(notice(h, "acceptance-requested", "acceptance-requested", ["listing_inspectors"]));
        return h;
      });
      return view(h);
    },

    async recordAcceptance(principal: Principal, id: string, raw: unknown) {
      const body = AcceptanceBody.parse(raw);
      assertOfficial(principal);
      const h = await mutate(id, (h, now, effects) => {
        assertMayAct(actorOf(principal), h, "official");
        const last = h.acceptances.at(-1);
        if (
          sameData(last, body) &&
          (body.result === "passed" ? h.status === "delisted" : h.status === "listed")
        )
          return ALREADY_DONE;
        assertState(h, "acceptance");
        assertNotFuture(body.inspectedAt, now, "inspectedAt");
        h.acceptances.push(body);
        if (body.result === "passed") {
          h.status = "delisted";
          h.delistedAt = now.toISOString();
          endOverdue(h, now, monthsBetween);
        } else {
          assertFutureDate(body.newDeadline as string, now, "newDeadline");
          h.status = "listed";
          h.deadline = body.newDeadline as string;
          endOverdue(h, now, monthsBetween);
        }
        replan(h, now);
        event(
          h,
          actorOf(principal),
          now,
          body.result === "passed" ? "accepted and delisted" : "acceptance failed",
          {
            note: body.note,
            ...(body.newDeadline ? { newDeadline: body.newDeadline } : {}),
          },
        );
        effects.push(progressFilings(now));
        if (h.status === "delisted") {
          effects.push(
            notice(h, "delisted", "major-hazard-delisted", [
              "legal_rep",
              "safety_manager",
              "listing_anweiban",
            ]),
          );
        }
        return h;
      });
      return view(h);
    },

    async query(
      principal: Principal,
      q: {
        jurisdiction?: string;
        level?: Hazard["level"];
        status?: Hazard["status"];
        overdue?: boolean;
        overdueIn?: string;
        creditCode?: string;
        department?: string;
        listingLevel?: "county" | "city" | "province";
        open?: boolean;
        deadlineFrom?: string;
        deadlineTo?: string;
        escalatedSince?: string;
        limit: number;
        nextToken?: string;
      },
    ) {
      // An enterprise user lists its own register: its county's key range, its own credit code.
      if (principal.role === "enterprise") {
        if (q.creditCode && q.creditCode !== principal.enterprise) {
          throw new Forbidden(said("auth.own_enterprise_only"));
        }
        const { jurisdiction: _ignored, ...rest } = q;
        const page = await hazards.query({
          ...rest,
          creditCode: principal.enterprise,
          scopePrefix: principal.jurisdiction,
        });
        return {
          items: await Promise.all(page.items.map(view)),
          ...(page.nextToken ? { nextToken: page.nextToken } : {}),
        };
      }
      const scopePrefix = queryScope(principal, q.jurisdiction);
      const page = await hazards.query({ ...q, scopePrefix });
      return {
        items: await Promise.all(page.items.map(view)),
        ...(page.nextToken ? { nextToken: page.nextToken } : {}),
      };
    },
  };
}

/**
 * The parameters every hazard notice may use. `listing` names the listing without brackets of its own
 * (隆阳区应急管理局县级挂牌督办，文号…), so a template may put it in parentheses; dates of another year than
 * `today` carry the year.
 */
export function paramsOf(h: Hazard, today: string): Record<string, string> {
  const deadline = h.deadline ?? h.rectifyBy;
  const level = { county: "县级", city: "市级", province: "省级" } as const;
  const listing = h.listing
    ? `${jurisdictionName(h.listing.jurisdiction)}${h.listing.department}${level[h.listing.level]}挂牌督办，文号${h.listing.documentNo}`
    : "未挂牌";
  const waiting = h.extensionRequests.at(-1);
  return {
    enterprise: h.enterpriseName,
    hazard: h.title,
    hazardId: h.id,
    deadline: deadline ? dateLabel(deadline, today) : "未定",
    listing,
    listedBy: h.listing
      ? `${jurisdictionName(h.listing.jurisdiction)}${h.listing.department}`
      : jurisdictionName(h.countyCode),
    dueDate: h.acceptanceRequest ? dateLabel(acceptanceDueDate(h.acceptanceRequest), today) : "",
    delistedAt: h.delistedAt ? dateLabel(shanghaiDateOf(new Date(h.delistedAt)), today) : "",
    newDeadline: waiting ? dateLabel(waiting.newDeadline, today) : "",
    reason: waiting?.reason ?? "",
    decision: waiting?.decision ? (waiting.decision.approved ? "获批" : "未获批") : "",
    decisionNote: waiting?.decision?.note ?? "",
    agency: h.evaluations.at(-1)?.agency ?? "",
    conclusion: h.evaluations.at(-1) ? (h.evaluations.at(-1)?.conclusion === "pass" ? "通过" : "未通过") : "",
  };
}
