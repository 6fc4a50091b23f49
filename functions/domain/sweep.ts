/**
 * The county tally of the compliance sweep: each filing, hazard and accident case of a county is handed
 * in once and counted into the county's figures, its departments' figures and its named lists. Pure: the
 * use case streams the items from the store into it.
 *
 * "At the end of the period" means at `periodEnd` (00:00 Shanghai after the last day); a state is
 * reconstructed from the record's dates, so a sweep re-run later gives the same figures.
 */
import type { Accident } from "./accident";
import { shanghaiDateOf, shanghaiStartOfDay } from "./calendar";
import type { Hazard } from "./hazard";
import { type PeriodKind, periodEnd, periodFirstDay, periodLastDay } from "./period";
import type { FilingRecord } from "./ports";
import { emptyAccidents, emptyDepartmentFigures, withRates } from "./rollup";
import type { DepartmentFigures, DepartmentRow, Figures, SweepListEntry, SweepListName } from "./statistics";

const DAY_MS = 86_400_000;

/** Calendar days from date `a` to date `b` (Shanghai dates, `YYYY-MM-DD`). */
export function daysBetween(a: string, b: string): number {
  return Math.round((shanghaiStartOfDay(b).getTime() - shanghaiStartOfDay(a).getTime()) / DAY_MS);
}

/** The month (YYYY-MM, Shanghai) in which a subject stopped mattering to later sweeps, or undefined if open. */
export function hazardClosedAt(h: Pick<Hazard, "level" | "status" | "rectification" | "delistedAt">) {
  if (h.level === "general") return h.status === "rectified" ? h.rectification?.rectifiedAt : undefined;
  return h.status === "delisted" ? h.delistedAt : undefined;
}

export function closedMonth(instant: string | undefined): string | undefined {
  return instant ? shanghaiDateOf(new Date(instant)).slice(0, 7) : undefined;
}

/**
 * The deadline in force at instant `t`: the plan's, moved by each approved extension and each failed
 * acceptance recorded before `t`.
 */
export function deadlineAt(h: Hazard, t: Date): string | undefined {
  let deadline: string | undefined;
  for (const e of h.timeline) {
    if (new Date(e.at) >= t) break;
    if (e.what === "plan set" && typeof e.details?.deadline === "string") deadline = e.details.deadline;
    if (e.what === "extension approved") {
      const n = e.details?.n;
      const request = h.extensionRequests.find((r) => r.n === n);
      if (request) deadline = request.newDeadline;
    }
    if (e.what === "acceptance failed" && typeof e.details?.newDeadline === "string") {
      deadline = e.details.newDeadline;
    }
  }
  return deadline;
}

type Lists = { [L in SweepListName]: SweepListEntry<L>[] };

export type CountyTally = ReturnType<typeof createCountyTally>;

/**
 * Counts one county's items of one month. `trackAfterMissed`: missed periods in a row that put an
 * enterprise under 跟踪督查 (the obligation's digest rule).
 */
