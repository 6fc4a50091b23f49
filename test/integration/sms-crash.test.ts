import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Enterprise, Official } from "../../functions/domain/catalogue";
import { demoCatalogue } from "../../local/demo-data";
import { startFakeAliyun } from "./fakes/aliyun-sms-fake";
import { cleanUpProcesses, type Duban, startDuban, tempDir } from "./process";
import { type Json, tokenFor } from "./support";

/**
 * The real `npm start` process sending SMS through a fake Aliyun 短信服务 (the same SDK, the ACS3 signature
 * checked), made to die inside the dispatcher and started again on the same data. Aliyun can be asked
 * (QuerySendDetails, by number and day, matched by OutId): a message whose answer was lost is recorded from
 * the provider's record, one claimed but never handed over is sent on restart — each exactly once.
 */

const DEMO = demoCatalogue(300);
const COUNTY = "530502";
const ENTERPRISES = DEMO.enterprises.filter((e) => e.countyCode === COUNTY && e.status === "active");
const officials = (jurisdiction: string, role: Official["role"]) =>
  DEMO.officials.filter((o) => o.jurisdictionCode === jurisdiction && o.role === role);
const keys = { accessKeyId: "LTAI5tFakeAccessKeyId", accessKeySecret: "fake-access-key-secret-0123456789" };

let data: string;
let secret: Uint8Array;
let duban: Duban;
let admin: string;
let fake: Awaited<ReturnType<typeof startFakeAliyun>>;
/** The child's virtual time as the test last set it: the fake dates its sends by it (QuerySendDetails by day). */
let virtualNow = new Date("2026-10-01T00:00:00+08:00");

const env = () => ({
  DUBAN_SMS_PROVIDER: "aliyun",
  DUBAN_SMS_SECRET: JSON.stringify(keys),
  DUBAN_SMS_ENDPOINT: fake.endpoint,
});

async function start(now?: string): Promise<Duban> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDuban(data, now, env());
    } catch (error) {
      // The first start on an empty folder may find the table still CREATING (see process.ts firstStart).
      if (attempt >= 3 || !String(error).includes("ResourceNotFoundException")) throw error;
    }
  }
}

async function advance(to: string) {
  virtualNow = new Date(to);
  const res = await duban.api("POST", "/_local/clock", { body: { advanceTo: to } });
  expect(res.status, res.text).toBe(200);
}

beforeAll(async () => {
  fake = await startFakeAliyun({ ...keys, now: () => virtualNow });
  data = tempDir("sms-crash");
  duban = await start(virtualNow.toISOString());
  secret = new TextEncoder().encode(readFileSync(join(data, "secret"), "utf8").trim());
  admin = await tokenFor(secret, { role: "admin", jurisdiction: "530000" });
  await advance("2026-10-20T10:00:00+08:00");
}, 300_000);

afterAll(async () => {
  await duban?.stop();
  await cleanUpProcesses();
  await fake?.stop();
});

/** A major hazard of `e`, registered, planned and listed at `at` (in the SMS quiet hours: its SMS wait). */
async function listedAtNight(e: Enterprise, title: string, at: string): Promise<string> {
  await advance(at);
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
  const inspector = await tokenFor(secret, { role: "inspector", jurisdiction: COUNTY });
  const listed = await duban.api("POST", `/v1/hazards/${id}/listing`, {
    token: inspector,
    body: { level: "county", department: e.supervisingDepartment, documentNo: "隆应急督〔2026〕7号" },
  });
  expect(listed.status, listed.text).toBe(200);
  return id;
}

/** The listing's SMS outbox entries, one per recipient. */
async function listingSms(e: Enterprise, id: string): Promise<Json[]> {
  const audience = [
    e.legalRep.mobile,
    e.safetyManager.mobile,
    ...officials(COUNTY, "anweiban").map((o) => o.mobile),
  ];
  const entries: Json[] = [];
  for (const to of audience) {
    const page = await duban.api("GET", `/v1/notifications?recipient=${to}&limit=100`, { token: admin });
    expect(page.status, page.text).toBe(200);
    const entry = page.body.items.find(
      (m: Json) => m.template === "major-hazard-listed" && m.subject.id === id && m.channel === "sms",
    );
    expect(entry, `${to}: no SMS of the listing`).toBeDefined();
    entries.push(entry);
  }
  return entries;
}

/**
 * Waits until the listing's emails (sent at once, the quiet hours are the SMS's only) have left the outbox:
 * the failpoint armed next must be reached by an SMS, not by an email still in flight.
 */
