import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "../../config";
import type { Enterprise, Official } from "../../functions/domain/catalogue";
import { FAILPOINTS } from "../../functions/domain/failpoints";
import { ladderTimerId } from "../../functions/domain/supervision";
import { demoCatalogue } from "../../local/demo-data";
import type { SinkedSms } from "../../local/sms-sink";
import { advance, cleanUpProcesses, type Duban, firstStart, startDuban, tempDir } from "./process";
import { type Json, tokenFor } from "./support";

/**
 * The real `npm start` process, made to die at each named failpoint in turn (it SIGKILLs itself there, as
 * `kill -9` would) and started again on the same data. After each restart: every ladder timer of the
 * subject exists, every notice went out exactly once or is recorded as an undelivered attempt, and nothing
 * was sent twice.
 */

const DEMO = demoCatalogue(300);
const COUNTY = "530502";
const ENTERPRISES = DEMO.enterprises.filter((e) => e.countyCode === COUNTY && e.status === "active");
const officials = (jurisdiction: string, role: Official["role"]) =>
  DEMO.officials.filter((o) => o.jurisdictionCode === jurisdiction && o.role === role);
const MAJOR_STEPS = config.ladders.majorHazard.map((s) => s.id);

let data: string;
let secret: Uint8Array;
let duban: Duban;
let admin: string;

beforeAll(async () => {
  data = tempDir("failpoints");
  duban = await firstStart(data, "2026-10-01T00:00:00+08:00");
  secret = new TextEncoder().encode(readFileSync(join(data, "secret"), "utf8").trim());
  admin = await tokenFor(secret, { role: "admin", jurisdiction: "530000" });
  await advance(duban, "2026-10-20T10:00:00+08:00");
}, 300_000);

afterAll(async () => {
  await duban?.stop();
  await cleanUpProcesses();
});

