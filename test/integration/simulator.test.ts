import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { config } from "../../config";
import { checkInvariants, type Observed } from "../../local/simulator/invariants";
import { expectedStreak } from "../../local/simulator/plan";
import { simulate } from "../../local/simulator/run";

const ROOT = join(import.meta.dirname, "../..");

describe("the simulator", () => {
  let run: Awaited<ReturnType<typeof simulate>>;

  beforeAll(async () => {
    run = await simulate({ enterprises: 60, months: 3, seed: 1 });
  }, 180_000);

  it("runs 60 enterprises for 3 months on the embedded stack with every invariant holding", () => {
    const { result } = run;

    expect(result.invariants.violated).toEqual([]);
    expect(result.invariants.checked).toBeGreaterThan(1000);
    expect(result.notifications.duplicates).toBe(0);
  });

  it("accounts for every enterprise-month as on time, late or missing", () => {
    const { result, plan } = run;
    const plannedFilings = plan.enterprises.reduce(
      (n, e) => n + e.periods.reduce((m, p) => m + p.events.length, 0),
      0,
    );

    const { onTime, late, missing } = result.reports;

    expect(onTime + late + missing).toBe(60 * 3);
    expect(onTime).toBeGreaterThan(late + missing);
    expect(result.filings.requests).toBe(plannedFilings);
    expect(result.filings.requests).toBe(onTime + late + result.filings.amendments);
  });

  it("sends one SMS per email, as every reminder and digest goes out on both channels", () => {
    const { notifications, awsCalls } = run.result;

    expect(notifications.sms).toBeGreaterThan(0);
    expect(notifications.sms).toBe(notifications.email);
    expect(awsCalls["PinpointSMSVoiceV2.SendTextMessage"]).toBe(notifications.sms);
    expect(awsCalls["SESv2.SendEmail"]).toBe(notifications.email);
  });

  it("reads through the sparse index no more items than the sweeps had non-filers to find", () => {
    const { sweep } = run.result;

    expect(sweep.nonFilers).toBeGreaterThan(0);
    expect(sweep.itemsRead).toBeGreaterThanOrEqual(sweep.nonFilers);
    expect(sweep.itemsRead).toBeLessThanOrEqual(Math.ceil(sweep.nonFilers * 1.05));
  });

  it("lists an enterprise that missed three periods in a row for tracking in its county's digest", () => {
    const { plan, observed } = run;
    const chronic = plan.enterprises.find((e) => expectedStreak(plan, e, 2) >= 3);

    const digests = observed.emails.filter((m) => m.text.includes(chronic?.enterprise.creditCode ?? "?"));

    expect(chronic).toBeDefined();
    expect(digests.some((m) => m.text.includes(`${chronic?.enterprise.creditCode}，`))).toBe(true);
    expect(digests.some((m) => m.text.includes("连续3个月未报"))).toBe(true);
  });

  it("prices the counted calls per month", () => {
    const { estimatedMonthlyCostUSD, cost, notifications } = run.result;

    expect(estimatedMonthlyCostUSD).toBeGreaterThan(0);
    expect(cost.smsParts).toBeGreaterThanOrEqual(notifications.sms);
    expect(cost.perMonthUSD.sms).toBeGreaterThan(cost.perMonthUSD.dynamodb);
  });

  it("reports a fabricated duplicate SMS as a duplicate and a violation", () => {
    const { plan, observed } = run;
    const first = observed.sms[0];
    const tampered: Observed = { ...observed, sms: first ? [...observed.sms, { ...first }] : observed.sms };

    const report = checkInvariants(plan, config, tampered);

    expect(first).toBeDefined();
    expect(report.duplicates).toBe(1);
    expect(report.violated.some((v) => v.includes("got 2 reminders") || v.includes("2 sms digests"))).toBe(
      true,
    );
  });

  it("reports a reminder that never arrived and a non-filer left unmarked at close", () => {
    const { plan, observed } = run;
    const overdue = observed.filings.find((r) => r.overdueAt);
    const tampered: Observed = {
      ...observed,
      sms: observed.sms.filter((m) => m.template !== "SMS_DUBAN_REPORT_REMIND"),
      filings: observed.filings.map((r) => (r === overdue ? { ...r, overdueAt: undefined } : r)),
    };

    const report = checkInvariants(plan, config, tampered);

    expect(overdue).toBeDefined();
    expect(report.violated.some((v) => v.startsWith("non-filer got 0 reminders"))).toBe(true);
    expect(report.violated).toContain(
      `${overdue?.creditCode} ${overdue?.period} missing at close but overdueAt=unset`,
    );
  });

  it("reports an SMS delivered in the quiet hours", () => {
    const { plan, observed } = run;
    const first = observed.sms[0];
    const tampered: Observed = {
      ...observed,
      sms: observed.sms.map((m) => (m === first ? { ...m, at: "2026-02-03T23:30:00+08:00" } : m)),
    };

    const report = checkInvariants(plan, config, tampered);

    expect(report.violated).toContain(
      `sms delivered in quiet hours at 2026-02-03T23:30:00+08:00 to ${first?.to}`,
    );
  });

  it.each([
    [["--enterprises", "abc"], "--enterprises"],
    [["--start", "2026-13"], "--start"],
    [["--months", "0"], "--months"],
  ])("exits 2 naming the flag when given %j", (args, flag) => {
    const out = spawnSync(process.execPath, ["--import", "tsx", "local/simulate.ts", ...args], {
      cwd: ROOT,
      encoding: "utf8",
    });

    expect(out.status).toBe(2);
    expect(out.stderr).toContain(flag);
  });
});
