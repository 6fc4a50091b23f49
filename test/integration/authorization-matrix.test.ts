import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFonts } from "../../functions/adapters/fonts";
import type { Accident } from "../../functions/domain/accident";
import { createAccidentService } from "../../functions/domain/accident-service";
import { type Enterprise, type Official, officialId } from "../../functions/domain/catalogue";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import type { Hazard } from "../../functions/domain/hazard";
import { createHazardService } from "../../functions/domain/hazard-service";
import { uploadKey } from "../../functions/domain/import-job";
import { createImportService } from "../../functions/domain/import-service";
import type { Principal, Role } from "../../functions/domain/principal";
import { createSweepService } from "../../functions/domain/sweep-service";
import { ROUTES } from "../../functions/http/routes";
import { createBulletinService } from "../../functions/render/bulletin-service";
import { generateEnterprises, generateOfficials } from "../../local/demo-data";
import { signedSinkReceipts } from "../../local/sink-receipts";
import type { Stack } from "../../local/stack";
import { type Api, apiFor, type CallOptions, reportBody, startTestStack, tokenFor } from "./support";

/**
 * Every route × every role × a subject of the caller's own county (or enterprise) and one of another,
 * generated from the route table and each route's declared access rule: a role the rule leaves out is a
 * 403 whatever it asks about; another's enterprise, hazard or accident case answers 404 as if it did not
 * exist (a bulletin and an official too); a jurisdiction asked for outside one's own is a 403; another's messages are an empty page. A
 * route added without a request below fails the first test.
 */

const ROLES: Role[] = ["enterprise", "inspector", "anweiban", "leader", "admin"];
const [A, B] = generateEnterprises({ count: 2, seed: 303, counties: ["530502", "530521"] }) as [
  Enterprise,
  Enterprise,
];

type Side = {
  ent: Enterprise;
  county: string;
  hazard: Hazard;
  accident: Accident;
  importId: string;
  bulletinId: string;
  /** An inspector of the county (the admin of the own side deactivates and reactivates them). */
  officialId: string;
  /** A file uploaded by each role of the county that may import, by role. */
  uploads: Partial<Record<Role, string>>;
};
type Request = { method: string; path: string } & CallOptions;

const NOW = "2026-11-10T10:00:00+08:00";
const hazardBody = {
  level: "major",
  title: "尾矿库排洪设施损坏",
  description: "排洪井井壁开裂",
  foundAt: "2026-11-01T10:00:00+08:00",
  source: "government_inspection",
};

const ENTERPRISE_CSV_HEADER =
  "credit_code,name,county_code,industry,legal_rep_name,legal_rep_mobile,safety_manager_name,safety_manager_mobile,safety_manager_email,info_officer_name,info_officer_mobile,info_officer_email,supervising_department\n";

