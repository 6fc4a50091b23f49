import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import type { Stack } from "../../local/stack";
import { startTestStack } from "../integration/support";

/**
 * The browser tests drive Debian's chromium (never a downloaded browser) against the real local stack, which
 * serves the built console. Each person gets a context of their own, as on separate devices.
 */
export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };
export const SHOTS = join(process.cwd(), "docs", "console");

export function buildConsole() {
  const result = spawnSync("npx", ["tsx", "console/build.ts"], { stdio: "inherit" });
  if (result.status !== 0) throw new Error("the console did not build");
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.DUBAN_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--lang=zh-CN"],
  });
}

export type Person = {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions seen in this person's pages. */
  errors: string[];
};

export async function person(browser: Browser, baseURL: string, viewport = DESKTOP): Promise<Person> {
  const context = await browser.newContext({
    baseURL,
    viewport,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return { context, page, errors };
}

/** Signs in from the local sign-in page by the demo user's label. */
export async function signInAs(p: Person, label: RegExp) {
  await p.page.goto("/sign-in");
  await p.page.getByRole("button", { name: label }).first().click();
  await p.page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

/** axe-core on the page as it is: no serious or critical violation. */
export async function expectAccessible(page: Page, what: string) {
  // The toast that confirms a submission fades in and out; caught mid-fade its colours read as low contrast.
  const result = await new AxeBuilder({ page }).exclude(".el-message").analyze();
  const serious = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(serious, `${what}: axe-core`).toEqual([]);
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

/** Waits for what a page shows; a loaded 2-core machine renders slowly, so generously. */
export const eventually = <T>(read: () => Promise<T> | T) =>
  expect.poll(read, { timeout: 20_000, interval: 100 });

/**
 * One describe block's browser against one local stack: the console built, the stack on the virtual clock
 * at `now` with `demo` enterprises, Debian's chromium. `as(label)` signs a person in on a device of their
 * own; `advanceTo` moves the clock. A failed test leaves what each person saw in the temp folder.
 */
export function consoleSession(options: { now: string; demo: number; name: string }) {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  const people: Person[] = [];

  beforeAll(async () => {
    buildConsole();
    stack = await startTestStack({ now: options.now, demo: options.demo });
    browser = await launch();
  }, 180_000);

  afterAll(async () => {
    for (const p of people) await p.context.close();
    await browser?.close();
    await stack?.stop();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== "fail") return;
    for (const [n, p] of people.entries()) {
      const path = `${tmpdir()}/duban-${options.name}-failure-${n}.png`;
      await p.page.screenshot({ path }).catch(() => undefined);
    }
  });

  const base = () => (stack as Stack).urls.api;
  return {
    base,
    /** A fresh browser context, not signed in. */
    async visitor(viewport = DESKTOP) {
      const p = await person(browser as Browser, base(), viewport);
      people.push(p);
      return p;
    },
    async as(label: RegExp, viewport = DESKTOP) {
      const p = await person(browser as Browser, base(), viewport);
      people.push(p);
      await signInAs(p, label);
      return p;
    },
    async advanceTo(shanghaiIso: string) {
      const moved = await fetch(`${base()}/_local/clock`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ advanceTo: shanghaiIso }),
      });
      expect(moved.status).toBe(200);
    },
  };
}
