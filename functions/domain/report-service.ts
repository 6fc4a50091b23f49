import { z } from "zod";
import type { DubanConfig } from "../../config/schema";
import type { HolidayCalendar } from "./calendar";
import { CalendarYearMissing, shanghaiEndOfDay } from "./calendar";
import type { Enterprise } from "./catalogue";
import { decodeCursor, encodeCursor } from "./cursor";
import { Forbidden, InvalidInput, NotFound } from "./errors";
import {
  deadlineOf,
  dueDateOf,
  fileReport,
  formOf,
  type HazardStatisticsFigures,
  owedFiling,
} from "./filing";
import { jurisdictionName } from "./jurisdiction";
import { message, said } from "./messages";
import { parsePeriod, periodFirstDay } from "./period";
import { defaultPolicy, type FilingDue, filingDueUnder } from "./policy";
import { type PolicyStore, policyLayers } from "./policy-service";
import type { CatalogueStore, Clock, FilingRecord, FilingStatus, FilingStore } from "./ports";
import {
  assertCanReachEnterprise,
  assertOfficial,
  canReachEnterprise,
  enterpriseNotFound,
  type Principal,
  queryScope,
} from "./principal";
import type { SweepSource } from "./statistics";
import { createCountyTally } from "./sweep";

type Deps = {
  catalogue: CatalogueStore;
  filings: FilingStore;
  clock: Clock;
  config: DubanConfig;
  calendar: HolidayCalendar;
  /** The hazard register's reads, for forms drafted from it. */
  sweeps?: SweepSource;
  /** Local rules: the due date of a period not opened yet follows the county's policy in force. */
  policies?: PolicyStore;
};

export type ReportListItem = {
  creditCode: string;
  name: string;
  countyCode: string;
  countyName: string;
  period: string;
  status: FilingStatus;
  receivedAt?: string;
  version?: number;
  overdue: boolean;
  flags: string[];
};

const STATUSES: FilingStatus[] = ["missing", "on_time", "late"];

/** Periodic reports: filing and amending them, and the officials' listing of who filed and who did not. */
/** The obligation of a form whose period has the shape of `period` (a quarter, a year): config decides. */
export function obligationForPeriod(config: DubanConfig, form: string, period: string) {
  const kind = /^\d{4}-Q[1-4]$/.test(period) ? "quarter" : /^\d{4}$/.test(period) ? "year" : "month";
  const found = config.obligations.find((o) => o.form === form && o.periodKind === kind);
  if (!found) {
    throw new InvalidInput(said("report.no_form_for_period", { form, period }), [
      { path: "period", message: message("field.quarter_or_year") },
    ]);
  }
  return found.id;
}

