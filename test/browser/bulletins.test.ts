import { describe, expect, it } from "vitest";
import { consoleSession, eventually, expectAccessible, PHONE, screenshot } from "./support";

/**
 * The 通报 pages in a real browser against the local stack: October closes, the sweep at 01:00 on 6 November
 * drafts each jurisdiction's bulletin, and 隆阳区's 安委办 finds the draft, reads its tables, issues it under a
 * document number after a confirmation, and sees it 已印发.
 */
describe("the 通报 pages: a swept month's draft, issued by the 安委办", () => {
  const session = consoleSession({ now: "2026-10-28T09:00:00+08:00", demo: 12, name: "bulletins" });
  const ANWEIBAN = /隆阳区 · 安委办/;

  it("lists the draft after the sweep, opens it and issues it with a document number", async () => {
    await session.advanceTo("2026-11-06T02:00:00+08:00");
    const p = await session.as(ANWEIBAN);
    const { page } = p;
    await page.getByRole("navigation", { name: "主菜单" }).getByRole("link", { name: "通报" }).click();
    await page.waitForURL(/\/bulletins/);
    const table = page.getByRole("region", { name: "通报列表" });
    await eventually(() => table.getByRole("link").count()).toBe(1);
    expect(await table.textContent()).toContain("草稿");
    await expectAccessible(page, "bulletins");

    await table.getByRole("link").click();
    await page.waitForURL(/\/bulletins\/530502-2026-10-v1$/);
    await eventually(() => page.getByRole("heading", { level: 1 }).textContent()).toContain("2026年10月");
    expect(await page.getByRole("article", { name: "通报正文" }).getByRole("table").count()).toBeGreaterThan(
      0,
    );
    expect(await page.getByRole("button", { name: "下载 Excel" }).count()).toBe(1);

    await page.getByRole("button", { name: "印发", exact: true }).click();
    await page.getByLabel("文号").fill("隆安办〔2026〕12号");
    await page.getByRole("button", { name: "印发", exact: true }).last().click();
    const confirm = page.getByRole("dialog", { name: "请确认" });
    await eventually(() => confirm.textContent()).toContain("印发后通报不能修改");
    await confirm.getByRole("button", { name: "确定" }).click();
    const overview = page.getByLabel("通报信息");
    await eventually(() => overview.textContent()).toContain("已印发");
    expect(await overview.textContent()).toContain("隆安办〔2026〕12号");
    expect(await page.getByRole("button", { name: "更正（起草新版本）" }).count()).toBe(1);
    await expectAccessible(page, "bulletin detail");
    await page.evaluate("window.scrollTo(0, 0)");
    await screenshot(page, "bulletin-detail-desktop");

    const [file] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "下载 PDF" }).click(),
    ]);
    expect(file.suggestedFilename()).toMatch(/\.pdf$/);
    expect(p.errors).toEqual([]);
  });

  it("corrects the issued bulletin with a new draft version, and lists both versions at a phone's width", async () => {
    const p = await session.as(ANWEIBAN, PHONE);
    const { page } = p;
    await page.goto("/bulletins/530502-2026-10-v1");
    await page.getByRole("button", { name: "更正（起草新版本）" }).click();
    await page.getByLabel("更正原因").fill("一家企业的报送时间登记有误");
    await page.getByRole("button", { name: "提交" }).click();
    const confirm = page.getByRole("dialog", { name: "请确认" });
    await eventually(() => confirm.textContent()).toContain("取代本版通报");
    await confirm.getByRole("button", { name: "确定" }).click();
    await page.waitForURL(/\/bulletins\/530502-2026-10-v2$/);
    const overview = page.getByLabel("通报信息");
    await eventually(() => overview.textContent()).toContain("第 2 版");
    expect(await overview.textContent()).toContain("草稿");
    expect(await overview.textContent()).toContain("530502-2026-10-v1");

    await page.getByRole("link", { name: "← 返回通报列表" }).click();
    const table = page.getByRole("region", { name: "通报列表" });
    await eventually(() => table.getByRole("link").count()).toBe(2);
    const shown = (await table.textContent()) ?? "";
    expect(shown).toContain("已印发");
    expect(shown).toContain("草稿");
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page, "bulletins at a phone's width");
    await screenshot(page, "bulletins-phone");
    expect(p.errors).toEqual([]);
  });
});
