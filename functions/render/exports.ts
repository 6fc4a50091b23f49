import { shanghaiDateOf } from "../domain/calendar";
import type { Enterprise } from "../domain/catalogue";
import type { Hazard } from "../domain/hazard";
import type { CatalogueStore, Clock, Contact, FilingStore, HazardStore, ObjectStore } from "../domain/ports";
import { assertOfficial, type Principal, queryScope } from "../domain/principal";
import {
  CONTENT_TYPE,
  type ExportColumn,
  type ExportFormat,
  type ExportRow,
  streamTable,
} from "./table-stream";

type Deps = {
  filings: FilingStore;
  hazards: HazardStore;
  catalogue: CatalogueStore;
  objects: ObjectStore;
  clock: Clock;
  ids: { next(prefix: string): string };
};

/** Rows are read from the store this many at a time and written out before the next page is read. */
const PAGE = 200;
/** A download link is for the person who asked, now. */
const LINK_SECONDS = 300;

const contactColumns: ExportColumn[] = [
  { header: "法定代表人", kind: "text", width: 1.4 },
  { header: "法定代表人手机", kind: "text", width: 2 },
  { header: "安全管理人员", kind: "text", width: 1.4 },
  { header: "安全管理人员手机", kind: "text", width: 2 },
  { header: "信息员", kind: "text", width: 1.4 },
  { header: "信息员手机", kind: "text", width: 2 },
];

function contactCells(contacts: Pick<Contact, "role" | "name" | "mobile">[]): ExportRow {
  const by = (role: Contact["role"]) => contacts.find((c) => c.role === role);
  return (["legal_rep", "safety_manager", "info_officer"] as const).flatMap((role) => [
    by(role)?.name ?? "",
    by(role)?.mobile ?? "",
  ]);
}

function enterpriseContacts(e: Enterprise | undefined): Pick<Contact, "role" | "name" | "mobile">[] {
  if (!e) return [];
  return [
    { role: "legal_rep", ...e.legalRep },
    { role: "safety_manager", name: e.safetyManager.name, mobile: e.safetyManager.mobile },
    { role: "info_officer", name: e.infoOfficer.name, mobile: e.infoOfficer.mobile },
  ];
}

export const NON_FILER_COLUMNS: ExportColumn[] = [
  { header: "统一社会信用代码", kind: "text", width: 3 },
  { header: "企业名称", kind: "text", width: 4 },
  { header: "所属县（区）代码", kind: "text", width: 1.6 },
  { header: "监管部门", kind: "text", width: 2.4 },
  { header: "连续未报月数", kind: "count", width: 1.4 },
  ...contactColumns,
];

export const OVERDUE_HAZARD_COLUMNS: ExportColumn[] = [
  { header: "企业名称", kind: "text", width: 4 },
  { header: "统一社会信用代码", kind: "text", width: 3 },
  { header: "所属县（区）代码", kind: "text", width: 1.6 },
  { header: "隐患", kind: "text", width: 4 },
  { header: "整改期限", kind: "date", width: 1.6 },
  { header: "逾期天数", kind: "count", width: 1.2 },
  { header: "挂牌级别", kind: "text", width: 1.2 },
  { header: "挂牌部门", kind: "text", width: 2.4 },
  { header: "挂牌文号", kind: "text", width: 2.4 },
  ...contactColumns,
];

const LISTING_LEVEL = { county: "县级", city: "市级", province: "省级" } as const;

/** Calendar days from one Shanghai date to a later one. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The lists officials ask for every month, as xlsx or CSV: written to the object store as they are read
 * (page by page, never the whole list in memory) and handed out by a short-lived download link.
 */
export function createExportService(deps: Deps) {
  async function publish(
    format: ExportFormat,
    fileName: string,
    sheet: string,
    columns: ExportColumn[],
    rows: AsyncIterable<ExportRow>,
  ): Promise<{ location: string }> {
    const key = `exports/${deps.ids.next("exp")}.${format}`;
    const info = { contentType: CONTENT_TYPE[format], fileName: `${fileName}.${format}` };
    await deps.objects.putStream(key, streamTable(format, sheet, columns, rows), info);
    return { location: await deps.objects.downloadUrl(key, { ...info, expiresInSeconds: LINK_SECONDS }) };
  }

  return {
    /** 未报送企业名单: the active non-filers of a period in the caller's jurisdiction, with their contacts. */
    async nonFilers(
      principal: Principal,
      q: { obligation: string; period: string; jurisdiction?: string; format: ExportFormat },
    ) {
      assertOfficial(principal);
      const scopePrefix = queryScope(principal, q.jurisdiction);
      async function* rows(): AsyncIterable<ExportRow> {
        let nextToken: string | undefined;
        do {
          const page = await deps.filings.queryFilings({
            obligation: q.obligation,
            period: q.period,
            status: "owed",
            scopePrefix,
            limit: PAGE,
            ...(nextToken ? { nextToken } : {}),
          });
          nextToken = page.nextToken;
          for (const r of page.items) {
            yield [
              r.creditCode,
              r.enterpriseName,
              r.countyCode,
              r.supervisingDepartment,
              r.missedStreak ?? 0,
              ...contactCells(r.contacts),
            ];
          }
        } while (nextToken);
      }
      const scope = q.jurisdiction ?? principal.jurisdiction;
      return publish(
        q.format,
        `${q.period}未报送企业名单-${scope}`,
        `${q.period}未报送企业`,
        NON_FILER_COLUMNS,
        rows(),
      );
    },

    /** 逾期重大隐患清单: listed major hazards past their deadline today, with the enterprise's contacts. */
    async overdueMajorHazards(principal: Principal, q: { jurisdiction?: string; format: ExportFormat }) {
      assertOfficial(principal);
      const scopePrefix = queryScope(principal, q.jurisdiction);
      const today = shanghaiDateOf(deps.clock.now());
      async function* rows(): AsyncIterable<ExportRow> {
        let nextToken: string | undefined;
        do {
          const page = await deps.hazards.query({
            scopePrefix,
            level: "major",
            statuses: ["registered", "planned", "listed", "acceptance_requested"],
            overdue: true,
            limit: PAGE,
            ...(nextToken ? { nextToken } : {}),
          });
          nextToken = page.nextToken;
          const enterprises = new Map(
            (await deps.catalogue.getEnterprises([...new Set(page.items.map((h) => h.creditCode))])).map(
              (e) => [e.creditCode, e],
            ),
          );
          for (const h of page.items) yield hazardRow(h, enterprises.get(h.creditCode), today);
        } while (nextToken);
      }
      const scope = q.jurisdiction ?? principal.jurisdiction;
      return publish(
        q.format,
        `逾期重大隐患清单-${scope}-${today}`,
        "逾期重大隐患",
        OVERDUE_HAZARD_COLUMNS,
        rows(),
      );
    },
  };
}

function hazardRow(h: Hazard, enterprise: Enterprise | undefined, today: string): ExportRow {
  const deadline = h.deadline ?? h.rectifyBy ?? "";
  return [
    h.enterpriseName,
    h.creditCode,
    h.countyCode,
    h.title,
    deadline,
    deadline ? Math.max(0, daysBetween(deadline, today)) : null,
    h.listing ? LISTING_LEVEL[h.listing.level] : "未挂牌",
    h.listing?.department ?? "",
    h.listing?.documentNo ?? "",
    ...contactCells(enterpriseContacts(enterprise)),
  ];
}