const smsLog = (): SinkedSms[] =>
  readFileSync(join(data, "sms.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as SinkedSms);

/** Registers and plans a major hazard of `e` (the listing is the action the failpoints interrupt). */
async function plannedHazard(e: Enterprise, title: string): Promise<string> {
  const owner = await tokenFor(secret, {
    role: "enterprise",
    jurisdiction: COUNTY,
    enterprise: e.creditCode,
  });
  const registered = await duban.api("POST", `/v1/enterprises/${e.creditCode}/hazards`, {
    token: owner,
    body: {
      level: "major",
      title,
      description: "储罐区防火堤破损",
      foundAt: "2026-10-19T10:00:00+08:00",
      source: "self_inspection",
    },
  });
  expect(registered.status, registered.text).toBe(201);
  const id = registered.body.id as string;
  const plan = await duban.api("PUT", `/v1/hazards/${id}/plan`, {
    token: owner,
    body: {
      objectives: "修复防火堤",
      measures: "委托有资质单位施工",
      responsible: { name: e.safetyManager.name, mobile: e.safetyManager.mobile },
      funds: { amountYuan: 180000, source: "企业自筹" },
      deadline: "2026-12-20",
      safetyMeasures: "设置警戒区",
      contingencyPlan: "储罐泄漏专项应急预案",
    },
  });
  expect(plan.status, plan.text).toBe(200);
  return id;
}

const listingOf = (e: Enterprise) => ({
  level: "county",
  department: e.supervisingDepartment,
  documentNo: "隆应急督〔2026〕7号",
});

async function arm(name: string, n = 1) {
  const res = await duban.api("POST", "/_local/failpoints", { body: { name, n } });
  expect(res.status, res.text).toBe(200);
}

/** The listing, which makes the process die at the armed point; then a clean restart on the same data. */
async function listAndDie(e: Enterprise, id: string): Promise<void> {
  const inspector = await tokenFor(secret, { role: "inspector", jurisdiction: COUNTY });
  const outcome = await duban
    .api("POST", `/v1/hazards/${id}/listing`, { token: inspector, body: listingOf(e) })
    .then((res) => `answered ${res.status}`)
    .catch(() => "connection lost");
  await duban.kill(); // already dead: this waits for the exit
  expect(outcome, "the process died at the failpoint, before answering").toBe("connection lost");
}

/** Every check the failpoint test makes about one listed hazard after the restart. */
async function expectCompleted(e: Enterprise, id: string, title: string) {
  const view = await duban.api("GET", `/v1/hazards/${id}`, { token: admin });
  expect(view.status, view.text).toBe(200);
  // Planned once: the ladder's timers below are those of plan version 1.
  expect(view.body).toMatchObject({ status: "listed" });

  const ids = MAJOR_STEPS.map((step) => ladderTimerId("hazard", id, 1, step));
  const timers = await duban.api("GET", `/_local/timers?${ids.map((t) => `id=${t}`).join("&")}`);
  expect(timers.status, timers.text).toBe(200);
  expect(timers.body.items.map((t: Json) => t.id).sort()).toEqual([...ids].sort());

  const audience = [
    e.legalRep.mobile,
    e.safetyManager.mobile,
    ...officials(COUNTY, "anweiban").map((o) => o.mobile),
  ];
  const sent = smsLog().filter((m) => m.template === "SMS_DUBAN_MAJOR_LISTED" && m.params.hazard === title);
  for (const to of audience) {
    const n = sent.filter((m) => m.to === to).length;
    expect(n, `${title} → ${to} sent ${n} times`).toBeLessThanOrEqual(1);
    if (n === 0) {
      // Not sent: then it must be on record as an attempt whose delivery is unknown, never silently lost.
      const page = await duban.api("GET", `/v1/notifications?recipient=${to}&limit=100`, { token: admin });
      const entry = page.body.items.find(
        (m: Json) => m.template === "major-hazard-listed" && m.subject.id === id && m.channel === "sms",
      );
      expect(entry?.status, `${title} → ${to}: neither sent nor recorded`).toBe("unknown");
    }
  }
}

describe("failpoints", () => {
  it("GET /_local/failpoints lists every named point", async () => {
    const res = await duban.api("GET", "/_local/failpoints");

    expect(res.body.items.map((i: Json) => i.name)).toEqual(Object.keys(FAILPOINTS));
  });

  it("an unknown failpoint is refused naming the field", async () => {
    const res = await duban.api("POST", "/_local/failpoints", { body: { name: "nowhere" } });

    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe("name");
  });
});

describe("a crash at every failpoint of a listing, then a restart", () => {
  const points: [string, number][] = [
    ["subject-written", 1],
    ["timer-set", 3],
    ["outbox-enqueued", 1],
    ["outbox-claimed", 1],
    ["provider-answered", 2],
  ];
  for (const [i, [point, n]] of points.entries()) {
    it(`${point}@${n}: the listed hazard has every timer; each notice sent once or recorded undelivered`, {
      timeout: 300_000,
    }, async () => {
      const e = ENTERPRISES[i] as Enterprise;
      const title = `防火堤隐患-${point}`;
      const id = await plannedHazard(e, title);
      await arm(point, n);

      await listAndDie(e, id);
      duban = await startDuban(data);

      await expectCompleted(e, id, title);
    });
  }

  it("reconciler@1: a crash inside the reconciler on start is completed by the next start", {
    timeout: 300_000,
  }, async () => {
    const e = ENTERPRISES[4] as Enterprise;
    const title = "防火堤隐患-reconciler";
    const id = await plannedHazard(e, title);
    await arm("subject-written");
    await listAndDie(e, id);

    const crashed = await startDuban(data, undefined, { DUBAN_FAILPOINTS: "reconciler@1" }).then(
      () => "served",
      (error: Error) => error.message,
    );
    duban = await startDuban(data);

    expect(crashed).toMatch(/exited before serving/);
    await expectCompleted(e, id, title);
  });
});

describe("a crash inside a Map page of the monthly cycle", () => {
  it("cycle-page@1: after the restart every non-filer's info officer got the day-3 reminder once", {
    timeout: 300_000,
  }, async () => {
    await arm("cycle-page");
    const outcome = await duban
      .api("POST", "/_local/clock", { body: { advanceTo: "2026-11-03T09:00:30+08:00" } })
      .then((res) => `answered ${res.status}`)
      .catch(() => "connection lost");
    await duban.kill();
    duban = await startDuban(data);
    await advance(duban, "2026-11-03T09:00:30+08:00");

    expect(outcome).toBe("connection lost");
    // October's reminders: the demo joined on 1 October also owes September, reminded in October.
    const reminders = smsLog().filter(
      (m) => m.template === "SMS_DUBAN_REPORT_REMIND" && m.params.period === "2026年10月",
    );
    const active = DEMO.enterprises.filter((x) => x.status === "active");
    const twice = active.filter((x) => reminders.filter((m) => m.to === x.infoOfficer.mobile).length > 1);
    const never = active.filter((x) => !reminders.some((m) => m.to === x.infoOfficer.mobile));
    expect(twice.map((x) => x.creditCode)).toEqual([]);
    // A reminder in flight when the process died is not resent (the local sink, like End User Messaging,
    // cannot be asked whether it went out): it must be on record as unknown, never silently lost.
    const lost: string[] = [];
    for (const x of never) {
      const since = encodeURIComponent("2026-11-01T00:00:00+08:00");
      const page = await duban.api(
        "GET",
        `/v1/notifications?recipient=${x.infoOfficer.mobile}&limit=100&since=${since}`,
        { token: admin },
      );
      const entry = page.body.items.find(
        (m: Json) => m.template === "monthly-report-reminder" && m.channel === "sms",
      );
      if (entry?.status !== "unknown") lost.push(x.creditCode);
    }
    expect(lost).toEqual([]);
  });
});

describe("a crash in the middle of a reminder run (issue 7, finding 7)", () => {
  /** Every outbox entry of the last-day reminder, per recipient (info officers and safety managers). */
  async function lastDayEntries(): Promise<Json[]> {
    const recipients = DEMO.enterprises.flatMap((x) =>
      [x.infoOfficer.mobile, x.infoOfficer.email, x.safetyManager.mobile, x.safetyManager.email].filter(
        (r): r is string => r !== undefined,
      ),
    );
    const entries: Json[] = [];
    for (let i = 0; i < recipients.length; i += 16) {
      const pages = await Promise.all(
        recipients.slice(i, i + 16).map((r) =>
          duban.api("GET", `/v1/notifications?recipient=${encodeURIComponent(r)}&limit=100`, {
            token: admin,
          }),
        ),
      );
      for (const page of pages) {
        expect(page.status, page.text).toBe(200);
        entries.push(...page.body.items.filter((m: Json) => m.template === "monthly-report-last-day"));
      }
    }
    return entries;
  }

  for (const [point, n] of [
    ["provider-answered", 40],
    ["outbox-claimed", 60],
  ] as const) {
    it(`${point}@${n}: after the restart no message is left sending and none went out twice`, {
      timeout: 300_000,
    }, async () => {
      const to = point === "provider-answered" ? "2026-11-05T09:00:30+08:00" : "2026-12-05T09:00:30+08:00";
      await arm(point, n);
      const outcome = await duban
        .api("POST", "/_local/clock", { body: { advanceTo: to } })
        .then((res) => `answered ${res.status}`)
        .catch(() => "connection lost");
      await duban.kill();
      duban = await startDuban(data);
      await advance(duban, to);

      expect(outcome).toBe("connection lost");
      const entries = (await lastDayEntries()).filter((m) => String(m.createdAt).startsWith(utcDay(to)));
      expect(entries.length).toBeGreaterThan(n);
      expect(entries.filter((m) => m.status === "sending").map((m) => m.recipient)).toEqual([]);
      const sent = smsLog().filter(
        (m) => m.template === "SMS_DUBAN_REPORT_LAST_DAY" && m.at.startsWith(utcDay(to)),
      );
      const twice = sent.filter((m, i) => sent.findIndex((o) => o.to === m.to) !== i);
      expect(twice.map((m) => m.to)).toEqual([]);
    });
  }
});

const utcDay = (iso: string) => new Date(iso).toISOString().slice(0, 10);

describe("a crash between a bulletin's issued write and its deliveries", () => {
  it("bulletin-issued@1: issued once, and after the restart the reconciler delivers to every reader once", {
    timeout: 300_000,
  }, async () => {
    // October's sweep (6 November, 01:00) drafted the county's bulletin; its 安委办 issues it.
    const id = `${COUNTY}-2026-10-v1`;
    const documentNo = "隆安办〔2026〕31号";
    const anweiban = await tokenFor(secret, { role: "anweiban", jurisdiction: COUNTY });
    const draft = await duban.api("GET", `/v1/bulletins/${id}`, { token: anweiban });
    expect(draft.status, draft.text).toBe(200);
    expect(draft.body.status).toBe("draft");
    await arm("bulletin-issued");

    const outcome = await duban
      .api("POST", `/v1/bulletins/${id}/issue`, { token: anweiban, body: { documentNo } })
      .then((res) => `answered ${res.status}`)
      .catch(() => "connection lost");
    await duban.kill();
    const issuedSms = () =>
      smsLog().filter(
        (m) => m.template === "SMS_DUBAN_BULLETIN_ISSUED" && m.params.documentNo === documentNo,
      );
    const sentBeforeRestart = issuedSms().length;
    duban = await startDuban(data);

    expect(outcome, "the process died at the failpoint, before answering").toBe("connection lost");
    expect(sentBeforeRestart, "nothing was handed over before the crash").toBe(0);
    const issued = await duban.api("GET", `/v1/bulletins/${id}`, { token: anweiban });
    expect(issued.body).toMatchObject({ status: "issued", documentNo });
    // A county's bulletin goes to its leaders and its 安委办 (no child jurisdiction has one).
    const readers = [...officials(COUNTY, "leader"), ...officials(COUNTY, "anweiban")];
    expect(
      issuedSms()
        .map((m) => m.to)
        .sort(),
    ).toEqual(readers.map((o) => o.mobile).sort());
    for (const o of readers) {
      const page = await duban.api("GET", `/v1/notifications?recipient=${o.email}&limit=100`, {
        token: admin,
      });
      const emails = page.body.items.filter((m: Json) => m.template === "bulletin-issued");
      expect(
        emails.map((m: Json) => m.status),
        `${o.email}`,
      ).toEqual(["sent"]);
    }

    // A second start finds nothing left to deliver: still once each.
    await duban.stop();
    duban = await startDuban(data);
    expect(issuedSms().length).toBe(readers.length);
  });
});
