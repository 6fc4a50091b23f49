import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Enterprise, Official } from "../../functions/domain/catalogue";
import { demoCatalogue } from "../../local/demo-data";
import type { SinkedSms } from "../../local/sms-sink";
import {
  advance,
  advanceAndKill,
  cleanUpProcesses,
  clockOf,
  type Duban,
  firstStart,
  startDuban,
  tempDir,
} from "./process";
import { tokenFor } from "./support";

/**
 * A listed major hazard's whole escalation ladder on the real `npm start` process, killed with SIGKILL in
 * the middle of the timeline and started again on the same data: every step reaches its audience once —
 * nothing lost, nothing sent twice — and the hazard records every step.
 */

const DEMO = demoCatalogue(300);
const COUNTY = "530502";
const CITY = "530500";
const DEADLINE = "2026-11-20";
const [A, B] = DEMO.enterprises.filter((e) => e.countyCode === COUNTY) as [Enterprise, Enterprise];

const officials = (jurisdiction: string, role: Official["role"], department?: string) =>
  DEMO.officials.filter(
    (o) =>
      o.jurisdictionCode === jurisdiction && o.role === role && (!department || o.department === department),
  );

/** Who hears of each step: SMS template id, the `days` parameter, and the mobile numbers. */
function expectedSteps(e: Enterprise) {
  const enterprise = [e.legalRep.mobile, e.safetyManager.mobile];
  const inspectors = officials(COUNTY, "inspector", e.supervisingDepartment).map((o) => o.mobile);
  const first = [...enterprise, ...inspectors];
  return [
    { step: "reminder-30", template: "SMS_DUBAN_MAJOR_REMIND", days: "30", to: first },
    { step: "reminder-7", template: "SMS_DUBAN_MAJOR_REMIND", days: "7", to: first },
    { step: "reminder-1", template: "SMS_DUBAN_MAJOR_REMIND", days: "1", to: first },
    { step: "overdue", template: "SMS_DUBAN_MAJOR_OVERDUE", days: undefined, to: first },
    {
      step: "escalate-1",
      template: "SMS_DUBAN_MAJOR_ESCALATE",
      days: "3",
      to: officials(COUNTY, "anweiban").map((o) => o.mobile),
    },
    {
      step: "escalate-2",
      template: "SMS_DUBAN_MAJOR_ESCALATE",
      days: "10",
      to: officials(COUNTY, "leader").map((o) => o.mobile),
    },
    {
      step: "escalate-3",
      template: "SMS_DUBAN_MAJOR_ESCALATE",
      days: "30",
      to: [...officials(CITY, "anweiban"), ...officials(CITY, "leader")].map((o) => o.mobile),
    },
  ];
}

async function listMajorHazard(
  duban: Duban,
  secret: Uint8Array,
  e: Enterprise,
  title: string,
): Promise<string> {
  const enterprise = await tokenFor(secret, {
    role: "enterprise",
    jurisdiction: e.countyCode,
    enterprise: e.creditCode,
  });
  const inspector = await tokenFor(secret, { role: "inspector", jurisdiction: e.countyCode });
  const registered = await duban.api("POST", `/v1/enterprises/${e.creditCode}/hazards`, {
    token: enterprise,
    body: {
      level: "major",
      title,
      description: "储罐区防火堤破损，未按规定设置可燃气体报警装置",
      foundAt: "2026-09-30T10:00:00+08:00",
      source: "self_inspection",
    },
  });
  expect(registered.status, registered.text).toBe(201);
  const id = registered.body.id as string;
  const plan = await duban.api("PUT", `/v1/hazards/${id}/plan`, {
    token: enterprise,
    body: {
      objectives: "修复防火堤，增设报警装置",
      measures: "停用受影响储罐，委托有资质单位施工",
      responsible: { name: e.safetyManager.name, mobile: e.safetyManager.mobile },
      funds: { amountYuan: 180000, source: "企业自筹" },
      deadline: DEADLINE,
      safetyMeasures: "设置警戒区，24小时值守",
      contingencyPlan: "启动储罐泄漏专项应急预案",
    },
  });
  expect(plan.status, plan.text).toBe(200);
  const listed = await duban.api("POST", `/v1/hazards/${id}/listing`, {
    token: inspector,
    body: { level: "county", department: e.supervisingDepartment, documentNo: "隆应急督〔2026〕7号" },
  });
  expect(listed.status, listed.text).toBe(200);
  expect(listed.body.upcoming.map((u: { step: string }) => u.step)).toEqual(
    expectedSteps(e).map((s) => s.step),
  );
  return id;
}

