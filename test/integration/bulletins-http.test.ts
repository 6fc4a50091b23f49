import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFonts } from "../../functions/adapters/fonts";
import { cellText } from "../../functions/domain/bulletin-document";
import type { Enterprise } from "../../functions/domain/catalogue";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import { createBulletinService } from "../../functions/render/bulletin-service";
import { generateEnterprises, generateOfficials } from "../../local/demo-data";
import type { SinkedSms } from "../../local/sms-sink";
import type { Stack } from "../../local/stack";
import {
  type Api,
  advanceTo,
  apiFor,
  enterpriseToken,
  type Json,
  reportBody,
  startTestStack,
  tokenFor,
} from "./support";

/**
 * October 2026 in two counties of 保山市 through the HTTP API on the virtual clock: reports on time, late
 * and never, general hazards found and fixed or not, a major hazard listed by the county and overdue at
 * the month's end. The close runs at 00:00 on 6 November, the sweep at 01:00 and drafts a bulletin (通报)
 * for each county, the city and the province; the 安委办 reviews, issues and corrects them.
 */

const A = "530502"; // 隆阳区
const B = "530521"; // 施甸县
const CITY = "530500";
const CATALOGUE = generateEnterprises({ count: 8, seed: 1010, counties: [A, B] });
const OFFICIALS = generateOfficials();
const ent = (i: number): Enterprise => {
  const e = CATALOGUE[i];
  if (!e) throw new Error(`no enterprise ${i}`);
  return e;
};
const officials = (jurisdiction: string, role: string) =>
  OFFICIALS.filter((o) => o.jurisdictionCode === jurisdiction && o.role === role);

let stack: Stack;
let api: Api;
let dir: string;
const tokens = {} as Record<"countyA" | "countyB" | "leaderA" | "city" | "cityLeader", string>;

type SesEmail = {
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
  attachments: { filename?: string; contentType: string; content: string; size: number }[];
};

async function emails(): Promise<SesEmail[]> {
  const res = await fetch(`${stack.urls.ses}/store`);
  return ((await res.json()) as { emails: SesEmail[] }).emails;
}

async function as(e: Enterprise, method: string, path: string, body?: unknown) {
  const res = await api(method, path, { token: await enterpriseToken(stack.secret, e), body });
  expect(res.status, `${method} ${path}: ${res.text}`).toBeLessThan(300);
  return res.body as Json;
}