async function emailsSettled(e: Enterprise, id: string): Promise<void> {
  const audience = [e.safetyManager.email, ...officials(COUNTY, "anweiban").map((o) => o.email)].filter(
    (to): to is string => to !== undefined,
  );
  for (let round = 0; round < 60; round++) {
    let pending = 0;
    for (const to of audience) {
      const page = await duban.api("GET", `/v1/notifications?recipient=${to}&limit=100`, { token: admin });
      const entry = page.body.items.find(
        (m: Json) => m.template === "major-hazard-listed" && m.subject.id === id && m.channel === "email",
      );
      if (!entry || entry.status === "queued" || entry.status === "sending") pending++;
    }
    if (pending === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the listing's emails did not leave the outbox");
}

/** Arms `point`, lets the quiet hours end (the deferred SMS go out) and waits for the process to die there. */
async function releaseAndDie(point: string, morning: string): Promise<void> {
  const armed = await duban.api("POST", "/_local/failpoints", { body: { name: point, n: 1 } });
  expect(armed.status, armed.text).toBe(200);
  virtualNow = new Date(morning);
  const outcome = await duban
    .api("POST", "/_local/clock", { body: { advanceTo: morning } })
    .then((res) => `answered ${res.status}`)
    .catch(() => "connection lost");
  await duban.kill(); // already dead: this waits for the exit
  expect(outcome, "the process died at the failpoint").toBe("connection lost");
}

describe("a crash in the dispatcher while sending through Aliyun, then a restart", () => {
  it("provider-answered@1: the send whose answer was lost is recorded delivered from QuerySendDetails, sent once", {
    timeout: 300_000,
  }, async () => {
    const e = ENTERPRISES[0] as Enterprise;
    const id = await listedAtNight(e, "防火堤隐患-aliyun-answered", "2026-10-20T23:00:00+08:00");
    const queued = await listingSms(e, id);
    // Held for the end of the quiet hours: nothing has gone to the provider yet.
    expect(queued.map((m) => m.status).filter((s) => s === "sent" || s === "delivered")).toEqual([]);
    const sendsBefore = fake.sends.length;
    await emailsSettled(e, id);

    await releaseAndDie("provider-answered", "2026-10-21T08:00:30+08:00");
    const queriesBefore = fake.calls.filter((c) => c.action === "QuerySendDetails").length;
    const acceptedBeforeRestart = fake.sends.slice(sendsBefore).map((x) => ({ outId: x.outId }));
    duban = await start();
    await advance("2026-10-21T09:00:00+08:00");

    const entries = await listingSms(e, id);
    expect(fake.sends.length).toBeGreaterThan(sendsBefore);
    for (const entry of entries) {
      const sends = fake.sends.filter((s) => s.outId === entry.id);
      expect(sends.length, `${entry.recipient}: SendSms calls`).toBe(1);
      expect(["sent", "delivered"], `${entry.recipient}: ${entry.status}`).toContain(entry.status);
    }
    // What the provider accepted before the process died (the answer lost) was looked up on restart and is
    // recorded from the provider's record: delivered (the fake reports every send delivered).
    expect(fake.calls.filter((c) => c.action === "QuerySendDetails").length).toBeGreaterThan(queriesBefore);
    // The first SMS of the morning may be another notice held by the quiet hours (the hazard's registration
    // notice, say), not one of the listing's: whichever it was, it is found on restart and recorded delivered.
    expect(acceptedBeforeRestart.length, "the provider accepted a send before the crash").toBeGreaterThan(0);
    for (const lost of acceptedBeforeRestart) {
      const to = fake.sends.find((x) => x.outId === lost.outId)?.to as string;
      const page = await duban.api("GET", `/v1/notifications?recipient=${to}&limit=100`, { token: admin });
      const m = page.body.items.find((x: Json) => x.id === lost.outId);
      expect(m?.status, `${to}: accepted before the crash`).toBe("delivered");
      expect(m.delivery).toMatchObject({ delivered: true, code: "DELIVERED" });
      expect(fake.sends.filter((x) => x.outId === lost.outId).length, `${to}: SendSms calls`).toBe(1);
    }
  });

  it("outbox-claimed@1: a message claimed but never handed over is sent after the restart, once", {
    timeout: 300_000,
  }, async () => {
    const e = ENTERPRISES[1] as Enterprise;
    const id = await listedAtNight(e, "防火堤隐患-aliyun-claimed", "2026-10-21T23:00:00+08:00");
    const ids = new Set((await listingSms(e, id)).map((m) => m.id as string));
    await emailsSettled(e, id);

    await releaseAndDie("outbox-claimed", "2026-10-22T08:00:30+08:00");
    const beforeRestart = fake.sends.filter((s) => ids.has(s.outId)).length;
    duban = await start();
    await advance("2026-10-22T09:00:00+08:00");

    const entries = await listingSms(e, id);
    // The process died before handing the claimed message to the provider: at least one went out only now.
    expect(beforeRestart).toBeLessThan(entries.length);
    for (const entry of entries) {
      const sends = fake.sends.filter((s) => s.outId === entry.id);
      expect(sends.length, `${entry.recipient}: SendSms calls`).toBe(1);
      expect(["sent", "delivered"], `${entry.recipient}: ${entry.status}`).toContain(entry.status);
    }
  });
});
