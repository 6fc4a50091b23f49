import {
  ACCIDENT_LEVEL_NAMES,
  type Accident,
  accidentLevelProblem,
  accidentNotFound,
  ClosureBody,
  dueOn,
  EvaluationDoneBody,
  evaluationWindow,
  InvestigationExtensionBody,
  investigationDue,
  investigationDueDateOf,
  NewAccidentBody,
  ReportSubmissionBody,
  WithdrawalBody,
} from "./accident";
import { addDays, shanghaiDateOf } from "./calendar";
import type { DubanConfig, Ladder } from "./config-schema";
import { dateLabel } from "./cycle";
import { ALREADY_DONE } from "./effects";
import { Conflict, Forbidden, RuleViolation } from "./errors";
import { assertNotFuture } from "./hazard";
import { actorOf } from "./hazard-service";
import { isWithin, jurisdictionChain, jurisdictionName, scopePrefix as scopePrefixOf } from "./jurisdiction";
import { message, said } from "./messages";
import type { Policy } from "./policy";
import type { AccidentStore } from "./ports";
import {
  assertOfficial,
  canReachEnterprise,
  enterpriseNotFound,
  type Principal,
  queryScope,
} from "./principal";
import { sameData } from "./same-data";
import {
  createSupervisedStore,
  type LadderName,
  noRecipientText,
  policyFor,
  replan,
  resolveAudiences,
  type SupervisionDeps,
  subjectPolicy,
  upcomingOrReason,
  upcomingSteps,
} from "./supervision";
import { labelled } from "./timeline-words";

export type AccidentDeps = SupervisionDeps & { accidents: AccidentStore };

/** The ladder in force for a case's state, from the policy the case recorded when it was opened. */
export function accidentLadder(policy: Policy, a: Accident): { name?: LadderName; ladder?: Ladder } {
  const { ladders } = policy;
  if (a.status === "investigating")
    return { name: "accidentInvestigation", ladder: ladders.accidentInvestigation };
  if (a.status === "report_submitted") return { name: "accidentApproval", ladder: ladders.accidentApproval };
  if (a.status === "closed") return { name: "accidentEvaluation", ladder: ladders.accidentEvaluation };
  return {};
}

/**
 * When the approval of a report submitted at `submittedAt` is due: `days` after the Shanghai day of
 * submission, as a date and as the exclusive end of that day (the due-instant convention of the README).
 */
export function approvalDue(
  config: Pick<DubanConfig, "accidents">,
  level: Accident["level"],
  submittedAt: string,
): { dueDate: string; dueAt: string } {
  const days =
    level === "especially_major"
      ? config.accidents.approvalDaysEspeciallyMajor
      : config.accidents.approvalDays;
  return dueOn(addDays(shanghaiDateOf(new Date(submittedAt)), days));
}

export function accidentAnchors(a: Accident) {
  return {
    investigationDue: investigationDueDateOf(a),
    approvalDue: a.report?.approvalDueDate,
    // Records from before the due-instant convention kept the closing's time of day in both instants.
    evaluationOpens: a.evaluation
      ? (a.evaluation.opensDate ?? shanghaiDateOf(new Date(a.evaluation.opensAt)))
      : undefined,
    evaluationDue: a.evaluation
      ? (a.evaluation.dueDate ?? shanghaiDateOf(new Date(a.evaluation.dueAt)))
      : undefined,
  };
}

/**
 * The parameters of an accident notice. `accident` names the case as people tell two apart: where, when,
 * what level, and its case number (two cases on one day are two different texts).
 */