/** One request per route, about the given side's subjects. */
const REQUESTS: Record<string, (s: Side, role: Role) => Request> = {
  ImportEnterprises: () => ({ method: "POST", path: "/v1/imports/enterprises", csv: ENTERPRISE_CSV_HEADER }),
  GetImport: (s) => ({ method: "GET", path: `/v1/imports/${s.importId}` }),
  RequestImportUpload: () => ({ method: "POST", path: "/v1/imports/uploads" }),
  ImportUploadedEnterprises: (s, role) => ({
    method: "POST",
    path: "/v1/imports/enterprises/uploaded",
    body: { uploadId: s.uploads[role] ?? s.uploads.admin },
  }),
  ImportOfficials: () => ({
    method: "POST",
    path: "/v1/imports/officials",
    csv: "name,role,jurisdiction_code,department,mobile,email\n",
  }),
  ListEnterprises: (s) => ({
    method: "GET",
    path: `/v1/enterprises?jurisdiction=${s.county}&q=${encodeURIComponent(s.ent.name)}`,
  }),
  ListOfficials: (s) => ({ method: "GET", path: `/v1/officials?jurisdiction=${s.county}` }),
  GetOfficial: (s) => ({ method: "GET", path: `/v1/officials/${s.officialId}` }),
  DeactivateOfficial: (s) => ({
    method: "POST",
    path: `/v1/officials/${s.officialId}/deactivate`,
    body: { reason: "调离监管岗位" },
  }),
  ReactivateOfficial: (s) => ({
    method: "POST",
    path: `/v1/officials/${s.officialId}/reactivate`,
    body: { reason: "回到监管岗位" },
  }),
  GetEnterprise: (s) => ({ method: "GET", path: `/v1/enterprises/${s.ent.creditCode}` }),
  GetMe: () => ({ method: "GET", path: "/v1/me" }),
  GetMonthlyReport: (s) => ({
    method: "GET",
    path: `/v1/enterprises/${s.ent.creditCode}/monthly-reports/2026-10`,
  }),
  PutMonthlyReport: (s) => ({
    method: "PUT",
    path: `/v1/enterprises/${s.ent.creditCode}/monthly-reports/2026-10`,
    body: reportBody(s.ent),
  }),
  ListMonthlyReports: (s) => ({
    method: "GET",
    path: `/v1/monthly-reports?period=2026-10&jurisdiction=${s.county}`,
  }),
  ListNotifications: (s) => ({
    method: "GET",
    path: `/v1/notifications?recipient=${s.ent.infoOfficer.mobile}`,
  }),
  RegisterHazard: (s) => ({
    method: "POST",
    path: `/v1/enterprises/${s.ent.creditCode}/hazards`,
    body: hazardBody,
  }),
  GetHazard: (s) => ({ method: "GET", path: `/v1/hazards/${s.hazard.id}` }),
  ListHazards: (s, role) => ({
    method: "GET",
    path:
      role === "enterprise"
        ? `/v1/hazards?creditCode=${s.ent.creditCode}`
        : `/v1/hazards?jurisdiction=${s.county}`,
  }),
  RectifyHazard: (s) => ({
    method: "POST",
    path: `/v1/hazards/${s.hazard.id}/rectification`,
    body: { rectifiedAt: "2026-11-09T10:00:00+08:00", note: "已整改" },
  }),
  PutHazardPlan: (s) => ({
    method: "PUT",
    path: `/v1/hazards/${s.hazard.id}/plan`,
    body: {
      objectives: "消除隐患",
      measures: "修复排洪井",
      responsible: { name: "张三", mobile: "13800000001" },
      funds: { amountYuan: 100000, source: "企业自筹" },
      deadline: "2027-03-31",
      safetyMeasures: "设置警戒",
      contingencyPlan: "应急预案",
    },
  }),
  PostHazardListing: (s) => ({
    method: "POST",
    path: `/v1/hazards/${s.hazard.id}/listing`,
    body: { level: "county", department: "应急管理局", documentNo: "隆应急督〔2026〕9号" },
  }),
  PostHazardProgress: (s) => ({
    method: "POST",
    path: `/v1/hazards/${s.hazard.id}/progress-reports`,
    body: { period: "2026-10", summary: "进展", percentComplete: 10, fundsSpentYuan: 0 },
  }),
  RequestHazardExtension: (s) => ({
    method: "POST",
    path: `/v1/hazards/${s.hazard.id}/extension-requests`,
    body: { newDeadline: "2027-06-30", reason: "汛期无法施工" },
  }),
  DecideHazardExtension: (s) => ({
    method: "POST",
    path: `/v1/hazards/${s.hazard.id}/extension-requests/1/decision`,
    body: { approved: false, note: "不同意" },
  }),
  RecordHazardEvaluation: (s) => ({
    method: "POST",
    path: `/v1/hazards/${s.hazard.id}/evaluation`,
    body: {
      agency: "云南安评",
      agencyLicenseNo: "APJ-001",
      conclusion: "pass",
      reportNo: "评2026-1",
      evaluatedAt: "2026-11-09T10:00:00+08:00",
    },
  }),
  RequestHazardAcceptance: (s) => ({ method: "POST", path: `/v1/hazards/${s.hazard.id}/acceptance-request` }),
  RecordHazardAcceptance: (s) => ({
    method: "POST",
    path: `/v1/hazards/${s.hazard.id}/acceptance`,
    body: { result: "passed", inspectedAt: "2026-11-09T10:00:00+08:00", note: "合格" },
  }),
  CreateAccident: (s) => ({
    method: "POST",
    path: "/v1/accidents",
    body: {
      jurisdiction: s.county,
      occurredAt: "2026-11-01T10:00:00+08:00",
      level: "general",
      deaths: 0,
      injuries: 1,
      directLossYuan: 1000,
      summary: "机械伤害",
    },
  }),
  GetAccident: (s) => ({ method: "GET", path: `/v1/accidents/${s.accident.id}` }),
  ListAccidents: (s) => ({ method: "GET", path: `/v1/accidents?jurisdiction=${s.county}` }),
  ExtendAccidentInvestigation: (s) => ({
    method: "POST",
    path: `/v1/accidents/${s.accident.id}/investigation-extension`,
    body: { days: 10, approvedBy: "县人民政府" },
  }),
  CloseAccident: (s) => ({
    method: "POST",
    path: `/v1/accidents/${s.accident.id}/closure`,
    body: { closedAt: "2026-11-09T10:00:00+08:00", reportNo: "调2026-1" },
  }),
  RecordAccidentEvaluation: (s) => ({
    method: "POST",
    path: `/v1/accidents/${s.accident.id}/evaluation`,
    body: { completedAt: "2026-11-09T10:00:00+08:00", reportNo: "评2026-2", findings: "已整改" },
  }),
  ChangeEnterpriseStatus: (s) => ({
    method: "POST",
    path: `/v1/enterprises/${s.ent.creditCode}/status`,
    body: { status: "active", reason: "核查后确认仍在生产" },
  }),
  TransferEnterprise: (s) => ({
    method: "POST",
    path: `/v1/enterprises/${s.ent.creditCode}/transfer`,
    body: { toCountyCode: s.county, reason: "注册地迁移" },
  }),
  SubmitAccidentReport: (s) => ({
    method: "POST",
    path: `/v1/accidents/${s.accident.id}/report`,
    body: { submittedAt: "2026-11-09T10:00:00+08:00", reportNo: "调报2026-1" },
  }),
  WithdrawAccident: (s) => ({
    method: "POST",
    path: `/v1/accidents/${s.accident.id}/withdrawal`,
    body: { reason: "误录" },
  }),
  PutStatisticsReport: (s) => ({
    method: "PUT",
    path: `/v1/enterprises/${s.ent.creditCode}/statistics-reports/2026-Q3`,
    body: {
      signedBy: s.ent.legalRep.name,
      general: { found: 0, rectified: 0 },
      major: { found: 0, rectified: 0 },
      majorWithPlan: { total: 0, allFiveInPlace: 0 },
      listed: { province: 0, city: 0 },
      funds: { committedYuan: 0, spentYuan: 0 },
    },
  }),
  GetStatisticsDraft: (s) => ({
    method: "GET",
    path: `/v1/enterprises/${s.ent.creditCode}/statistics-reports/2026-Q3/draft`,
  }),
  GetStatistics: (s) => ({ method: "GET", path: `/v1/statistics?jurisdiction=${s.county}&period=2026-10` }),
  RequestSweep: () => ({ method: "POST", path: "/v1/statistics/sweeps", body: { period: "2026-10" } }),
  ListBulletins: (s) => ({ method: "GET", path: `/v1/bulletins?jurisdiction=${s.county}&period=2026-10` }),
  GetBulletin: (s) => ({ method: "GET", path: `/v1/bulletins/${s.bulletinId}` }),
  EditBulletin: (s) => ({
    method: "PUT",
    path: `/v1/bulletins/${s.bulletinId}`,
    body: { foreword: "现将10月份隐患排查治理情况通报如下。" },
  }),
  IssueBulletin: (s) => ({
    method: "POST",
    path: `/v1/bulletins/${s.bulletinId}/issue`,
    body: { documentNo: "安办〔2026〕1号" },
  }),
  SupersedeBulletin: (s) => ({
    method: "POST",
    path: `/v1/bulletins/${s.bulletinId}/supersede`,
    body: { reason: "数据更正" },
  }),
  DownloadBulletin: (s) => ({ method: "GET", path: `/v1/bulletins/${s.bulletinId}/pdf` }),
  GetPolicy: (s) => ({ method: "GET", path: `/v1/policies/${s.county}` }),
  PutPolicy: (s) => ({
    method: "PUT",
    path: `/v1/policies/${s.county}`,
    body: { obligations: { "monthly-self-inspection": { dueDay: 8, reminderDays: [6, 8] } } },
  }),
  PutCalendarYear: () => ({ method: "PUT", path: "/v1/calendar/2031", body: { holidays: [], workdays: [] } }),
  OpenApi: () => ({ method: "GET", path: "/v1/openapi.json" }),
  Healthz: () => ({ method: "GET", path: "/healthz" }),
  // Public but verified: signed with the sink's key (a forged one is refused: delivery.test.ts).
  ProviderCallback: () => {
    const receipts = [
      { outId: "0000000000000000", delivered: true, code: "DELIVRD", at: "2026-11-10T02:00:00Z" },
    ];
    const { headers } = signedSinkReceipts(stack.sinkReceiptKey, receipts);
    return { method: "POST", path: "/v1/provider-callbacks/sink", headers, body: { receipts } };
  },
};

