import { z } from "zod";
import type { DubanConfig } from "../../config/schema";
import type { HolidayCalendar } from "./calendar";
import { decodeCursor, encodeCursor } from "./cursor";
import { Forbidden, NotFound } from "./errors";
import { deadlineOf, dueDateOf, fileReport } from "./filing";
import { jurisdictionName } from "./jurisdiction";
import { said } from "./messages";
import type { CatalogueStore, Clock, FilingRecord, FilingStatus, FilingStore } from "./ports";
import {
  assertCanReachEnterprise,
  assertOfficial,
  enterpriseNotFound,
  type Principal,
  queryScope,
} from "./principal";

type Deps = {
  catalogue: CatalogueStore;
  filings: FilingStore;
  clock: Clock;
  config: DubanConfig;
  calendar: HolidayCalendar;
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
export function createReportService(deps: Deps, obligationId = "monthly-self-inspection") {
  const obligation = deps.config.obligations.find((o) => o.id === obligationId);
  if (!obligation) throw new Error(`no obligation ${obligationId}`);

  return {
    async file(principal: Principal, creditCode: string, period: string, body: unknown) {
      if (principal.role !== "enterprise") {
        throw new Forbidden(said("auth.report_filed_by_enterprise"));
      }
      const enterprise = await deps.catalogue.getEnterprise(creditCode);
      if (!enterprise) throw enterpriseNotFound(creditCode);
      assertCanReachEnterprise(principal, enterprise);
      const existing = await deps.filings.getFiling(creditCode, obligation.id, period);
      const record = fileReport(
        { obligation, period, now: deps.clock.now(), calendar: deps.calendar },
        enterprise,
        existing,
        body,
      );
      await deps.filings.saveFiling(record, existing?.version);
      return {
        creditCode,
        period,
        status: record.status,
        receivedAt: record.receivedAt,
        version: record.version,
        flags: record.flags,
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
      return {
        creditCode,
        enterpriseName: enterprise.name,
        period,
        status: record?.status ?? ("missing" as const),
        dueDate: dueDateOf(obligation, period, deps.calendar),
        dueAt: deadlineOf(obligation, period, deps.calendar).toISOString(),
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
