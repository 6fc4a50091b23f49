import * as z from "zod";
import { CalendarYearMissing, type HolidayCalendar, shanghaiEndOfDay, toShanghaiIso } from "./calendar";
import type { Enterprise } from "./catalogue";
import type { DubanConfig } from "./config-schema";
import { decodeCursor, encodeCursor } from "./cursor";
import { Forbidden, InvalidInput, NotFound } from "./errors";
import {
  contactsOf,
  deadlineOf,
  dueDateOf,
  fileReport,
  formOf,
  type HazardStatisticsFigures,
  owedFiling,
  owesPeriod,
} from "./filing";
import { jurisdictionName } from "./jurisdiction";
import { message, said } from "./messages";
import type { Notifier } from "./notifier";
import { parsePeriod, periodFirstDay, periodLabel } from "./period";
import { defaultPolicy, type FilingDue, filingDueUnder } from "./policy";
import { type PolicyStore, policyLayers } from "./policy-service";
import type {
  CatalogueStore,
  Clock,
  FilingListing,
  FilingRecord,
  FilingStatus,
  FilingStore,
  Message,
} from "./ports";
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
  /** Sends the filing receipt (回执) where the obligation asks for one. */
  notifier?: Notifier;
  /** Local rules: the due date of a period not opened yet follows the county's policy in force. */
  policies?: PolicyStore;
};

/**
 * A report's status as people read it. Stored, an unfiled record is `missing`; shown, it is `missing` only
 * once its deadline has passed and `not_yet_due` while the period is still being filed. `not_owed`: a
 * period before the enterprise joined the catalogue.
 */
export type ReportStatus = FilingStatus | "not_yet_due" | "not_owed";
/** What a listing may ask for: a shown status, or `owed` (not filed yet, whether due or not). */
export type ReportStatusQuery = Exclude<ReportStatus, "not_owed"> | "owed";

/**
 * The listings read, by key, for a query. An unfiled record is listed as `not_yet_due` until the close marks
 * it overdue, then as `missing` (filing-store.ts): each is a key condition, so a page of N is full when N
 * exist. `owed` and the unfiltered listing read the unfiled ones through the non-filer index (a closed
 * enterprise's withdrawn records owe nothing and are left out).
 */
export function storedStatusesFor(query: ReportStatusQuery | undefined): FilingListing[] {
  switch (query) {
    case undefined:
      return ["owed", "on_time", "late"];
    default:
      return [query];
  }
}

export function shownStatus(stored: FilingStatus, deadlinePassed: boolean): ReportStatus {
  return stored === "missing" && !deadlinePassed ? "not_yet_due" : stored;
}