export function createReportService(deps: Deps, obligationId = "monthly-self-inspection") {
  const found = deps.config.obligations.find((o) => o.id === obligationId);
  if (!found) throw new Error(`no obligation ${obligationId}`);
  const obligation = found;

  /** The hazard register of one enterprise over a period, counted as the sweep counts a county. */
  async function registerFigures(enterprise: Enterprise, period: string): Promise<HazardStatisticsFigures> {
    if (!deps.sweeps) throw new Error("the statistics draft needs the sweep source");
    const tally = createCountyTally(enterprise.countyCode, period, 1, obligation.periodKind);
    const firstMonth = periodFirstDay(obligation.periodKind, period).slice(0, 7);
    for await (const h of deps.sweeps.hazardsOpenSince(
      enterprise.countyCode,
      firstMonth,
      enterprise.creditCode,
    )) {
      tally.addHazard(h);
    }
    const { general, major } = tally.result().figures.hazards;
    return {
      general: { found: general.found, rectified: general.rectified },
      major: { found: major.found, rectified: major.delisted },
      majorWithPlan: { total: major.withPlan, allFiveInPlace: major.withPlanAllFive },
      listed: { province: major.listedAtEnd.province, city: major.listedAtEnd.city },
      funds: { committedYuan: major.planFundsYuan, spentYuan: major.fundsSpentYuan },
    };
  }

  /** A record's own dates; for a period not opened yet, those of its county's policy in force now. */
  async function dueOf(
    record: FilingRecord | undefined,
    county: string,
    period: string,
  ): Promise<FilingDue | undefined> {
    if (record?.due || !deps.policies) return record?.due;
    const layers = await policyLayers(deps.policies);
    try {
      return filingDueUnder(defaultPolicy(deps.config), layers, county, obligation, period, deps.calendar);
    } catch (error) {
      // Without that year's calendar the obligation's own rule decides (receivedOnTime: a shift only extends).
      if (error instanceof CalendarYearMissing) return undefined;
      throw error;
    }
  }

  return {
    async file(principal: Principal, creditCode: string, period: string, body: unknown) {
      if (principal.role !== "enterprise") {
        throw new Forbidden(said("auth.report_filed_by_enterprise", { title: obligation.title }));
      }
      const enterprise = await deps.catalogue.getEnterprise(creditCode);
      if (!enterprise) throw enterpriseNotFound(creditCode);
      assertCanReachEnterprise(principal, enterprise);
      const existing = await deps.filings.getFiling(creditCode, obligation.id, period);
      const register = formOf(obligation).draftFromRegister
        ? await registerFigures(enterprise, period)
        : undefined;
      const owed = existing ? undefined : owedFiling(enterprise, obligation.id, period);
      const due = owed ? await dueOf(undefined, enterprise.countyCode, period) : undefined;
      if (owed && due) owed.due = due;
      const record = fileReport(
        { obligation, period, now: deps.clock.now(), calendar: deps.calendar },
        enterprise,
        existing,
        body,
        owed,
        register,
      );
      await deps.filings.saveFiling(record, existing?.version);
      const discrepancies = record.versions.at(-1)?.discrepancies;
      return {
        creditCode,
        period,
        status: record.status,
        receivedAt: record.receivedAt,
        version: record.version,
        flags: record.flags,
        ...(discrepancies ? { discrepancies } : {}),
      };
    },

    /**
     * The register's figures for the period, to confirm rather than retype (多头填报): an enterprise sees
     * its own, an official those of the enterprises of the jurisdiction.
     */
    async draft(principal: Principal, creditCode: string, period: string) {
      if (!formOf(obligation).draftFromRegister)
        throw new NotFound(said("report.no_draft", { title: obligation.title }));
      parsePeriod(obligation.periodKind, period);
      const enterprise = await deps.catalogue.getEnterprise(creditCode);
      if (!enterprise || !canReachEnterprise(principal, enterprise)) {
        throw enterpriseNotFound(creditCode);
      }
      const figures = await registerFigures(enterprise, period);
      return {
        creditCode,
        period,
        obligation: obligation.id,
        dueDate: dueDateOf(obligation, period, deps.calendar),
        signedBy: enterprise.legalRep.name,
        ...figures,
      };
    },

    /**
     * One enterprise's report of a period with every filed version; a period it does not owe yet (not opened,
     * or before it joined the catalogue) answers "missing" with its deadline, so the console can offer to file.
     */
    async read(principal: Principal, creditCode: string, period: string) {
      const enterprise = await deps.catalogue.getEnterprise(creditCode);
      if (!enterprise) throw new NotFound(said("catalogue.enterprise_not_found", { creditCode }));
      assertCanReachEnterprise(principal, enterprise);
      const record = await deps.filings.getFiling(creditCode, obligation.id, period);
      const due = await dueOf(record, enterprise.countyCode, period);
      return {
        creditCode,
        enterpriseName: enterprise.name,
        period,
        status: record?.status ?? ("missing" as const),
        // The record's own dates when it was opened under a local rule, else the obligation's.
        dueDate: due?.date ?? dueDateOf(obligation, period, deps.calendar),
        dueAt: due
          ? shanghaiEndOfDay(due.date).toISOString()
          : deadlineOf(obligation, period, deps.calendar).toISOString(),
        ...(due ? { policyVersion: due.policyVersion } : {}),
        ...(record?.receivedAt ? { receivedAt: record.receivedAt } : {}),
        ...(record?.version ? { version: record.version } : {}),
        flags: record?.flags ?? [],
        ...(record?.overdueAt ? { overdueAt: record.overdueAt } : {}),
        versions: (record?.versions ?? []).map((v) => ({
          version: v.version,
          receivedAt: v.receivedAt,
          status: v.status,
          body: v.body,
          flags: v.flags,
        })),
      };
    },

    async list(
      principal: Principal,
      query: {
        period: string;
        status?: FilingStatus;
        jurisdiction?: string;
        limit: number;
        nextToken?: string;
      },
    ) {
      assertOfficial(principal);
      const scopePrefix = queryScope(principal, query.jurisdiction);
      const statuses = query.status ? [query.status] : STATUSES;
      const position = z
        .object({
          s: z
            .number()
            .int()
            .min(0)
            .max(statuses.length - 1),
          t: z.string().max(1500).optional(),
        })
        .strict();
      const cursor = decodeCursor(query.nextToken, position) ?? { s: 0 };
      const items: ReportListItem[] = [];
      let s = cursor.s;
      let token = cursor.t;
      while (s < statuses.length && items.length < query.limit) {
        const page = await deps.filings.queryFilings({
          obligation: obligation.id,
          period: query.period,
          status: statuses[s] as FilingStatus,
          scopePrefix,
          limit: query.limit - items.length,
          ...(token ? { nextToken: token } : {}),
        });
        items.push(...page.items.map(listItem));
        token = page.nextToken;
        if (!token) s++;
      }
      return s < statuses.length ? { items, nextToken: encodeCursor({ s, t: token }) } : { items };
    },
  };
}

function listItem(r: FilingRecord): ReportListItem {
  return {
    creditCode: r.creditCode,
    name: r.enterpriseName,
    countyCode: r.countyCode,
    countyName: jurisdictionName(r.countyCode),
    period: r.period,
    status: r.status,
    ...(r.receivedAt ? { receivedAt: r.receivedAt } : {}),
    ...(r.version ? { version: r.version } : {}),
    overdue: !!r.overdueAt,
    flags: r.flags,
  };
}
