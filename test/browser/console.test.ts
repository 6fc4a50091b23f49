import { describe, expect, it } from "vitest";
import { consoleSession, eventually, expectAccessible, PHONE, screenshot } from "./support";

/**
 * The console in a real browser against the real local stack on a virtual clock: an enterprise files its
 * monthly report and registers a major hazard with a plan; an inspector lists it; the clock passes the
 * deadline; the county 安委办 sees it overdue; the enterprise asks for more time and the inspector agrees.
 */
describe("the console, end to end", () => {
  const session = consoleSession({ now: "2026-11-02T09:00:00+08:00", demo: 30, name: "browser" });
  const as = session.as;
  let hazardUrl = "";

  const ENTERPRISE = /隆阳区 · 保山市隆阳区达腾煤矿有限责任公司/;
  const INSPECTOR = /隆阳区 · 监管人员（应急管理局） · /;
  const ANWEIBAN = /隆阳区 · 安委办/;

  it("lists the demo users on the sign-in page, accessibly", async () => {
    const p = await session.visitor();
    await p.page.goto("/");
    await p.page.waitForURL(/\/sign-in/);
    await eventually(() => p.page.getByRole("button", { name: ENTERPRISE }).count()).toBeGreaterThan(0);
    await expectAccessible(p.page, "sign-in");
    await screenshot(p.page, "sign-in-desktop");
    expect(p.errors).toEqual([]);
  });

  it("lets an enterprise file its monthly report with the legal representative prefilled, and read it back", async () => {
    const p = await as(ENTERPRISE);
    const { page } = p;
    await eventually(() => page.getByText("2026年10月自查自报月报").count()).toBe(1);
    await expectAccessible(page, "enterprise home");
    await screenshot(page, "enterprise-home-desktop");
    await page.getByRole("button", { name: /填报/ }).click();
    await page.waitForURL(/\/report\/2026-10/);
    const signer = page.getByLabel("签字人（法定代表人）");
    await eventually(() => signer.inputValue()).not.toBe("");
    // A wrong signer is refused beside the field, by the API, in Chinese.
    const legalRep = await signer.inputValue();
    await signer.fill("张三");
    await page.getByRole("button", { name: "报送月报" }).click();
    await eventually(() => page.getByText(legalRep).count()).toBeGreaterThan(0);
    // The refusal was meant: the browser logs the 422 response; nothing else may be logged.
    expect(p.errors.filter((e) => !e.includes("422"))).toEqual([]);
    p.errors.length = 0;
    await signer.fill(legalRep);
    await page.getByLabel("本月自查次数").fill("4");
    await page.getByRole("button", { name: "报送月报" }).click();
    await eventually(() =>
      page.getByRole("region", { name: "已报送版本" }).getByText("第 1 版", { exact: true }).count(),
    ).toBe(1);
    await eventually(() => page.getByText("按时报送").count()).toBeGreaterThan(0);
    await expectAccessible(page, "monthly report");
    await screenshot(page, "monthly-report-desktop");
    expect(p.errors).toEqual([]);
  });

  it("lets the enterprise register a major hazard and set its treatment plan", async () => {
    const p = await as(ENTERPRISE);
    const { page } = p;
    await page.goto("/hazards?register=1");
    await page.getByLabel("隐患名称").fill("主斜井提升绞车制动系统失效");
    await page.getByLabel("隐患描述").fill("制动闸瓦磨损超限，制动力矩不足");
    await page.getByLabel("所在部位").fill("主斜井绞车房");
    await page.getByRole("button", { name: "登记", exact: true }).click();
    await page.waitForURL(/\/hazards\/HZ-/);
    hazardUrl = new URL(page.url()).pathname;
    await page.getByRole("button", { name: "制定治理方案（五落实）" }).click();
    await page.getByLabel("治理目标和任务").fill("更换制动系统，恢复安全制动能力");
    await page.getByLabel("治理措施（措施落实）").fill("停用绞车，更换闸瓦和液压站，专业机构检测");
    await page.getByLabel("责任人（责任落实）").fill("李建国");
    await page.getByLabel("责任人手机号").fill("13900001111");
    await page.getByLabel("治理资金（元，资金落实）").fill("180000");
    await page.getByLabel("资金来源").fill("企业安全生产费用");
    await page.getByLabel("治理时限（时限落实）").fill("2026-11-30");
    await page.getByLabel("治理期间的安全措施").fill("停止提升作业，设置警戒");
    await page.getByLabel("应急预案（预案落实）").fill("启动矿井提升事故专项应急预案");
    await page.getByRole("button", { name: "提交", exact: true }).click();
    await eventually(() => page.getByText("已制定治理方案").count()).toBeGreaterThan(0);
    await expectAccessible(page, "hazard detail (enterprise)");
    await screenshot(page, "hazard-detail-desktop");
    expect(p.errors).toEqual([]);
  });

  it("lets an inspector of the county find the hazard and list it for supervision", async () => {
    const p = await as(INSPECTOR);
    const { page } = p;
    await page.goto("/hazards?level=major");
    await eventually(() => page.getByText("主斜井提升绞车制动系统失效").count()).toBe(1);
    await expectAccessible(page, "hazard list");
    await page.getByRole("link", { name: "主斜井提升绞车制动系统失效" }).click();
    await page.getByRole("button", { name: "挂牌督办" }).click();
    await page.getByLabel("挂牌部门").fill("隆阳区应急管理局");
    await page.getByLabel("督办文号").fill("隆应急督〔2026〕12号");
    await page.getByRole("button", { name: "提交", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "确定" }).click();
    await eventually(() => page.getByText("挂牌督办中").count()).toBeGreaterThan(0);
    expect(p.errors).toEqual([]);
  });

  it("shows the 安委办 the hazard overdue on the 工作台 and in the filtered list once the deadline passes", async () => {
    await session.advanceTo("2026-12-02T10:00:00+08:00");
    const p = await as(ANWEIBAN);
    const { page } = p;
    await page.waitForURL(/\/dashboard/);
    const overdueTable = page.getByRole("region", { name: "逾期重大隐患" });
    await eventually(() => overdueTable.getByText("主斜井提升绞车制动系统失效").count()).toBe(1);
    // The month's figures come from the compliance sweep (October's ran on 6 November); the page says which.
    await eventually(() => page.getByTestId("statistics-period").textContent()).toMatch(
      /统计期 2026年10月 · 计算于 2026年11月6日/,
    );
    await eventually(() => page.getByText("月报报送率").count()).toBe(1);
    await expectAccessible(page, "dashboard");
    await screenshot(page, "dashboard-desktop");
    await page.getByRole("link", { name: "逾期重大隐患完整列表" }).click();
    await page.waitForURL(/overdue=true/);
    await eventually(() => page.getByText("主斜井提升绞车制动系统失效").count()).toBe(1);
    await eventually(() => page.getByText("已逾期").count()).toBeGreaterThan(0);
    await screenshot(page, "hazards-overdue-desktop");
    expect(p.errors).toEqual([]);
  });

  it("lets the enterprise ask for an extension from a phone and the inspector approve it", async () => {
    const e = await as(ENTERPRISE, PHONE);
    await e.page.goto(hazardUrl);
    await e.page.getByRole("button", { name: "申请延期" }).click();
    await e.page.getByLabel("申请延期至").fill("2026-12-31");
    await e.page.getByLabel("延期理由").fill("液压站配件到货延迟，厂家承诺 12 月 20 日前供货");
    await e.page.getByRole("button", { name: "提交", exact: true }).click();
    await eventually(() => e.page.getByText("待审批").count()).toBe(1);
    await expectAccessible(e.page, "hazard detail (phone)");
    await screenshot(e.page, "hazard-detail-phone");
    await e.page.goto("/home");
    await eventually(() => e.page.getByText(/主斜井提升绞车/).count()).toBeGreaterThan(0);
    await screenshot(e.page, "enterprise-home-phone");

    const i = await as(INSPECTOR);
    await i.page.goto(hazardUrl);
    await i.page.getByRole("button", { name: /审批延期申请/ }).click();
    await i.page.getByLabel("审批说明").fill("同意延期至 12 月 31 日，期间落实停用措施");
    await i.page.getByRole("button", { name: "提交审批" }).click();
    await i.page.getByRole("dialog").getByRole("button", { name: "确定" }).click();
    await eventually(() => i.page.getByText("已同意").count()).toBe(1);
    await eventually(() => i.page.getByText("2026年12月31日").count()).toBeGreaterThan(0);
    await eventually(() => i.page.getByText("已逾期", { exact: true }).count()).toBe(0);
    expect(e.errors).toEqual([]);
    expect(i.errors).toEqual([]);
  });

  it("fits the phone: the 安委办's 工作台 and the sign-in page at 390 px", async () => {
    const p = await as(ANWEIBAN, PHONE);
    await p.page.waitForURL(/\/dashboard/);
    await eventually(() => p.page.getByText("月报报送率").count()).toBe(1);
    const width = await p.page.evaluate<number>("document.documentElement.scrollWidth");
    expect(width).toBeLessThanOrEqual(PHONE.width + 1);
    await screenshot(p.page, "dashboard-phone");
    expect(p.errors).toEqual([]);
  });
});