/** Follows the 303 to the short-lived link and writes the file where poppler can read it. */
async function download(id: string, format: "pdf" | "xlsx", token: string) {
  const response = await fetch(`${stack.urls.api}/v1/bulletins/${id}/${format}`, {
    headers: { authorization: `Bearer ${token}` },
    redirect: "manual",
  });
  expect(response.status).toBe(303);
  const file = await fetch(response.headers.get("location") ?? "");
  expect(file.status).toBe(200);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const path = join(dir, `${id}.${format}`);
  writeFileSync(path, bytes);
  return { path, bytes, contentType: file.headers.get("content-type") ?? "" };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "duban-bulletins-"));
  stack = await startTestStack({ now: "2026-10-20T10:00:00+08:00" });
  api = apiFor(stack.urls.api);
  await createCatalogueService(stack.deps).load(CATALOGUE, OFFICIALS);
  tokens.countyA = await tokenFor(stack.secret, { role: "anweiban", jurisdiction: A });
  tokens.countyB = await tokenFor(stack.secret, { role: "anweiban", jurisdiction: B });
  tokens.leaderA = await tokenFor(stack.secret, { role: "leader", jurisdiction: A });
  tokens.city = await tokenFor(stack.secret, { role: "anweiban", jurisdiction: CITY });
  tokens.cityLeader = await tokenFor(stack.secret, { role: "leader", jurisdiction: CITY });
  const inspector = await tokenFor(stack.secret, { role: "inspector", jurisdiction: A });

  // County A: two general hazards of enterprise 0 found in October, one fixed in time.
  const fixed = await as(ent(0), "POST", `/v1/enterprises/${ent(0).creditCode}/hazards`, {
    level: "general",
    title: "配电室灭火器过期",
    description: "配电室2具干粉灭火器超过检验期",
    foundAt: "2026-10-19T15:00:00+08:00",
    source: "self_inspection",
    rectifyBy: "2026-10-25",
  });
  await as(ent(0), "POST", `/v1/enterprises/${ent(0).creditCode}/hazards`, {
    level: "general",
    title: "仓库安全通道堆放杂物",
    description: "成品仓库东侧安全通道堆放纸箱",
    foundAt: "2026-10-20T09:00:00+08:00",
    source: "self_inspection",
    rectifyBy: "2026-10-28",
  });
  // A major hazard of enterprise 2, planned, listed by the county, due 30 October: overdue at the end.
  const major = await as(ent(2), "POST", `/v1/enterprises/${ent(2).creditCode}/hazards`, {
    level: "major",
    title: "尾矿库排洪隧洞坍塌",
    description: "尾矿库排洪隧洞局部坍塌，汛期存在溃坝风险",
    foundAt: "2026-10-10T15:00:00+08:00",
    source: "department_inspection",
  });
  await as(ent(2), "PUT", `/v1/hazards/${major.id}/plan`, {
    objectives: "消除排洪隧洞坍塌隐患",
    measures: "清理塌方体，钢拱架支护，衬砌加固",
    responsible: { name: "赵建国", mobile: "13800001111" },
    funds: { amountYuan: 1_200_000, source: "企业自筹" },
    deadline: "2026-10-30",
    safetyMeasures: "汛期限制库水位，设专人巡查",
    contingencyPlan: "尾矿库溃坝专项应急预案（2026版）",
  });
  const listed = await api("POST", `/v1/hazards/${major.id}/listing`, {
    token: inspector,
    body: { level: "county", department: ent(2).supervisingDepartment, documentNo: "隆应急督〔2026〕12号" },
  });
  expect(listed.status, listed.text).toBe(200);
  await advanceTo(api, "2026-10-22T10:00:00+08:00");
  await as(ent(0), "POST", `/v1/hazards/${fixed.id}/rectification`, {
    rectifiedAt: "2026-10-22T09:30:00+08:00",
    note: "更换灭火器2具",
  });

  // County A: 0 and 2 on time, 4 and 6 never. County B: 1 on time, 3 late, 5 and 7 never.
  await advanceTo(api, "2026-11-02T10:00:00+08:00");
  const october = (e: Enterprise) => `/v1/enterprises/${e.creditCode}/monthly-reports/2026-10`;
  await as(ent(0), "PUT", october(ent(0)), reportBody(ent(0), { hazardsFound: { general: 2, major: 0 } }));
  await as(
    ent(2),
    "PUT",
    october(ent(2)),
    reportBody(ent(2), {
      selfInspections: 0,
      hazardsFound: { general: 0, major: 0 },
      hazardsRectified: { general: 0, major: 0 },
    }),
  );
  await as(ent(1), "PUT", october(ent(1)), reportBody(ent(1)));
  await advanceTo(api, "2026-11-06T00:30:00+08:00");
  await as(ent(3), "PUT", october(ent(3)), reportBody(ent(3)));
  // The sweep at 01:00 and the drafting of every bulletin after it.
  await advanceTo(api, "2026-11-06T02:00:00+08:00");
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const idOf = (jurisdiction: string, version = 1) => `${jurisdiction}-2026-10-v${version}`;

