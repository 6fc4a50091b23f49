import { describe, expect, it } from "vitest";
import type { Enterprise } from "../../functions/domain/catalogue";
import { generateEnterprises } from "../../local/demo-data";
import { consoleSession, eventually, expectAccessible, PHONE, screenshot } from "./support";

/**
 * The officials' console pages beyond the hazard story, in a real browser against the local stack: 监管对象
 * (enterprises by name, filters, officials), the CSV import with its line errors, the 月报 export of
 * non-filers, the city's 工作台 by name, and an accident case from 立案 to an extended investigation.
 */

const HEADER =
  "credit_code,name,county_code,industry,legal_rep_name,legal_rep_mobile,safety_manager_name,safety_manager_mobile,safety_manager_email,info_officer_name,info_officer_mobile,info_officer_email,supervising_department";

function csvLine(e: Enterprise): string {
  return [
    e.creditCode,
    e.name,
    e.countyCode,
    e.industry,
    e.legalRep.name,
    e.legalRep.mobile,
    e.safetyManager.name,
    e.safetyManager.mobile,
    e.safetyManager.email ?? "",
    e.infoOfficer.name,
    e.infoOfficer.mobile,
    e.infoOfficer.email ?? "",
    e.supervisingDepartment,
  ].join(",");
}

describe("the officials' console: 监管对象, import, exports, 工作台 by name, accidents", () => {
  // October is being filed when the catalogue is loaded; the clock passes its deadline before the 月报 test.
  const session = consoleSession({ now: "2026-10-20T09:00:00+08:00", demo: 30, name: "directory" });
  const as = session.as;

  const ANWEIBAN = /隆阳区 · 安委办/;
  const CITY = /保山市 · 安委办/;

  it("finds enterprises by the beginning of their name and by status, and lists the county's officials", async () => {
    const p = await as(ANWEIBAN);
    const { page } = p;
    await page.goto("/enterprises");
    const table = page.getByRole("region", { name: "企业列表" });
    await eventually(() => table.getByRole("link").count()).toBeGreaterThan(0);
    const name = (await table.getByRole("link").nth(2).textContent())?.trim() ?? "";
    expect(name).not.toBe("");
    await page.getByLabel("企业名称或统一社会信用代码").fill(name.slice(0, -2));
    await page.getByRole("button", { name: "查询" }).first().click();
    await page.waitForURL(/q=/);
    await eventually(() => table.getByRole("link", { name }).count()).toBe(1);
    for (const shown of await table.getByRole("link").allTextContents()) {
      expect(shown.startsWith(name.slice(0, -2)), shown).toBe(true);
    }
    await expectAccessible(page, "enterprises");
    await screenshot(page, "enterprises-desktop");

    await table.getByRole("link", { name }).click();
    await page.waitForURL(/\/enterprises\/[0-9A-Z]{18}/);
    const filings = page.getByRole("region", { name: "月报记录" });
    await eventually(() => filings.getByRole("row").count()).toBeGreaterThan(1);
    await eventually(() => page.getByText("所在区县").count()).toBe(1);
    // No case has been opened yet: the accidents table says so.
    const accidents = page.getByRole("region", { name: "企业事故" });
    await eventually(() => accidents.getByText("没有事故记录").count()).toBe(1);
    await expectAccessible(page, "enterprise detail");
    await screenshot(page, "enterprise-detail-desktop");
    await page.goBack();

    await page.getByRole("tab", { name: "监管人员" }).click();
    const staff = page.getByRole("region", { name: "监管人员列表" });
    await eventually(() => staff.getByText("安委办", { exact: true }).count()).toBeGreaterThan(0);
    await eventually(() => staff.getByText("隆阳区", { exact: true }).count()).toBeGreaterThan(0);
    await expectAccessible(page, "officials");
    await screenshot(page, "officials-desktop");
    expect(p.errors).toEqual([]);
  });

  it("imports a CSV of enterprises and shows the refused line with its reason in a table", async () => {
    const p = await as(ANWEIBAN);
    const { page } = p;
    const [fresh] = generateEnterprises({ count: 1, seed: 4242, counties: ["530502"] }) as [Enterprise];
    const bad = csvLine({ ...fresh, creditCode: "91530502MA00000000", name: "保山市隆阳区错号企业有限公司" });
    const csv = [HEADER, csvLine(fresh), bad].join("\n");
    await page.goto("/imports");
    await page.getByLabel("选择 CSV 文件").setInputFiles({
      name: "企业名录.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv, "utf8"),
    });
    await page.getByRole("button", { name: "开始导入" }).click();
    await eventually(() => page.getByRole("status").textContent()).toContain("新增 1 条");
    const refused = page.getByRole("region", { name: "有误的行" });
    await eventually(() => refused.getByRole("cell", { name: "3", exact: true }).count()).toBe(1);
    await eventually(() => page.getByText("已完成").count()).toBe(1);
    await expectAccessible(page, "import");
    await screenshot(page, "import-desktop");
    // The refused line was meant: the page shows it; nothing was logged.
    expect(p.errors).toEqual([]);

    await page.goto(`/enterprises?q=${fresh.creditCode}`);
    await eventually(() => page.getByRole("link", { name: fresh.name }).count()).toBe(1);
  });

  it("downloads October's non-filers from the 月报 page as an Excel file", async () => {
    await session.advanceTo("2026-11-06T10:00:00+08:00");
    const p = await as(ANWEIBAN);
    const { page } = p;
    await page.goto("/reports?period=2026-10&status=missing");
    await eventually(() =>
      page.getByRole("region", { name: "月报列表" }).getByRole("link").count(),
    ).toBeGreaterThan(0);
    const [file] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "导出未报送企业（Excel）" }).click(),
    ]);
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    await expectAccessible(page, "reports");
    await screenshot(page, "reports-desktop");
    expect(p.errors).toEqual([]);
  });

  it("shows the city's 工作台 with its counties by name, and drills down to one", async () => {
    const p = await as(CITY);
    const { page } = p;
    await page.waitForURL(/\/dashboard/);
    const children = page.getByRole("region", { name: "下级辖区统计" });
    await eventually(() => children.getByRole("button", { name: "隆阳区" }).count()).toBe(1);
    // The figures are the sweep's, read from GET /v1/statistics: the page names the month and when.
    await eventually(() => page.getByTestId("statistics-period").textContent()).toMatch(
      /统计期 2026年10月 · 计算于 2026年11月6日/,
    );
    await expectAccessible(page, "city dashboard");
    await screenshot(page, "dashboard-city-desktop");
    await children.getByRole("button", { name: "隆阳区" }).click();
    await page.waitForURL(/jurisdiction=530502/);
    await eventually(() => page.getByRole("heading", { name: /云南省保山市隆阳区/ }).count()).toBe(1);
    expect(p.errors).toEqual([]);
  });

  it("lists the city's officials with those of its counties, and only its own level when asked", async () => {
    const p = await as(CITY);
    const { page } = p;
    await page.goto("/enterprises?tab=officials");
    const staff = page.getByRole("region", { name: "监管人员列表" });
    await eventually(() => staff.getByText("保山市", { exact: true }).count()).toBeGreaterThan(0);
    await eventually(() => staff.getByText("隆阳区", { exact: true }).count()).toBeGreaterThan(0);
    await eventually(() => staff.getByText("施甸县", { exact: true }).count()).toBeGreaterThan(0);
    await expectAccessible(page, "officials below");
    await screenshot(page, "officials-below-desktop");
    // Element Plus draws the box over a visually hidden input: a person clicks its label.
    await page.locator("label").filter({ hasText: "仅本级" }).click();
    await eventually(() => page.getByRole("checkbox", { name: "仅本级" }).isChecked()).toBe(true);
    await page.getByRole("button", { name: "查询" }).click();
    await page.waitForURL(/ownLevel=1/);
    await eventually(() => staff.getByText("隆阳区", { exact: true }).count()).toBe(0);
    await eventually(() => staff.getByText("保山市", { exact: true }).count()).toBeGreaterThan(0);
    expect(p.errors).toEqual([]);
  });

  it("opens an accident case and extends its investigation, with a confirmation first; the enterprise's page lists the case", async () => {
    const p = await as(ANWEIBAN);
    const { page } = p;
    await page.goto("/enterprises");
    const enterprises = page.getByRole("region", { name: "企业列表" });
    await eventually(() => enterprises.getByRole("link").count()).toBeGreaterThan(0);
    const href = (await enterprises.getByRole("link").first().getAttribute("href")) ?? "";
    const creditCode = /\/enterprises\/([0-9A-Z]{18})/.exec(href)?.[1] ?? "";
    expect(creditCode).toHaveLength(18);
    await page.goto("/accidents");
    await page.getByRole("button", { name: "事故立案" }).click();
    await page.getByLabel("事故概况").fill("二号车间冲压机械伤害，一人重伤");
    await page.getByLabel("事故企业统一社会信用代码（可不填）").fill(creditCode);
    await page.getByLabel("重伤人数").fill("1");
    await page.getByLabel("直接经济损失（元）").fill("120000");
    await page.getByRole("button", { name: "立案", exact: true }).click();
    await page.waitForURL(/\/accidents\/AC/);
    await eventually(() => page.getByText("调查中").count()).toBeGreaterThan(0);
    await page.getByRole("button", { name: "延长调查期限" }).click();
    await page.getByLabel("延长天数").fill("30");
    await page.getByLabel("批准机关").fill("隆阳区人民政府");
    await page.getByRole("button", { name: "提交", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "确定" }).click();
    await eventually(() => page.getByText("30 日（隆阳区人民政府批准）").count()).toBe(1);
    await expectAccessible(page, "accident detail");
    await screenshot(page, "accident-detail-desktop");
    const caseUrl = page.url();

    await page.goto(`/enterprises/${creditCode}`);
    const cases = page.getByRole("region", { name: "企业事故" });
    const link = cases.getByRole("link", { name: "二号车间冲压机械伤害，一人重伤" });
    await eventually(() => link.count()).toBe(1);
    await eventually(() => cases.getByText("调查中").count()).toBe(1);
    await link.click();
    await page.waitForURL(caseUrl);
    expect(p.errors).toEqual([]);
  });

  it("fits the phone: 监管对象 at 390 px", async () => {
    const p = await as(ANWEIBAN, PHONE);
    await p.page.goto("/enterprises");
    await eventually(() =>
      p.page.getByRole("region", { name: "企业列表" }).getByRole("link").count(),
    ).toBeGreaterThan(0);
    const width = await p.page.evaluate<number>("document.documentElement.scrollWidth");
    expect(width).toBeLessThanOrEqual(PHONE.width + 1);
    await screenshot(p.page, "enterprises-phone");
    expect(p.errors).toEqual([]);
  });

  it("imports a catalogue too large to post through the upload route, showing the upload's progress", async () => {
    const p = await as(ANWEIBAN);
    const { page } = p;
    // Last in the file: 1,300 more enterprises would change what the pages above count.
    const catalogue = generateEnterprises({ count: 1_300, seed: 5151, counties: ["530502"] });
    const csv = Buffer.from([HEADER, ...catalogue.map(csvLine)].join("\n"), "utf8");
    // Beyond the console's limit for a direct post (256 KB): the file goes to the object store first.
    expect(csv.length).toBeGreaterThan(256 * 1024);
    const routes: string[] = [];
    page.on("request", (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith("/v1/imports") || path.startsWith("/_local/objects"))
        routes.push(`${r.method()} ${path}`);
    });
    await page.goto("/imports");
    await page
      .getByLabel("选择 CSV 文件")
      .setInputFiles({ name: "全市企业名录.csv", mimeType: "text/csv", buffer: csv });
    await page.getByRole("button", { name: "开始导入" }).click();
    await eventually(() =>
      page.getByRole("progressbar", { name: "上传进度" }).getAttribute("aria-valuenow"),
    ).toBe("100");
    await expect.poll(() => page.getByText("已完成").count(), { timeout: 120_000, interval: 500 }).toBe(1);
    await eventually(() => page.getByRole("status").textContent()).toContain("新增 1300 条");
    await expectAccessible(page, "import (upload)");
    await screenshot(page, "import-upload-desktop");

    expect(routes[0]).toBe("POST /v1/imports/uploads");
    expect(routes[1]).toMatch(/^PUT \/_local\/objects\//);
    expect(routes[2]).toBe("POST /v1/imports/enterprises/uploaded");
    expect(routes).not.toContain("POST /v1/imports/enterprises");
    expect(p.errors).toEqual([]);
  });
});