export function accidentParams(a: Accident, today: string): Record<string, string> {
  const anchors = accidentAnchors(a);
  const dueDate =
    a.status === "report_submitted" && anchors.approvalDue
      ? anchors.approvalDue
      : a.status === "investigating"
        ? anchors.investigationDue
        : (anchors.evaluationDue ?? anchors.investigationDue);
  return {
    accident: `${jurisdictionName(a.jurisdiction)}${dateLabel(shanghaiDateOf(new Date(a.occurredAt)), today)}${ACCIDENT_LEVEL_NAMES[a.level]}（${a.id}）`,
    accidentId: a.id,
    dueDate: dateLabel(dueDate, today),
    reportNo: a.evaluationDone?.reportNo ?? a.closure?.reportNo ?? "",
    completedAt: a.evaluationDone
      ? dateLabel(shanghaiDateOf(new Date(a.evaluationDone.completedAt)), today)
      : "",
    findings: a.evaluationDone?.findings ?? "",
  };
}

/**
 * Accident cases (事故) and their long timers: the investigation report due 60 days after the accident
 * (extendable once by at most 60), and the evaluation of the fixes between 10 and 12 months after the case
 * closes, filed with the 安委办 one level up (备案).
 */
export function createAccidentService(deps: AccidentDeps) {
  const { config, clock, accidents } = deps;
  /** The policy the case recorded when it was opened: its ladders and escalation read this one. */
  const rulesOf = (a: Pick<Accident, "jurisdiction" | "policyVersion">) =>
    subjectPolicy(deps, a.jurisdiction, a.policyVersion);

  const subjects = createSupervisedStore<Accident>({
    kind: "accident",
    noun: "accident case",
    notFound: accidentNotFound,
    store: accidents,
    clock,
    timers: deps.timers,
    calendar: deps.calendar,
    catalogue: deps.catalogue,
    notifier: deps.notifier,
    ...(deps.log ? { log: deps.log } : {}),
    ladderOf: async (a) => accidentLadder(await rulesOf(a), a),
    escalationOf: async (a) => (await rulesOf(a)).escalation,
    anchorsOf: accidentAnchors,
  });
  const { load, mutate } = subjects;
  /** The periods the case was opened under (cases from before policies: the configured ones). */
  const periodsOf = (a: Accident) => a.periods ?? config.accidents;

  /** A case outside the caller's jurisdiction answers like one that does not exist. */
  function assertReach(principal: Principal, a: Pick<Accident, "id" | "jurisdiction">) {
    assertOfficial(principal);
    if (!isWithin(a.jurisdiction, principal.jurisdiction)) throw accidentNotFound(a.id);
  }

  async function view(stored: Accident) {
    const { effects: _effects, effectsSince: _since, ...a } = stored;
    const { ladder } = accidentLadder(await rulesOf(a), a);
    const anchors = accidentAnchors(a);
    return {
      ...a,
      timeline: labelled(a.timeline, "accident"),
      investigationDueDate: anchors.investigationDue,
      ...(a.evaluation && anchors.evaluationOpens && anchors.evaluationDue
        ? {
            evaluation: {
              ...a.evaluation,
              opensDate: anchors.evaluationOpens,
              dueDate: anchors.evaluationDue,
            },
          }
        : {}),
      jurisdictionName: jurisdictionName(a.jurisdiction),
      ...upcomingOrReason(() =>
        upcomingSteps(ladder, accidentAnchors(a), deps.calendar, a.plannedAt, a.firedSteps),
      ),
    };
  }

  function event(
    a: Accident,
    principal: Principal,
    now: Date,
    what: string,
    details?: Record<string, unknown>,
  ) {
    const { enterprise: _e, ...actor } = actorOf(principal);
    a.timeline.push({ at: now.toISOString(), actor, what, ...(details ? { details } : {}) });
  }

  return {
    view,
    /** Completes accident cases whose recorded effects are still behind. */
    reconcileEffects: subjects.reconcile,
    async create(principal: Principal, raw: unknown) {
      const body = NewAccidentBody.parse(raw);
      assertOfficial(principal);
      // The caller names the jurisdiction himself: refusing it tells him nothing he did not know.
      if (!isWithin(body.jurisdiction, principal.jurisdiction)) {
        throw new Forbidden(
          said("auth.accident_outside_jurisdiction", {
            accidentJurisdiction: body.jurisdiction,
            jurisdiction: principal.jurisdiction,
          }),
          [{ path: "jurisdiction", message: message("auth.outside_your_jurisdiction_field") }],
        );
      }
      const levelProblem = accidentLevelProblem(body);
      if (levelProblem)
        throw new RuleViolation(said("accident.level_problem", { problem: levelProblem }), [
          { path: "level", message: levelProblem },
        ]);
      const now = clock.now();
      if (new Date(body.occurredAt) > now) {
        throw new RuleViolation(said("input.in_future", { field: "occurredAt", value: body.occurredAt }), [
          { path: "occurredAt", message: message("input.in_future_field") },
        ]);
      }
      if (body.enterpriseCreditCode) {
        const enterprise = await deps.catalogue.getEnterprise(body.enterpriseCreditCode);
        // Unknown, or outside the caller's reach: one answer, so no credit code is confirmed to exist.
        if (!enterprise || !canReachEnterprise(principal, enterprise)) {
          throw enterpriseNotFound(body.enterpriseCreditCode);
        }
        if (!isWithin(enterprise.countyCode, body.jurisdiction)) {
          throw new RuleViolation(said("accident.enterprise_outside", { jurisdiction: body.jurisdiction }), [
            {
              path: "enterpriseCreditCode",
              message: message("accident.enterprise_outside_field", { jurisdiction: body.jurisdiction }),
            },
          ]);
        }
      }
      const occurredAt = new Date(body.occurredAt).toISOString();
      const { enterprise: _e, ...createdBy } = actorOf(principal);
      // The case's periods come from the local rules in force now; it keeps their version.
      const { policy, version: policyVersion } = await policyFor(deps, body.jurisdiction);
      const a: Accident = {
        id: deps.ids.next("AC"),
        ...body,
        occurredAt,
        status: "investigating",
        ...(({ dueDate, dueAt }) => ({ investigationDueDate: dueDate, investigationDueAt: dueAt }))(
          investigationDue(occurredAt, policy.accidents.investigationDays),
        ),
        policyVersion,
        periods: policy.accidents,
        overdue: false,
        planVersion: 0,
        firedSteps: [],
        timeline: [],
        createdBy,
        rev: 0,
      };
      replan(a, now);
      event(a, principal, now, "reported", { level: a.level, deaths: a.deaths, injuries: a.injuries });
      return view(await subjects.create(a));
    },

    async get(principal: Principal, id: string) {
      const a = await load(id);
      assertReach(principal, a);
      return view(a);
    },

    async extendInvestigation(principal: Principal, id: string, raw: unknown) {
      const body = InvestigationExtensionBody.parse(raw);
      const { maxExtensionDays } = periodsOf(await load(id));
      if (body.days > maxExtensionDays) {
        throw new RuleViolation(said("accident.extension_too_long", { maxDays: maxExtensionDays }), [
          {
            path: "days",
            message: message("accident.extension_too_long_field", { maxDays: maxExtensionDays }),
          },
        ]);
      }
      const a = await mutate(id, (a, now) => {
        assertReach(principal, a);
        const { at: _at, ...extended } = a.investigationExtension ?? {};
        if (a.investigationExtension && sameData(extended, body)) return ALREADY_DONE;
        if (a.status !== "investigating")
          throw new Conflict(said("accident.only_investigation_extended", { id, status: a.status }));
        if (a.investigationExtension) throw new Conflict(said("accident.extended_once"));
        a.investigationExtension = { ...body, at: now.toISOString() };
        const due = dueOn(addDays(investigationDueDateOf(a), body.days));
        a.investigationDueDate = due.dueDate;
        a.investigationDueAt = due.dueAt;
        a.overdue = false;
        delete a.overdueSince;
        replan(a, now);
        event(a, principal, now, "investigation extended", { days: body.days, approvedBy: body.approvedBy });
        return a;
      });
      return view(a);
    },

    /**
     * The investigation report is submitted to the government, which approves it within 15 days (30 for
     * 特别重大, 条例 第三十二条): the approval ladder runs until the case is closed (the approval).
     */
    async submitReport(principal: Principal, id: string, raw: unknown) {
      const body = ReportSubmissionBody.parse(raw);
      const a = await mutate(id, (a, now) => {
        assertReach(principal, a);
        if (a.status !== "investigating")
          throw new Conflict(said("accident.report_during_investigation", { id, status: a.status }));
        assertNotFuture(body.submittedAt, now, "submittedAt");
        const submittedAt = new Date(body.submittedAt).toISOString();
        if (submittedAt < a.occurredAt)
          throw new RuleViolation(said("accident.submitted_before_accident"), [
            { path: "submittedAt", message: message("accident.closed_before_accident_field") },
          ]);
        const { dueDate, dueAt } = approvalDue({ accidents: periodsOf(a) }, a.level, submittedAt);
        a.status = "report_submitted";
        a.report = { submittedAt, reportNo: body.reportNo, approvalDueDate: dueDate, approvalDueAt: dueAt };
        a.overdue = false;
        delete a.overdueSince;
        replan(a, now);
        event(a, principal, now, "report submitted", { reportNo: body.reportNo, approvalDueDate: dueDate });
        return a;
      });
      return view(a);
    },

    async close(principal: Principal, id: string, raw: unknown) {
      const body = ClosureBody.parse(raw);
      const a = await mutate(id, (a, now) => {
        assertReach(principal, a);
        if (
          a.closure?.reportNo === body.reportNo &&
          a.closure.closedAt === new Date(body.closedAt).toISOString()
        )
          return ALREADY_DONE;
        // Closing is the approval of the report (条例 第三十二条): a report must be submitted first, so that
        // the approval is tracked; a case still under investigation is refused with what to do.
        if (a.status === "investigating") throw new Conflict(said("accident.close_before_report", { id }));
        if (a.status === "withdrawn") throw new Conflict(said("accident.withdrawn_already", { id }));
        if (a.status !== "report_submitted")
          throw new Conflict(said("accident.closed_once", { id, status: a.status }));
        assertNotFuture(body.closedAt, now, "closedAt");
        const closedAt = new Date(body.closedAt).toISOString();
        if (closedAt < a.occurredAt)
          throw new RuleViolation(said("accident.closed_before_accident"), [
            { path: "closedAt", message: message("accident.closed_before_accident_field") },
          ]);
        a.status = "closed";
        a.closure = { closedAt, reportNo: body.reportNo };
        a.evaluation = evaluationWindow(
          closedAt,
          periodsOf(a).evaluationOpensAfterMonths,
          periodsOf(a).evaluationDueAfterMonths,
        );
        a.overdue = false;
        delete a.overdueSince;
        replan(a, now);
        event(a, principal, now, "closed", { reportNo: body.reportNo });
        return a;
      });
      return view(a);
    },

    /**
     * A case entered by mistake is withdrawn by the 安委办: it leaves the lists (its status index), its
     * timers find a newer plan with no ladder and do nothing, and the timeline keeps the case and the reason.
     */
    async withdraw(principal: Principal, id: string, raw: unknown) {
      assertOfficial(principal, ["anweiban"]);
      const body = WithdrawalBody.parse(raw);
      const a = await mutate(id, (a, now) => {
        assertReach(principal, a);
        if (a.status === "withdrawn") throw new Conflict(said("accident.withdrawn_already", { id }));
        a.status = "withdrawn";
        a.withdrawal = { at: now.toISOString(), reason: body.reason, by: principal.sub };
        a.overdue = false;
        delete a.overdueSince;
        replan(a, now);
        event(a, principal, now, "withdrawn", { reason: body.reason });
        return a;
      });
      return view(a);
    },

    async recordEvaluation(principal: Principal, id: string, raw: unknown) {
      const body = EvaluationDoneBody.parse(raw);
      const before = await deps.accidents.get(id);
      // 备案: the evaluation is filed with the 安委办 one level up; who that is is known before the write, so
      // a filing that would reach nobody says so in the same timeline entry.
      const filing = before
        ? await resolveAudiences(
            deps.catalogue,
            ["parent_anweiban"],
            { countyCode: before.jurisdiction, jurisdiction: before.jurisdiction },
            (await rulesOf(before)).escalation,
          )
        : { recipients: [], unreached: [] };
      const a = await mutate(id, (a, now, effects) => {
        assertReach(principal, a);
        const completedAt = new Date(body.completedAt).toISOString();
        if (sameData(a.evaluationDone, { ...body, completedAt })) return ALREADY_DONE;
        if (a.status !== "closed")
          throw new Conflict(said("accident.evaluation_after_closing", { id, status: a.status }));
        assertNotFuture(body.completedAt, now, "completedAt");
        a.status = "evaluated";
        a.evaluationDone = { ...body, completedAt };
        a.overdue = false;
        delete a.overdueSince;
        replan(a, now);
        event(a, principal, now, "evaluated", {
          reportNo: body.reportNo,
          ...(filing.unreached.length > 0
            ? { unreached: filing.unreached, message: noRecipientText(filing.unreached) }
            : {}),
        });
        // The filing is recorded with the change and sent after it (effects.ts).
        effects.push({
          kind: "notice",
          keyPart: `v${a.planVersion}:filed`,
          template: "accident-evaluation-filed",
          audience: ["parent_anweiban"],
          params: accidentParams(a, shanghaiDateOf(now)),
          context: { countyCode: a.jurisdiction, jurisdiction: a.jurisdiction },
          where: {
            scope: a.jurisdiction,
            ...(a.enterpriseCreditCode ? { about: a.enterpriseCreditCode } : {}),
          },
        });
        return a;
      });
      return view(a);
    },

    /**
     * The cases of a jurisdiction, or of one enterprise: its profile is read first (one outside the caller's
     * reach answers like an unknown one), then the key ranges of the cases it can be in — opened by its
     * county, its city or its province — as far as the caller reaches (a county does not see a city's case).
     */
    async query(
      principal: Principal,
      q: {
        jurisdiction?: string;
        enterprise?: string;
        status?: Accident["status"];
        limit: number;
        nextToken?: string;
      },
    ) {
      assertOfficial(principal);
      let scopePrefix: string | string[] = queryScope(principal, q.jurisdiction);
      const { enterprise: creditCode, ...rest } = q;
      if (creditCode) {
        const enterprise = await deps.catalogue.getEnterprise(creditCode);
        if (!enterprise || !canReachEnterprise(principal, enterprise)) throw enterpriseNotFound(creditCode);
        const asked = q.jurisdiction ?? principal.jurisdiction;
        // Asked for a jurisdiction the enterprise is not in: no case of it is there.
        if (!isWithin(enterprise.countyCode, asked)) return { items: [] };
        scopePrefix = enterpriseCaseRanges(enterprise.countyCode, [asked, principal.jurisdiction]);
      }
      const page = await accidents.query({
        ...rest,
        scopePrefix,
        ...(creditCode ? { enterpriseCreditCode: creditCode } : {}),
      });
      return {
        items: await Promise.all(page.items.map(view)),
        ...(page.nextToken ? { nextToken: page.nextToken } : {}),
      };
    },
  };
}

/**
 * The key ranges an enterprise's cases can sit in: its county's range and the exact jurisdictions of its city
 * and province (`<code>#`, not their prefixes, which would take in every county below), each only when it
 * lies within every scope given (the caller's jurisdiction and the one asked for).
 */
export function enterpriseCaseRanges(countyCode: string, scopes: string[]): string[] {
  return jurisdictionChain(countyCode)
    .filter((code) => scopes.every((scope) => isWithin(code, scope)))
    .map((code) => (code === countyCode ? scopePrefixOf(code) : `${code}#`));
}