describe("the bulletins the sweep drafts", () => {
  it("drafts one for each county, the city and the province, each with a 安委办 on file", async () => {
    for (const [jurisdiction, token] of [
      [A, tokens.countyA],
      [B, tokens.countyB],
      [CITY, tokens.city],
      ["530000", await tokenFor(stack.secret, { role: "anweiban", jurisdiction: "530000" })],
    ] as const) {
      const res = await api("GET", `/v1/bulletins?jurisdiction=${jurisdiction}&period=2026-10`, { token });
      expect(res.status, res.text).toBe(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({ id: idOf(jurisdiction), version: 1, status: "draft" }),
      ]);
    }
  });

  it("holds county A's figures exactly as the month went, departments ranked, the overdue hazard named", async () => {
    const res = await api("GET", `/v1/bulletins/${idOf(A)}`, { token: tokens.countyA });
    expect(res.status, res.text).toBe(200);
    const b = res.body;
    expect(b.figures.filing).toMatchObject({ active: 4, onTime: 2, late: 0, missing: 2, filingRate: 0.5 });
    expect(b.figures.hazards.general).toMatchObject({
      found: 2,
      rectifiedOfFound: 1,
      rectificationRate: 0.5,
    });
    expect(b.figures.hazards.major).toMatchObject({ found: 1, delisted: 0, overdueAtEnd: 1 });
    const table = (key: string) => b.document.tables.find((t: Json) => t.key === key);
    // Departments of a county bulletin, their counts summing to the total row.
    const filing = table("filing");
    expect(filing.columns[1].header).toBe("监管部门");
    expect(filing.total.slice(1)).toEqual(["合计", 4, 2, 0, 2, 0.5, 0.5]);
    for (const column of [2, 3, 4, 5])
      expect(filing.rows.reduce((n: number, r: Json[]) => n + r[column], 0)).toBe(filing.total[column]);
    expect(table("overdue").rows).toEqual([
      [ent(2).name, "隆阳区", "尾矿库排洪隧洞坍塌", "2026-10-30", 2, "县级"],
    ]);
    expect(
      table("missing")
        .rows.map((r: Json[]) => r[1])
        .sort(),
    ).toEqual([ent(4), ent(6)].map((e) => e.creditCode).sort());
    expect(table("quality").rows).toEqual([[ent(2).name, "隆阳区", ent(2).supervisingDepartment, 0, 0]]);
    expect(b.document.sections.at(-1).paragraphs[0]).toContain("不作环比");
    expect(b.document.draft).toBe(true);
  });

  it("ranks the counties in the city's bulletin, ties sharing a rank, a county without hazards unranked", async () => {
    const b = (await api("GET", `/v1/bulletins/${idOf(CITY)}`, { token: tokens.city })).body;
    const filing = b.document.tables.find((t: Json) => t.key === "filing");
    // Both counties filed 2 of 4 (A on time, B one late): the same filing rate, the same rank.
    expect(filing.rows.map((r: Json[]) => [r[0], r[1], r[6]])).toEqual([
      [1, "隆阳区", 0.5],
      [1, "施甸县", 0.5],
    ]);
    const hazards = b.document.tables.find((t: Json) => t.key === "hazards");
    expect(hazards.rows.map((r: Json[]) => [r[0], r[1], r[4]])).toEqual([
      [1, "隆阳区", 0.5],
      [null, "施甸县", null],
    ]);
  });

  it("a county cannot read another county's bulletin (404 by id, 403 by jurisdiction); its city can", async () => {
    expect((await api("GET", `/v1/bulletins/${idOf(A)}`, { token: tokens.countyB })).status).toBe(404);
    expect((await api("GET", `/v1/bulletins/${idOf(A)}/pdf`, { token: tokens.countyB })).status).toBe(404);
    const list = await api("GET", `/v1/bulletins?jurisdiction=${A}&period=2026-10`, {
      token: tokens.countyB,
    });
    expect(list.status).toBe(403);
    expect((await api("GET", `/v1/bulletins/${idOf(A)}`, { token: tokens.cityLeader })).status).toBe(200);
    expect((await api("GET", `/v1/bulletins/${idOf(CITY)}`, { token: tokens.countyA })).status).toBe(404);
  });
});

