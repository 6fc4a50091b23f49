import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { config } from "../../config";
import { checkInvariants, type Observed } from "../../local/simulator/invariants";
import { expectedStreak } from "../../local/simulator/plan";
import { simulate } from "../../local/simulator/run";
import type { Sample } from "../../local/simulator/subject-actor";

const ROOT = join(import.meta.dirname, "../..");

describe("the simulator", () => {
  let run: Awaited<ReturnType<typeof simulate>>;

  beforeAll(async () => {
    // The filing cycle alone: hazards and accident cases have their own run below.
    run = await simulate({
      enterprises: 60,
      months: 3,
      seed: 1,
      hazardsPerEnterpriseYear: 0,
      accidentsPerYear: 0,
    });
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

  it("sends one SMS per email, as every reminder and digest goes out on both channels, plus one 回执 SMS per filing", () => {
    const { notifications, awsCalls, filings } = run.result;

    expect(notifications.sms).toBeGreaterThan(0);
    expect(notifications.sms).toBe(notifications.email + filings.requests);
    expect(awsCalls["PinpointSMSVoiceV2.SendTextMessage"]).toBe(notifications.sms);
    expect(awsCalls["SESv2.SendEmail"]).toBe(notifications.email);
  });

  it("reads through the sparse index no more items than the sweeps had non-filers to find", () => {
    const { cycleSweeps: sweep } = run.result;

    expect(sweep.nonFilers).toBeGreaterThan(0);
    expect(sweep.itemsRead).toBeGreaterThanOrEqual(sweep.nonFilers);
    expect(sweep.itemsRead).toBeLessThanOrEqual(Math.ceil(sweep.nonFilers * 1.05));
  });

  it("the compliance sweep's every checked figure equals the ledger's, reading at most 1.1 items per item reported", () => {
    const { sweep } = run.result;

    expect(sweep.firstMismatches ?? []).toEqual([]);
    expect(sweep.figuresChecked).toBeGreaterThan(0);
    expect(sweep.itemsRead).toBeLessThanOrEqual(Math.ceil(sweep.itemsReported * 1.1));
  });

  it("drafts a bulletin for every jurisdiction of every swept month, its figures and ranks the ledger's", () => {
    const { sweep, bulletins } = run.result;

    // Each bulletin's mismatches are among the sweep's, which are none.
    expect(sweep.firstMismatches ?? []).toEqual([]);
    expect(bulletins.made).toBeGreaterThanOrEqual(3 * 3);
    expect(bulletins.figuresChecked).toBeGreaterThan(bulletins.made * 9);
    expect(bulletins.pdfBytes).toBeGreaterThan(bulletins.made * 10_000);
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
    const first = observed.sms.find((m) => m.template === "SMS_DUBAN_REPORT_REMIND");
    const tampered: Observed = { ...observed, sms: first ? [...observed.sms, { ...first }] : observed.sms };

    const report = checkInvariants(plan, config, tampered);

    expect(first).toBeDefined();
    expect(report.duplicates).toBe(1);
    expect(report.violated.some((v) => v.includes("got 2 reminders") || v.includes("2 sms digests"))).toBe(
      true,
    );
  });

  it("reports a bulletin's draft reminder delivered twice", () => {
    const { plan, observed } = run;
    const reminder = observed.sms.find((m) => m.template === "SMS_DUBAN_BULLETIN_DRAFT");
    const tampered: Observed = {
      ...observed,
      sms: reminder ? [...observed.sms, { ...reminder }] : observed.sms,
    };

    const report = checkInvariants(plan, config, tampered);

    expect(reminder).toBeDefined();
    expect(report.duplicates).toBe(1);
    expect(
      report.violated.some((v) => v.startsWith("bulletin reminder") && v.endsWith("delivered 2 times")),
    ).toBe(true);
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
    [["--hazards-per-enterprise-year", "lots"], "--hazards-per-enterprise-year"],
    [["--accidents-per-year", "-1"], "--accidents-per-year"],
  ])("exits 2 naming the flag when given %j", (args, flag) => {
    const out = spawnSync(process.execPath, ["--import", "tsx", "local/simulate.ts", ...args], {
      cwd: ROOT,
      encoding: "utf8",
    });

    expect(out.status).toBe(2);
    expect(out.stderr).toContain(flag);
  });
});

describe("the simulator with hazards and accident cases", () => {
  let run: Awaited<ReturnType<typeof simulate>>;
  const DAY_MS = 86_400_000;

  beforeAll(async () => {
    run = await simulate({
      enterprises: 80,
      months: 4,
      seed: 3,
      hazardsPerEnterpriseYear: 3,
      accidentsPerYear: 30,
    });
  }, 240_000);

  /** The SMS template id a config template is sent under. */
  const smsId = (template: string) => config.templates[template]?.sms?.templateId ?? "?";

  it("runs 80 enterprises for 4 months with hazards and accident cases, every invariant holding", () => {
    const { result } = run;

    expect(result.invariants.violated).toEqual([]);
    expect(result.notifications.duplicates).toBe(0);
    expect(result.hazards?.major).toBeGreaterThan(5);
    expect(result.hazards?.delisted).toBeGreaterThan(0);
    expect(result.hazards?.extended).toBeGreaterThan(0);
    expect(result.hazards?.escalations["escalate-1"]).toBeGreaterThan(0);
    expect(result.accidents?.created).toBeGreaterThan(0);
    expect(result.accidents?.overdueInvestigations).toBeGreaterThan(0);
  });

  it("reports a second SMS of the same escalation step as a duplicate", () => {
    const { plan, observed } = run;
    const escalation = observed.sms.find((m) => m.template === smsId("major-hazard-escalation"));
    const tampered: Observed = {
      ...observed,
      sms: escalation ? [...observed.sms, { ...escalation }] : observed.sms,
    };

    const report = checkInvariants(plan, config, tampered);

    expect(escalation).toBeDefined();
    expect(report.duplicates).toBe(1);
    expect(report.violated.some((v) => /v\d+ escalate-\d reached .* by sms 2×, expected 1/.test(v))).toBe(
      true,
    );
  });

  it("reports a notice of a hazard after its delisting", () => {
    const { plan, observed } = run;
    const delisted = plan.subjects?.hazards.find(
      (h) => observed.subjects?.finals[h.key]?.status === "delisted",
    );
    const acceptedAt = delisted?.actions.find((a) => a.kind === "accept" && a.result === "passed")?.at;
    const notice = observed.sms.find((m) => m.params.hazard === delisted?.title);
    const later = new Date(
      Math.floor(((acceptedAt?.getTime() ?? 0) + 7 * DAY_MS) / DAY_MS) * DAY_MS + 3_600_000,
    );
    const tampered: Observed = {
      ...observed,
      sms: notice ? [...observed.sms, { ...notice, at: later.toISOString() }] : observed.sms,
    };

    const report = checkInvariants(plan, config, tampered);

    expect(notice).toBeDefined();
    expect(report.violated.some((v) => v.includes(`at ${later.toISOString()} after its delisting at`))).toBe(
      true,
    );
  });

  it("reports a step of the old plan after an approved extension", () => {
    const { plan, observed } = run;
    const extended = plan.subjects?.hazards.flatMap((h) => {
      const approvedAt = h.actions.find((a) => a.kind === "decideExtension" && a.approved)?.at;
      const before = observed.sms.find(
        (m) =>
          m.params.hazard === h.title &&
          m.template !== smsId("major-hazard-listed") &&
          // Progress reminders name the hazard too, but are no step of its plan.
          m.template !== smsId("progress-report-reminder") &&
          approvedAt !== undefined &&
          new Date(m.at) < approvedAt,
      );
      return approvedAt && before ? [{ approvedAt, before }] : [];
    })[0];
    const later = new Date(
      Math.floor(((extended?.approvedAt.getTime() ?? 0) + 2 * DAY_MS) / DAY_MS) * DAY_MS + 3_600_000,
    );
    const tampered: Observed = {
      ...observed,
      sms: extended ? [...observed.sms, { ...extended.before, at: later.toISOString() }] : observed.sms,
    };

    const report = checkInvariants(plan, config, tampered);

    expect(extended).toBeDefined();
    expect(
      report.violated.some((v) => v.includes(`at ${later.toISOString()} of plan version v1 after v2`)),
    ).toBe(true);
  });

  it("reports a hazard notice to an official of another county as outside the jurisdiction chain", () => {
    const { plan, observed } = run;
    const county = new Set(plan.enterprises.map((e) => e.enterprise.countyCode));
    const notice = observed.sms.find(
      (m) =>
        m.template === smsId("major-hazard-listed") &&
        plan.officials.some((o) => o.mobile === m.to && county.has(o.jurisdictionCode)),
    );
    const official = plan.officials.find((o) => o.mobile === notice?.to);
    const stranger = plan.officials.find(
      (o) =>
        o.role === official?.role &&
        county.has(o.jurisdictionCode) &&
        o.jurisdictionCode !== official?.jurisdictionCode,
    );
    const tampered: Observed = {
      ...observed,
      sms: observed.sms.map((m) => (m === notice && stranger ? { ...m, to: stranger.mobile } : m)),
    };

    const report = checkInvariants(plan, config, tampered);

    expect(stranger).toBeDefined();
    expect(
      report.violated.some((v) =>
        v.includes(
          `sms to ${stranger?.mobile} (${stranger?.role} of ${stranger?.jurisdictionCode}) outside its jurisdiction chain`,
        ),
      ),
    ).toBe(true);
  });

  it("reports a hazard that missed two months of progress but is not tracked in the anweiban's digest", () => {
    const { plan, observed } = run;
    const digest = observed.emails.find(
      (m) =>
        m.subject.includes("重大隐患治理进展汇总") &&
        /连续2个月未报\n/.test(m.text) &&
        m.to.startsWith("anweiban."),
    );
    const tracked = digest?.text.slice(digest.text.indexOf("二、"));
    const tampered: Observed = {
      ...observed,
      emails: observed.emails.map((m) =>
        m === digest && tracked
          ? { ...m, text: m.text.replace(tracked, tracked.replace(/（HZ-[0-9A-Z-]+）/g, "（?）")) }
          : m,
      ),
    };

    const report = checkInvariants(plan, config, tampered);

    expect(digest).toBeDefined();
    expect(
      report.violated.some((v) => v.includes("missed 2 months of progress in a row but is not tracked")),
    ).toBe(true);
  });

  it("reports an upcoming step that did not fire when it said", () => {
    const { plan, observed } = run;
    // A sample whose next step then fired as promised: moved an hour earlier, the promise is broken.
    const fired = (x: Sample) =>
      observed.subjects?.finals[x.subject]?.timeline.some(
        (t) =>
          t.what === `ladder step ${x.upcoming?.[0]?.step}` &&
          new Date(t.at).getTime() === new Date(x.upcoming?.[0]?.dueAt ?? 0).getTime(),
      );
    const sample = observed.subjects?.samples.find((x) => (x.upcoming?.length ?? 0) > 0 && fired(x));
    const first = sample?.upcoming?.[0];
    const moved = first ? new Date(new Date(first.dueAt).getTime() - 3_600_000).toISOString() : "";
    const tampered: Observed = {
      ...observed,
      subjects: observed.subjects && {
        ...observed.subjects,
        samples: observed.subjects.samples.map((x) =>
          x === sample && first
            ? { ...x, upcoming: [{ ...first, dueAt: moved }, ...(x.upcoming ?? []).slice(1)] }
            : x,
        ),
      },
    };

    const report = checkInvariants(plan, config, tampered);

    expect(first).toBeDefined();
    expect(
      report.violated.some((v) => v.includes(`listed ${first?.step} due ${moved}, which did not fire then`)),
    ).toBe(true);
  });
});