let stack: Stack;
let api: Api;
let own: Side;
let other: Side;

const principal = (role: Role, county: string, enterprise?: Enterprise): Principal => ({
  sub: `${role}:${county}`,
  role,
  jurisdiction: county,
  ...(enterprise ? { enterprise: enterprise.creditCode } : {}),
});

beforeAll(async () => {
  stack = await startTestStack({ now: NOW });
  api = apiFor(stack.urls.api);
  await createCatalogueService(stack.deps).load([A, B], generateOfficials());
  const hazards = createHazardService(stack.deps);
  const accidents = createAccidentService(stack.deps);
  const imports = createImportService(stack.deps);
  const side = async (ent: Enterprise): Promise<Side> => ({
    ent,
    county: ent.countyCode,
    hazard: await hazards.register(
      principal("enterprise", ent.countyCode, ent),
      ent.creditCode,
      hazardBody as never,
    ),
    accident: await accidents.create(principal("anweiban", ent.countyCode), {
      ...(REQUESTS.CreateAccident?.({ county: ent.countyCode } as Side, "anweiban").body as object),
      enterpriseCreditCode: ent.creditCode,
    }),
    // An import job started by the county's own 安委办, which only officials over that county may read.
    importId: (await imports.accept(principal("anweiban", ent.countyCode), ENTERPRISE_CSV_HEADER)).id,
    // October's bulletin, drafted below by the sweep.
    bulletinId: `${ent.countyCode}-2026-10-v1`,
    officialId: officialId(
      generateOfficials().find(
        (o) => o.jurisdictionCode === ent.countyCode && o.role === "inspector",
      ) as Official,
    ),
    uploads: Object.fromEntries(
      await Promise.all(
        (["admin", "anweiban"] as const).map(async (role) => {
          const { uploadId } = await imports.requestUpload(principal(role, ent.countyCode));
          const bytes = new TextEncoder().encode(ENTERPRISE_CSV_HEADER);
          await stack.deps.objects.put(uploadKey(uploadId), bytes, { contentType: "text/csv" });
          return [role, uploadId];
        }),
      ),
    ),
  });
  own = await side(A);
  other = await side(B);
  // October's compliance sweep of both counties, so that their statistics exist to be asked for.
  const sweeps = createSweepService(stack.deps);
  const counties = [A.countyCode, B.countyCode];
  for (const countyCode of counties) await sweeps.sweepCounty({ period: "2026-10", countyCode });
  const { bulletins } = await sweeps.rollUp({ period: "2026-10", counties });
  const drafting = createBulletinService({ ...stack.deps, fonts: loadFonts });
  for (const jurisdiction of bulletins) await drafting.draft({ period: "2026-10", jurisdiction });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

async function call(role: Role, request: Request) {
  const token = await tokenFor(stack.secret, {
    role,
    jurisdiction: "530502",
    ...(role === "enterprise" ? { enterprise: A.creditCode } : {}),
  });
  const { method, path, ...options } = request;
  return api(method, path, { token, ...options });
}

describe("the authorization matrix", () => {
  it("has a request for every route of the route table, and every route declares its access rule", () => {
    for (const route of ROUTES) {
      expect(REQUESTS[route.name], `${route.name} has no request in the matrix`).toBeDefined();
      expect(route.spec.access, `${route.name} declares no access rule`).toBeDefined();
      expect(route.spec.auth, `${route.name}: public exactly when the rule says so`).toBe(
        !route.spec.access.public,
      );
    }
  });

  for (const route of ROUTES) {
    const access = route.spec.access;
    if (access.public) {
      it(`${route.name} answers without a token`, async () => {
        const make = REQUESTS[route.name] as (s: Side, r: Role) => Request;
        const { method, path, ...options } = make(own, "admin");
        expect((await api(method, path, options)).status).toBe(200);
      });
      continue;
    }
    it(`${route.name}: ${access.roles.join(", ")} may call it (reaches ${access.reaches}); the others get 403`, async () => {
      for (const role of ROLES) {
        const make = REQUESTS[route.name] as (s: Side, r: Role) => Request;
        const mine = await call(role, make(own, role));
        const theirs = await call(role, make(other, role));
        const where = `${route.name} as ${role}`;
        if (!access.roles.includes(role)) {
          expect(mine.status, `${where}, own: ${mine.text}`).toBe(403);
          expect(theirs.status, `${where}, other: ${theirs.text}`).toBe(403);
          continue;
        }
        expect([401, 403, 404], `${where}, own: ${mine.text}`).not.toContain(mine.status);
        expect(mine.status, `${where}, own: ${mine.text}`).toBeLessThan(500);
        if (route.spec.method === "GET") expect(mine.status, `${where}, own: ${mine.text}`).toBe(200);
        const expected = {
          enterprise: 404,
          hazard: 404,
          accident: 404,
          bulletin: 404,
          official: 404,
          jurisdiction: 403,
        }[access.reaches as string];
        if (expected) expect(theirs.status, `${where}, other: ${theirs.text}`).toBe(expected);
        else if (access.reaches === "recipient") expect(theirs.body, where).toEqual({ items: [] });
        else expect(theirs.status, `${where}, other: ${theirs.text}`).toBeLessThan(500);
      }
    });
  }
});