export function createCountyTally(
  countyCode: string,
  period: string,
  trackAfterMissed: number,
  kind: PeriodKind = "month",
) {
  const start = shanghaiStartOfDay(periodFirstDay(kind, period));
  const end = periodEnd(kind, period);
  const lastDay = periodLastDay(kind, period);
  const firstMonth = periodFirstDay(kind, period).slice(0, 7);
  const lastMonth = lastDay.slice(0, 7);
  const nextFirstDay = shanghaiDateOf(end);
  const inPeriod = (instant: string | undefined) => {
    if (!instant) return false;
    const t = new Date(instant);
    return t >= start && t < end;
  };
  const before = (instant: string | undefined) => !!instant && new Date(instant) < end;

  const departments = new Map<string, DepartmentFigures>();
  const total = emptyDepartmentFigures();
  const accidents = emptyAccidents();
  const lists: Lists = {
    overdueMajorHazards: [],
    tracked: [],
    missing: [],
    zeroHazardReports: [],
    zeroInspectionReports: [],
    accidents: [],
  };
  let itemsRead = 0;
  let itemsReported = 0;

  /** Applies a change to the county's and the department's figures alike. */
  const count = (department: string, change: (f: DepartmentFigures) => void) => {
    let d = departments.get(department);
    if (!d) {
      d = emptyDepartmentFigures();
      departments.set(department, d);
    }
    change(d);
    change(total);
  };

  return {
    /** A record of the monthly self-inspection report for this county and period. */
    addFiling(r: FilingRecord) {
      itemsRead++;
      // A closed enterprise's withdrawn record owes nothing and counts nowhere.
      if (r.status === "missing" && (r as FilingRecord & { withdrawnAt?: string }).withdrawnAt) return;
      itemsReported++;
      const ref = {
        creditCode: r.creditCode,
        enterpriseName: r.enterpriseName,
        countyCode: r.countyCode,
        department: r.supervisingDepartment,
      };
      const contacts = r.contacts.map((c) => ({
        role: c.role,
        name: c.name,
        mobile: c.mobile,
        ...(c.email ? { email: c.email } : {}),
      }));
      const streak = r.missedStreak ?? 0;
      const latest = r.versions.at(-1);
      const body = (latest?.body ?? {}) as {
        selfInspections?: number;
        hazardsFound?: { general?: number; major?: number };
      };
      const hazardsFound = (body.hazardsFound?.general ?? 0) + (body.hazardsFound?.major ?? 0);
      count(r.supervisingDepartment, (f) => {
        f.filing.active++;
        if (r.status === "on_time") f.filing.onTime++;
        else if (r.status === "late") f.filing.late++;
        else f.filing.missing++;
        if (r.status === "missing" && streak >= trackAfterMissed) f.filing.tracked++;
        if (latest && body.selfInspections === 0) f.filing.zeroInspectionReports++;
        if (latest && hazardsFound === 0) f.filing.zeroHazardReports++;
      });
      if (r.status === "missing") {
        lists.missing.push({ ...ref, missedStreak: streak, contacts });
        if (streak >= trackAfterMissed) lists.tracked.push({ ...ref, missedStreak: streak, contacts });
      } else if (latest) {
        const quality = {
          ...ref,
          selfInspections: body.selfInspections ?? 0,
          hazardsFound,
          receivedAt: r.receivedAt ?? latest.receivedAt,
        };
        if (body.selfInspections === 0) lists.zeroInspectionReports.push(quality);
        if (hazardsFound === 0) lists.zeroHazardReports.push(quality);
      }
    },

    /** A hazard of this county found before the end of the period and not closed before its start. */
    addHazard(h: Hazard) {
      itemsRead++;
      const closedAt = hazardClosedAt(h);
      if (!before(h.foundAt) || (closedAt && new Date(closedAt) < start)) return;
      itemsReported++;
      const found = inPeriod(h.foundAt);
      const closedInPeriod = inPeriod(closedAt);
      const openAtEnd = !before(closedAt);
      if (h.level === "general") {
        const onTime = !!closedAt && !!h.rectifyBy && shanghaiDateOf(new Date(closedAt)) <= h.rectifyBy;
        count(h.supervisingDepartment, ({ hazards: { general: g } }) => {
          if (found) g.found++;
          if (closedInPeriod) g.rectified++;
          if (found && !openAtEnd) g.rectifiedOfFound++;
          if (closedInPeriod && onTime) g.rectifiedOnTime++;
          if (openAtEnd) g.openAtEnd++;
          if (openAtEnd && h.rectifyBy && h.rectifyBy <= lastDay) g.overdueAtEnd++;
        });
        return;
      }
      const planned = h.plan && h.timeline.some((e) => e.what === "plan set" && before(e.at));
      const listing = h.listing && before(h.listing.listedAt) ? h.listing : undefined;
      const deadline = deadlineAt(h, end);
      const overdue = openAtEnd && !!listing && !!deadline && deadline <= lastDay;
      const escalated =
        overdue &&
        h.timeline.some(
          (e) =>
            e.what.startsWith("ladder step escalate") &&
            before(e.at) &&
            shanghaiDateOf(new Date(e.at)) > (deadline as string),
        );
      const delistedOnTime =
        closedInPeriod &&
        !!closedAt &&
        shanghaiDateOf(new Date(closedAt)) <= (deadlineAt(h, new Date(closedAt)) ?? "");
      const spent = progressFunds(h, firstMonth, lastMonth);
      count(h.supervisingDepartment, ({ hazards: { major: m } }) => {
        if (found) m.found++;
        if (closedInPeriod) m.delisted++;
        if (found && !openAtEnd) m.delistedOfFound++;
        if (delistedOnTime) m.delistedOnTime++;
        if (openAtEnd) m.openAtEnd++;
        if (openAtEnd && planned) {
          m.withPlan++;
          // PlanBody requires every one of 措施、责任、资金、时限、预案, so a plan on file has all five.
          m.withPlanAllFive++;
        }
        if (listing && inPeriod(listing.listedAt)) m.listed[listing.level]++;
        if (listing && openAtEnd) m.listedAtEnd[listing.level]++;
        if (overdue) m.overdueAtEnd++;
        if (escalated) m.escalated++;
        if (planned && h.plan && (openAtEnd || closedInPeriod)) {
          m.planFundsYuan = Math.round((m.planFundsYuan + h.plan.funds.amountYuan) * 100) / 100;
        }
        m.fundsSpentYuan = Math.round((m.fundsSpentYuan + spent) * 100) / 100;
      });
      if (overdue && listing && deadline) {
        lists.overdueMajorHazards.push({
          creditCode: h.creditCode,
          enterpriseName: h.enterpriseName,
          countyCode: h.countyCode,
          department: h.supervisingDepartment,
          hazardId: h.id,
          title: h.title,
          deadline,
          daysOverdue: daysBetween(deadline, nextFirstDay),
          listingLevel: listing.level,
          listingJurisdiction: listing.jurisdiction,
          listingDepartment: listing.department,
          documentNo: listing.documentNo,
          escalated,
        });
      }
    },

    /** An accident case of this jurisdiction not evaluated before the start of the period. */
    addAccident(a: Accident) {
      itemsRead++;
      if (!before(a.occurredAt)) return;
      const closed = a.closure && before(a.closure.closedAt);
      const evaluatedAt = a.evaluationDone?.completedAt;
      if (evaluatedAt && new Date(evaluatedAt) < start) return;
      const entry = (state: SweepListEntry<"accidents">["state"], dueAt: string) => {
        const overdue = new Date(dueAt) < end;
        lists.accidents.push({
          accidentId: a.id,
          jurisdiction: a.jurisdiction,
          level: a.level,
          occurredAt: a.occurredAt,
          summary: a.summary.slice(0, 200),
          state,
          dueAt,
          daysOverdue:
            overdue && state !== "evaluation_done"
              ? daysBetween(shanghaiDateOf(new Date(dueAt)), nextFirstDay)
              : 0,
        });
      };
      let reported = false;
      if (!closed) {
        accidents.investigating++;
        reported = true;
        if (new Date(a.investigationDueAt) < end) {
          accidents.investigationOverdue++;
          entry("investigation_overdue", a.investigationDueAt);
        }
      } else if (a.evaluation && !before(evaluatedAt)) {
        if (new Date(a.evaluation.dueAt) < end) {
          accidents.evaluationsOverdue++;
          entry("evaluation_overdue", a.evaluation.dueAt);
          reported = true;
        } else if (new Date(a.evaluation.opensAt) < end) {
          accidents.evaluationsInWindow++;
          entry("evaluation_in_window", a.evaluation.dueAt);
          reported = true;
        }
      }
      if (inPeriod(evaluatedAt) && a.evaluation) {
        accidents.evaluationsDone++;
        entry("evaluation_done", a.evaluation.dueAt);
        reported = true;
      }
      if (reported) itemsReported++;
    },

    result(): {
      figures: Figures;
      departments: DepartmentRow[];
      lists: Lists;
      itemsRead: number;
      itemsReported: number;
    } {
      withRates(total);
      const rows = [...departments.entries()]
        .sort(([a], [b]) => a.localeCompare(b, "zh-CN"))
        .map(([department, figures]) => ({ department, figures: withRates(figures) }));
      return {
        figures: { ...total, accidents },
        departments: rows,
        lists,
        itemsRead,
        itemsReported,
      };
    },
    countyCode,
    period,
  };
}

/** Funds spent as reported for the months from `first` to `last` (each month's latest amendment). */
function progressFunds(h: Hazard, first: string, last: string): number {
  const latest = new Map<string, { version: number; fundsSpentYuan: number }>();
  for (const p of h.progressReports) {
    const seen = latest.get(p.period);
    if (p.period >= first && p.period <= last && (!seen || p.version >= seen.version))
      latest.set(p.period, p);
  }
  return [...latest.values()].reduce((sum, p) => sum + p.fundsSpentYuan, 0);
}