export type ReportListItem = {
  creditCode: string;
  name: string;
  countyCode: string;
  countyName: string;
  period: string;
  status: ReportStatus;
  receivedAt?: string;
  firstReceivedAt?: string;
  lastAmendedAt?: string;
  version?: number;
  overdue: boolean;
  flags: string[];
};

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

  /** 回执: each new version is acknowledged to the enterprise's people the obligation names. */
  async function sendReceipt(enterprise: Enterprise, record: FilingRecord) {
    const receipt = obligation.receipt;
    const latest = record.versions.at(-1);
    if (!receipt || !deps.notifier || !latest) return;
    const received = toShanghaiIso(new Date(latest.receivedAt));
    const params = {
      enterprise: enterprise.name,
      period: periodLabel(record.period),
      report: obligation.title,
      receivedAt: `${Number(received.slice(5, 7))}月${Number(received.slice(8, 10))}日${received.slice(11, 16)}`,
      version: String(latest.version),
    };
    const messages: Message[] = [];
    for (const contact of contactsOf(enterprise).filter((c) => receipt.roles.includes(c.role))) {
      for (const channel of receipt.channels) {
        const recipient = channel === "sms" ? contact.mobile : contact.email;
        if (!recipient) continue;
        messages.push({
          key: `receipt:${obligation.id}:${record.period}:${record.creditCode}:v${latest.version}:${contact.role}:${channel}`,
          channel,
          recipient,
          recipientName: contact.name,
          template: receipt.template,
          params,
          subject: { type: "filing", id: `${record.creditCode}/${obligation.id}/${record.period}` },
          scope: enterprise.countyCode,
          about: enterprise.creditCode,
        });
      }
    }
    await deps.notifier.enqueue(messages);
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
      // The same body again is no new version: it answers with the version on file, and sends nothing.
      if (record !== existing) {
        await deps.filings.saveFiling(record, existing?.version);
        await sendReceipt(enterprise, record);
      }
      const discrepancies = record.versions.at(-1)?.discrepancies;
      return {
        creditCode,
        period,
        status: record.status,
        receivedAt: record.receivedAt,
        firstReceivedAt: record.firstReceivedAt ?? record.receivedAt,
        ...(record.lastAmendedAt ? { lastAmendedAt: record.lastAmendedAt } : {}),
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
      // The record's own deadline when it was opened under a local rule, else the obligation's.
      const deadline = due ? shanghaiEndOfDay(due.date) : deadlineOf(obligation, period, deps.calendar);
      const passed = deps.clock.now() >= deadline;
      const status: ReportStatus = record
        ? shownStatus(record.status, passed)
        : !owesPeriod(obligation, period, enterprise.joinedAt, deps.calendar)
          ? "not_owed"
          : passed
            ? "missing"
            : "not_yet_due";
      return {
        creditCode,
        enterpriseName: enterprise.name,
        period,
        status,
        dueDate: due?.date ?? dueDateOf(obligation, period, deps.calendar),
        dueAt: deadline.toISOString(),
        ...(due ? { policyVersion: due.policyVersion } : {}),
        ...(record?.receivedAt
          ? { receivedAt: record.receivedAt, firstReceivedAt: record.firstReceivedAt ?? record.receivedAt }
          : {}),
        ...(record?.lastAmendedAt ? { lastAmendedAt: record.lastAmendedAt } : {}),
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
        status?: ReportStatusQuery;
        jurisdiction?: string;
        limit: number;
        nextToken?: string;
      },
    ) {
      assertOfficial(principal);
      const scopePrefix = queryScope(principal, query.jurisdiction);
      parsePeriod(obligation.periodKind, query.period);
      const now = deps.clock.now();
      const obligationDeadline = deadlineOf(obligation, query.period, deps.calendar);
      // A record opened under a local rule carries its own due date.
      const passed = (r: FilingRecord) =>
        !!r.overdueAt || now >= (r.due ? shanghaiEndOfDay(r.due.date) : obligationDeadline);
      const statuses = storedStatusesFor(query.status);
      // The key says missing or not yet due (filing-store.ts); the clock can disagree only between a deadline
      // and its close (minutes), when a record not yet marked is not listed under either.
      const wanted = (item: ReportListItem) =>
        query.status !== "missing" && query.status !== "not_yet_due" ? true : item.status === query.status;
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
          status: statuses[s] as FilingListing,
          scopePrefix,
          limit: query.limit - items.length,
          ...(token ? { nextToken: token } : {}),
        });
        items.push(...page.items.map((r) => listItem(r, passed(r))).filter(wanted));
        token = page.nextToken;
        if (!token) s++;
      }
      return s < statuses.length ? { items, nextToken: encodeCursor({ s, t: token }) } : { items };
    },
  };
}

function listItem(r: FilingRecord, deadlinePassed: boolean): ReportListItem {
  return {
    creditCode: r.creditCode,
    name: r.enterpriseName,
    countyCode: r.countyCode,
    countyName: jurisdictionName(r.countyCode),
    period: r.period,
    status: shownStatus(r.status, deadlinePassed),
    ...(r.receivedAt ? { receivedAt: r.receivedAt, firstReceivedAt: r.firstReceivedAt ?? r.receivedAt } : {}),
    ...(r.lastAmendedAt ? { lastAmendedAt: r.lastAmendedAt } : {}),
    ...(r.version ? { version: r.version } : {}),
    overdue: !!r.overdueAt,
    flags: r.flags,
  };
}