describe("the renders", () => {
  it("the city's PDF holds every county and every figure of its tables (pdftotext) and embeds the CJK faces (pdffonts)", async () => {
    const b = (await api("GET", `/v1/bulletins/${idOf(CITY)}`, { token: tokens.city })).body;
    const { path, contentType } = await download(idOf(CITY), "pdf", tokens.city);
    expect(contentType).toBe("application/pdf");
    const flat = execFileSync("pdftotext", ["-raw", path, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
    expect(flat).toContain("保山市安全生产委员会办公室");
    expect(flat).toContain("隆阳区");
    expect(flat).toContain("施甸县");
    for (const table of b.document.tables) {
      for (const row of [...table.rows, ...(table.total ? [table.total] : [])]) {
        row.forEach((cell: Json, i: number) => {
          const text = cellText(cell, table.columns[i].kind).replace(/\s+/g, "");
          if (text) expect(flat, `${table.key}: ${text}`).toContain(text);
        });
      }
    }
    expect(flat).not.toMatch(/NaN|Infinity/);
    const fonts = execFileSync("pdffonts", [path], { encoding: "utf8" });
    const rows = fonts.split("\n").filter((l) => /NotoSerifSC/.test(l));
    expect(rows.length).toBeGreaterThanOrEqual(1);
    for (const row of rows)
      expect(row).toMatch(/^[A-Z]{6}\+NotoSerifSC-\w+\s+CID TrueType\s+Identity-H\s+yes\s+yes/);
  });

  it("the xlsx is a workbook (303 to a link)", async () => {
    const { bytes, contentType } = await download(idOf(A), "xlsx", tokens.countyA);
    expect(contentType).toContain("spreadsheetml");
    expect(Buffer.from(bytes.subarray(0, 2)).toString()).toBe("PK");
  });
});

describe("review, issue and correction", () => {
  it("only the county's own 安委办 edits its draft; a foreword is added", async () => {
    const byCity = await api("PUT", `/v1/bulletins/${idOf(A)}`, {
      token: tokens.city,
      body: { foreword: "市安委办代拟" },
    });
    expect(byCity.status).toBe(403);
    const res = await api("PUT", `/v1/bulletins/${idOf(A)}`, {
      token: tokens.countyA,
      body: { foreword: "为压实企业安全生产主体责任，现将10月份情况通报如下。" },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.document.foreword).toContain("压实企业");
  });

  it("issues it: email with the PDF to the leaders and the 安委办, a one-segment SMS naming it", {
    timeout: 120_000,
  }, async () => {
    const res = await api("POST", `/v1/bulletins/${idOf(A)}/issue`, {
      token: tokens.countyA,
      body: { documentNo: "隆安办〔2026〕31号", remarks: "请各部门督促未报送企业于11月15日前补报。" },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ status: "issued", documentNo: "隆安办〔2026〕31号" });
    expect(res.body.document.draft).toBe(false);
    const readers = [...officials(A, "leader"), ...officials(A, "anweiban")];
    expect(readers.length).toBeGreaterThanOrEqual(2);
    const sent = (await emails()).filter((e) => e.subject.includes("隆安办〔2026〕31号"));
    expect(sent.flatMap((e) => e.destination.to).sort()).toEqual(readers.map((o) => o.email).sort());
    for (const email of sent) {
      expect(email.attachments).toHaveLength(1);
      const [pdf] = email.attachments;
      expect(pdf?.contentType).toBe("application/pdf");
      expect(pdf?.filename).toMatch(/隆阳区.*通报\.pdf$/);
      expect(
        Buffer.from(pdf?.content ?? "", "base64")
          .subarray(0, 5)
          .toString(),
      ).toBe("%PDF-");
    }
    // Issued at 02:00: the SMS waits for the end of the quiet hours (08:00), the email does not.
    await advanceTo(api, "2026-11-06T08:05:00+08:00");
    const sms = ((await api("GET", "/_local/sms")).body.items as SinkedSms[]).filter(
      (s) => s.template === "SMS_DUBAN_BULLETIN_ISSUED",
    );
    expect(sms.map((s) => s.to).sort()).toEqual(readers.map((o) => o.mobile).sort());
    for (const s of sms) {
      expect(s.text).toContain("隆安办〔2026〕31号");
      expect([...s.text].length).toBeLessThanOrEqual(70);
    }
    // The issued PDF carries the document number and the remarks.
    const { path } = await download(idOf(A), "pdf", tokens.countyA);
    const flat = execFileSync("pdftotext", ["-raw", path, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
    expect(flat).toContain("隆安办〔2026〕31号");
    expect(flat).toContain("11月15日前补报");
  });

  it("an issued bulletin is immutable: editing or issuing it again is 409, and nothing is sent twice", async () => {
    const before = (await emails()).length;
    const edit = await api("PUT", `/v1/bulletins/${idOf(A)}`, {
      token: tokens.countyA,
      body: { remarks: "改" },
    });
    expect(edit.status).toBe(409);
    expect(edit.body.error.message).toContain("隆安办〔2026〕31号");
    const again = await api("POST", `/v1/bulletins/${idOf(A)}/issue`, {
      token: tokens.countyA,
      body: { documentNo: "隆安办〔2026〕32号" },
    });
    expect(again.status).toBe(409);
    expect((await emails()).length).toBe(before);
  });

  it("a correction is a new version that supersedes the issued one once issued; both are kept", async () => {
    const draft = await api("POST", `/v1/bulletins/${idOf(A)}/supersede`, {
      token: tokens.countyA,
      body: { reason: "一家企业的报送状态更正" },
    });
    expect(draft.status, draft.text).toBe(201);
    expect(draft.body).toMatchObject({ id: idOf(A, 2), version: 2, status: "draft", supersedes: idOf(A) });
    expect(draft.body.foreword).toContain("压实企业");
    const twice = await api("POST", `/v1/bulletins/${idOf(A)}/supersede`, {
      token: tokens.countyA,
      body: { reason: "再次更正" },
    });
    expect(twice.status).toBe(409);
    const issued = await api("POST", `/v1/bulletins/${idOf(A, 2)}/issue`, {
      token: tokens.countyA,
      body: { documentNo: "隆安办〔2026〕33号" },
    });
    expect(issued.status, issued.text).toBe(200);
    const list = await api("GET", `/v1/bulletins?jurisdiction=${A}&period=2026-10`, {
      token: tokens.leaderA,
    });
    expect(list.body.items.map((b: Json) => [b.id, b.status, b.supersededBy ?? null])).toEqual([
      [idOf(A), "superseded", idOf(A, 2)],
      [idOf(A, 2), "issued", null],
    ]);
  });

  it("the city's bulletin goes to the 安委办 of each of its counties as well", async () => {
    const res = await api("POST", `/v1/bulletins/${idOf(CITY)}/issue`, {
      token: tokens.city,
      body: { documentNo: "保安办〔2026〕12号" },
    });
    expect(res.status, res.text).toBe(200);
    const to = (await emails())
      .filter((e) => e.subject.includes("保安办〔2026〕12号"))
      .flatMap((e) => e.destination.to);
    for (const o of [
      ...officials(CITY, "leader"),
      ...officials(CITY, "anweiban"),
      ...officials(A, "anweiban"),
      ...officials(B, "anweiban"),
    ])
      expect(to).toContain(o.email);
    expect(to).not.toContain(officials(A, "leader")[0]?.email);
  });

  it("a draft left unissued reminds its 安委办 three days after it was made", async () => {
    await advanceTo(api, "2026-11-09T10:00:00+08:00");
    const reminded = (await emails()).filter((e) => e.subject.includes("通报草稿待印发"));
    const to = reminded.flatMap((e) => e.destination.to);
    // County B's and the province's drafts are still drafts; A's and the city's were issued.
    expect(to.sort()).toEqual(
      [...officials(B, "anweiban"), ...officials("530000", "anweiban")].map((o) => o.email).sort(),
    );
  }, 120_000);

  it("an issue that died after its write and before its messages went out is completed by the reconciler, once", async () => {
    const province = "530000";
    const crashing = createBulletinService({
      ...stack.deps,
      fonts: loadFonts,
      // The process dies between the issue's conditional write and the hand-over to the outbox.
      notifier: {
        ...stack.deps.notifier,
        enqueue: () => Promise.reject(new Error("killed")),
      },
    });
    const issuer = { sub: "anweiban:530000", role: "anweiban" as const, jurisdiction: province };
    await expect(crashing.issue(issuer, idOf(province), { documentNo: "云安办〔2026〕5号" })).rejects.toThrow(
      "killed",
    );
    const stored = await stack.deps.bulletins.get(idOf(province));
    expect(stored?.status).toBe("issued");
    expect(stored?.delivery?.length).toBeGreaterThan(0);
    const sentTo = async () =>
      (await emails())
        .filter((e) => e.subject.includes("云安办〔2026〕5号"))
        .flatMap((e) => e.destination.to);
    expect(await sentTo()).toEqual([]);

    const service = createBulletinService({ ...stack.deps, fonts: loadFonts });
    const later = new Date(stack.deps.clock.now().getTime() + 1000);
    expect(await service.reconcile(later)).toEqual({ subjects: 1, messages: stored?.delivery?.length });
    const recipients = [
      ...officials(province, "leader"),
      ...officials(province, "anweiban"),
      ...officials(CITY, "anweiban"),
    ];
    expect((await sentTo()).sort()).toEqual(recipients.map((o) => o.email).sort());
    expect(await service.reconcile(later)).toEqual({ subjects: 0, messages: 0 });
    expect((await sentTo()).length).toBe(recipients.length);
  });
});