afterAll(async () => {
  await cleanUpProcesses();
});

describe("kill -9 in the middle of a major hazard's escalation ladder, then restart", () => {
  // After the first reminder; after the overdue step, between the escalations.
  for (const killAt of ["2026-10-21T09:00:00+08:00", "2026-11-24T09:00:00+08:00"]) {
    it(`reaches every step's audience exactly once (killed once the clock passes ${killAt})`, {
      timeout: 300_000,
    }, async () => {
      const data = tempDir("ladder");
      const first = await firstStart(data, "2026-10-01T00:00:00+08:00");
      const secret = new TextEncoder().encode(readFileSync(join(data, "secret"), "utf8").trim());
      const hazards = [
        { enterprise: A, title: `储罐区防火堤隐患-${killAt.slice(5, 10)}-A`, id: "" },
        { enterprise: B, title: `储罐区防火堤隐患-${killAt.slice(5, 10)}-B`, id: "" },
      ];
      for (const h of hazards) h.id = await listMajorHazard(first, secret, h.enterprise, h.title);

      const kill = await advanceAndKill(first, data, "2026-12-31T00:00:00+08:00", { clockPast: killAt });
      const second = await startDuban(data);
      const resumedAt = await clockOf(second);
      await advance(second, "2026-12-31T00:00:00+08:00");
      const sms = (await second.api("GET", "/_local/sms")).body.items as SinkedSms[];
      const admin = await tokenFor(secret, { role: "admin", jurisdiction: "530000" });
      const views = await Promise.all(
        hazards.map((h) => second.api("GET", `/v1/hazards/${h.id}`, { token: admin })),
      );
      await second.stop();

      expect(kill.inFlight, "the kill hit the advance in flight").toBe(true);
      expect(kill.clockBefore > new Date(killAt).toISOString(), `killed at ${kill.clockBefore}`).toBe(true);
      expect(resumedAt >= kill.clockBefore, `${resumedAt} ≥ ${kill.clockBefore}`).toBe(true);
      const duplicates: string[] = [];
      const missing: string[] = [];
      for (const h of hazards) {
        const about = sms.filter((m) => m.params.hazard === h.title);
        for (const step of expectedSteps(h.enterprise)) {
          for (const to of step.to) {
            const n = about.filter(
              (m) => m.to === to && m.template === step.template && m.params.days === step.days,
            ).length;
            if (n > 1) duplicates.push(`${h.title} ${step.step} → ${to} ×${n}`);
            if (n === 0) missing.push(`${h.title} ${step.step} → ${to}`);
          }
        }
      }
      expect(duplicates).toEqual([]);
      // A message claimed but not yet handed to the provider at the kill is not resent (at most once);
      // the ladder's sends are few and far apart, so a kill almost never lands inside one.
      expect(missing.length, missing.join("\n")).toBeLessThanOrEqual(2);
      for (const [i, view] of views.entries()) {
        expect(view.status, view.text).toBe(200);
        const fired = view.body.timeline
          .filter((t: { what: string }) => t.what.startsWith("ladder step "))
          .map((t: { what: string }) => t.what.slice("ladder step ".length));
        expect(fired.sort(), hazards[i]?.title).toEqual(
          expectedSteps(A)
            .map((s) => s.step)
            .sort(),
        );
        expect(view.body.overdue).toBe(true);
        expect(view.body.upcoming).toEqual([]);
      }
    });
  }
});
