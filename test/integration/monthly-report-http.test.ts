import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Enterprise, Official } from "../../functions/domain/catalogue";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import { generateEnterprises, generateOfficials } from "../../local/demo-data";
import type { SinkedSms } from "../../local/sms-sink";
import type { Stack } from "../../local/stack";
import {
  type Api,
  type ApiResponse,
  advanceTo,
  apiFor,
  digestSection,
  enterpriseToken,
  expectError,
  type Json,
  listAll,
  officialToken,
  reportBody,
  type SesEmail,
  sesEmails,
  startTestStack,
  tokenFor,
  utc,
} from "./support";

/**
 * The monthly self-inspection report of period 2026-10, lived through on the virtual clock: the real
 * recurring schedules (open, remind on the 3rd and 5th at 09:00, close at 00:00 on the 6th) fire as the
 * clock is moved with `POST /_local/clock`, and every enterprise action goes through the HTTP API.
 *
 * One stack, one timeline (`beforeAll`), one enterprise per scenario; each test checks one behaviour of
 * what happened on it.
 */

const PERIOD = "2026-10";
const COUNTY_A = "530502"; // 隆阳区: even catalogue indexes
const COUNTY_B = "530521"; // 施甸县: odd catalogue indexes

const CATALOGUE = generateEnterprises({ count: 12, seed: 2610, counties: [COUNTY_A, COUNTY_B] });
const OFFICIALS = generateOfficials();

function enterprise(index: number): Enterprise {
  const found = CATALOGUE[index];
  if (!found) throw new Error(`no enterprise ${index}`);
  return found;
}

/** Who does what in November 2026. */
const E = {
  onTime: enterprise(0), // A: files on 2026-11-02
  between: enterprise(1), // B: files on 2026-11-04, between the two reminders
  late: enterprise(2), // A: files on 2026-11-06 at 10:00, after the close
  never: enterprise(3), // B: never files
  lastSecond: enterprise(4), // A: files at 2026-11-05T23:59:59+08:00
  firstSecondLate: enterprise(5), // B: files at 2026-11-06T00:00:00+08:00
  amended: enterprise(6), // A: files on 2026-11-02, amends on 2026-11-06
  zero: enterprise(7), // B: files on 2026-11-02 with zero self-inspections
  onTimeA: enterprise(8), // A: files on 2026-11-02
  neverB: enterprise(9), // B: never files
  neverA: enterprise(10), // A: never files
  onTimeB: enterprise(11), // B: files on 2026-11-02
};

/** Joins the catalogue on 2026-11-06 at 10:00, after October's deadline: it never owed October. */
const JOINS_LATE = generateEnterprises({ count: 1, seed: 1106, counties: [COUNTY_A] })[0] as Enterprise;

const EXPECTED: Record<"on_time" | "late" | "missing", Enterprise[]> = {
  on_time: [E.onTime, E.between, E.lastSecond, E.amended, E.zero, E.onTimeA, E.onTimeB],
  late: [E.late, E.firstSecondLate],
  missing: [E.never, E.neverB, E.neverA],
};

function officials(county: string, role: Official["role"], department?: string): Official[] {
  return OFFICIALS.filter(
    (o) =>
      o.jurisdictionCode === county &&
      o.role === role &&
      (department === undefined || o.department === department),
  );
}

function single<T>(items: T[], what: string): T {
  expect(items, what).toHaveLength(1);
  return items[0] as T;
}

let stack: Stack;
let api: Api;
let cityToken: string;

/** What the timeline observed on its way. */
const seen = {
  beforePeriodEnded: undefined as ApiResponse | undefined,
  receipts: {} as Record<string, ApiResponse>,
  amendment: undefined as ApiResponse | undefined,
  fired: [] as Json[],
  digestSmsAtClose: undefined as ApiResponse | undefined,
  /** The listings of 2026-10 on the 4th, while the period is still being filed, by status. */
  window: {} as Record<string, Json[]>,
  identical: undefined as ApiResponse | undefined,
  joinsLate: undefined as ApiResponse | undefined,
  joinsLateRead: undefined as ApiResponse | undefined,
};

async function file(who: Enterprise, body: Record<string, unknown> = reportBody(who)): Promise<ApiResponse> {
  return api("PUT", `/v1/enterprises/${who.creditCode}/monthly-reports/${PERIOD}`, {
    token: await enterpriseToken(stack.secret, who),
    body,
  });
}

async function advance(to: string) {
  const result = await advanceTo(api, to);
  seen.fired.push(...result.fired);
}

beforeAll(async () => {
  stack = await startTestStack({ now: "2026-10-20T10:00:00+08:00" });
  api = apiFor(stack.urls.api);
  cityToken = await tokenFor(stack.secret, { role: "anweiban", jurisdiction: "530500" });
  await createCatalogueService(stack.deps).load(CATALOGUE, OFFICIALS);

  // 2026-10-20: October is not over yet.
  seen.beforePeriodEnded = await file(E.onTime);

  await advance("2026-11-02T10:00:00+08:00");
  seen.receipts.onTime = await file(E.onTime);
  seen.receipts.amended = await file(E.amended, reportBody(E.amended, { selfInspections: 2 }));
  seen.receipts.zero = await file(E.zero, reportBody(E.zero, { selfInspections: 0 }));
  seen.receipts.onTimeA = await file(E.onTimeA);
  seen.receipts.onTimeB = await file(E.onTimeB);

  // The reminders of the 3rd fire at 09:00 on the way.
  await advance("2026-11-04T10:00:00+08:00");
  seen.receipts.between = await file(E.between);
  for (const status of ["missing", "not_yet_due", "owed"]) {
    seen.window[status] = (
      await listAll(api, "/v1/monthly-reports", { period: PERIOD, status, limit: "100" }, cityToken)
    ).items;
  }
  seen.identical = await file(E.onTime);

  // The reminders of the 5th fire at 09:00 on the way.
  await advance("2026-11-05T23:59:59+08:00");
  seen.receipts.lastSecond = await file(E.lastSecond);

  // The close fires at 00:00 exactly: overdue marks and the digests (SMS deferred to 08:00).
  await advance("2026-11-06T00:00:00+08:00");
  seen.receipts.firstSecondLate = await file(E.firstSecondLate);
  const anweibanB = single(officials(COUNTY_B, "anweiban"), "anweiban of B");
  seen.digestSmsAtClose = await api("GET", `/v1/notifications?recipient=${anweibanB.mobile}`, {
    token: await officialToken(stack.secret, anweibanB),
  });

  // The deferred digest SMS go out at 08:00 on the way.
  await advance("2026-11-06T10:00:00+08:00");
  seen.receipts.late = await file(E.late);
  seen.amendment = await file(
    E.amended,
    reportBody(E.amended, { selfInspections: 5, notes: "补充两次自查" }),
  );
  await createCatalogueService(stack.deps).load([JOINS_LATE], []);
  seen.joinsLate = await file(JOINS_LATE);
  seen.joinsLateRead = await api(
    "GET",
    `/v1/enterprises/${JOINS_LATE.creditCode}/monthly-reports/${PERIOD}`,
    {
      token: await enterpriseToken(stack.secret, JOINS_LATE),
    },
  );

  await advance("2026-11-07T09:00:00+08:00");
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

function smsTo(...mobiles: string[]): SinkedSms[] {
  return stack.sms.list().filter((m) => mobiles.includes(m.to));
}

async function emailsTo(...addresses: (string | undefined)[]): Promise<SesEmail[]> {
  return (await sesEmails(stack.urls.ses)).filter((e) =>
    e.destination.to.some((to) => addresses.includes(to)),
  );
}

async function digestEmailOf(official: Official): Promise<string | undefined> {
  const digests = (await emailsTo(official.email)).filter((e) => e.subject.includes("自查月报汇总"));
  expect(digests.length, `digest emails to ${official.email}`).toBeLessThanOrEqual(1);
  return digests[0]?.body.text;
}

async function listed(who: Enterprise): Promise<Json> {
  const { items } = await listAll(
    api,
    "/v1/monthly-reports",
    { period: PERIOD, jurisdiction: who.countyCode, limit: "100" },
    cityToken,
  );
  return single(
    items.filter((i: Json) => i.creditCode === who.creditCode),
    `listing of ${who.creditCode}`,
  );
}

function templatesOf(messages: SinkedSms[]): string[] {
  return messages.map((m) => `${m.to}:${m.template}`).sort();
}

describe("filing the monthly report of 2026-10 through the HTTP API as the schedules fire", () => {
  it("a report filed on 2026-11-02 is on time and its enterprise gets no reminder, only the receipt (回执) to its information officer", async () => {
    const receipt = seen.receipts.onTime;

    expect(receipt?.status, receipt?.text).toBe(200);
    expect(receipt?.body).toEqual({
      creditCode: E.onTime.creditCode,
      period: PERIOD,
      status: "on_time",
      receivedAt: utc("2026-11-02T10:00:00+08:00"),
      firstReceivedAt: utc("2026-11-02T10:00:00+08:00"),
      version: 1,
      flags: [],
    });
    const mobiles = [E.onTime.legalRep.mobile, E.onTime.infoOfficer.mobile, E.onTime.safetyManager.mobile];
    const sms = smsTo(...mobiles);
    expect(templatesOf(sms)).toEqual([`${E.onTime.infoOfficer.mobile}:SMS_DUBAN_FILING_RECEIPT`]);
    expect(sms[0]?.text).toContain("2026年10月安全生产自查自报月报已于11月2日10:00收到，第1版");
    expect(await emailsTo(E.onTime.infoOfficer.email, E.onTime.safetyManager.email)).toEqual([]);
    const token = await enterpriseToken(stack.secret, E.onTime);
    for (const recipient of [
      E.onTime.legalRep.mobile,
      E.onTime.safetyManager.mobile,
      E.onTime.infoOfficer.email,
    ]) {
      const outbox = await api("GET", `/v1/notifications?recipient=${recipient}`, { token });
      expect(outbox.body.items, recipient).toEqual([]);
    }
    expect(await listed(E.onTime)).toMatchObject({ status: "on_time", overdue: false, version: 1 });
  });

  it("a report filed between the two reminders gets the 3rd's SMS and email to the info officer and the safety manager, and none on the 5th", async () => {
    const who = E.between;

    const sms = smsTo(who.legalRep.mobile, who.infoOfficer.mobile, who.safetyManager.mobile);
    const emails = await emailsTo(who.infoOfficer.email, who.safetyManager.email);

    expect(seen.receipts.between?.body).toMatchObject({ status: "on_time", version: 1 });
    expect(templatesOf(sms)).toEqual(
      [
        `${who.infoOfficer.mobile}:SMS_DUBAN_FILING_RECEIPT`,
        `${who.infoOfficer.mobile}:SMS_DUBAN_REPORT_REMIND`,
        `${who.safetyManager.mobile}:SMS_DUBAN_REPORT_REMIND`,
      ].sort(),
    );
    expect(sms.filter((m) => m.template === "SMS_DUBAN_REPORT_REMIND").map((m) => m.at)).toEqual([
      utc("2026-11-03T09:00:00+08:00"),
      utc("2026-11-03T09:00:00+08:00"),
    ]);
    expect(emails.map((e) => `${e.destination.to.join(",")}:${e.subject}`).sort()).toEqual(
      [
        `${who.infoOfficer.email}:【督办】请报送2026年10月安全生产自查月报`,
        `${who.safetyManager.email}:【督办】请报送2026年10月安全生产自查月报`,
      ].sort(),
    );
    expect(sms.length + emails.length).toBe(5); // two reminders by SMS, two by email, one receipt
    // The reminders of the 5th did run (for the others).
    expect(seen.fired.map((f) => f.name)).toContain("monthly-self-inspection-remind-05");
    expect(smsTo(E.never.infoOfficer.mobile).map((m) => m.template)).toContain("SMS_DUBAN_REPORT_LAST_DAY");
  });

  it("a report filed after the close is late, was marked overdue at the close and is listed in that night's digest", async () => {
    const who = E.late;
    const anweiban = single(officials(COUNTY_A, "anweiban"), "anweiban of A");
    const inspectors = officials(COUNTY_A, "inspector", who.supervisingDepartment);

    const digests = [await digestEmailOf(anweiban), ...(await Promise.all(inspectors.map(digestEmailOf)))];

    expect(seen.receipts.late?.body).toMatchObject({
      status: "late",
      receivedAt: utc("2026-11-06T10:00:00+08:00"),
      version: 1,
    });
    expect(await listed(who)).toMatchObject({ status: "late", overdue: true });
    expect(inspectors.length).toBeGreaterThan(0);
    for (const digest of digests) {
      expect(digest).toBeDefined();
      expect(digestSection(digest ?? "", "missing")).toContain(who.creditCode);
    }
  });

  it("an enterprise that never files is reminded on the 3rd and the 5th, marked overdue and listed in its inspectors' and its anweiban's digest", async () => {
    const who = E.never;
    const anweiban = single(officials(COUNTY_B, "anweiban"), "anweiban of B");
    const ownInspectors = officials(COUNTY_B, "inspector", who.supervisingDepartment);
    const otherInspectors = officials(COUNTY_B, "inspector").filter(
      (o) => o.department !== who.supervisingDepartment,
    );

    const sms = smsTo(who.legalRep.mobile, who.infoOfficer.mobile, who.safetyManager.mobile);
    const emails = await emailsTo(who.infoOfficer.email, who.safetyManager.email);

    expect(templatesOf(sms)).toEqual(
      [
        `${who.infoOfficer.mobile}:SMS_DUBAN_REPORT_REMIND`,
        `${who.safetyManager.mobile}:SMS_DUBAN_REPORT_REMIND`,
        `${who.infoOfficer.mobile}:SMS_DUBAN_REPORT_LAST_DAY`,
        `${who.safetyManager.mobile}:SMS_DUBAN_REPORT_LAST_DAY`,
      ].sort(),
    );
    expect(emails.map((e) => e.subject).sort()).toEqual(
      [
        "【督办】今日截止：2026年10月安全生产自查月报",
        "【督办】今日截止：2026年10月安全生产自查月报",
        "【督办】请报送2026年10月安全生产自查月报",
        "【督办】请报送2026年10月安全生产自查月报",
      ].sort(),
    );
    expect(await listed(who)).toMatchObject({ status: "missing", overdue: true });
    expect(ownInspectors.length).toBeGreaterThan(0);
    for (const official of [anweiban, ...ownInspectors]) {
      expect(digestSection((await digestEmailOf(official)) ?? "", "missing"), official.email).toContain(
        who.creditCode,
      );
    }
    for (const official of otherInspectors) {
      expect((await digestEmailOf(official)) ?? "", official.email).not.toContain(who.creditCode);
    }
  });

  it("the outbox of a never-filer's info officer lists the two reminders as sent at 09:00 on the 3rd and the 5th", async () => {
    const who = E.never;

    const res = await api("GET", `/v1/notifications?recipient=${who.infoOfficer.mobile}`, {
      token: await enterpriseToken(stack.secret, who),
    });

    expect(res.status, res.text).toBe(200);
    const items = [...res.body.items].sort((a: Json, b: Json) => a.createdAt.localeCompare(b.createdAt));
    expect(items).toEqual([
      expect.objectContaining({
        channel: "sms",
        recipient: who.infoOfficer.mobile,
        template: "monthly-report-reminder",
        status: "sent",
        subject: { type: "filing", id: `${who.creditCode}/monthly-self-inspection/${PERIOD}` },
        sentAt: utc("2026-11-03T09:00:00+08:00"),
      }),
      expect.objectContaining({
        channel: "sms",
        template: "monthly-report-last-day",
        status: "sent",
        sentAt: utc("2026-11-05T09:00:00+08:00"),
      }),
    ]);
  });

  it("a report received at 23:59:59 on the 5th, Shanghai time, is on time", () => {
    expect(seen.receipts.lastSecond?.status, seen.receipts.lastSecond?.text).toBe(200);
    expect(seen.receipts.lastSecond?.body).toMatchObject({
      status: "on_time",
      receivedAt: utc("2026-11-05T23:59:59+08:00"),
    });
  });

  it("while the period is still being filed nobody is missing: the non-filers are not_yet_due, and owed lists them too", () => {
    const codes = (items: Json[] = []) => items.map((i) => i.creditCode as string).sort();
    const notYetFiled = [E.late, E.never, E.lastSecond, E.firstSecondLate, E.neverB, E.neverA];

    expect(seen.window.missing).toEqual([]);
    expect(codes(seen.window.not_yet_due)).toEqual(notYetFiled.map((e) => e.creditCode).sort());
    expect(new Set(seen.window.not_yet_due?.map((i) => i.status))).toEqual(new Set(["not_yet_due"]));
    expect(codes(seen.window.owed)).toEqual(codes(seen.window.not_yet_due));
  });

  it("the same report filed again is no new version: the answer is the version on file, and no second receipt is sent", () => {
    expect(seen.identical?.status, seen.identical?.text).toBe(200);
    expect(seen.identical?.body).toEqual(seen.receipts.onTime?.body);
  });

  it("an enterprise that joined after the deadline is refused the period, named, and reads it as not owed", () => {
    expectError(seen.joinsLate as ApiResponse, 422, "rule_violation");
    expect(seen.joinsLate?.body.error.message).toContain("2026年10月");
    expect(seen.joinsLate?.body.error.fields).toEqual([{ path: "period", message: expect.any(String) }]);
    expect(seen.joinsLateRead?.body).toMatchObject({ status: "not_owed", versions: [] });
  });

  it("a report received at 00:00:00 on the 6th, Shanghai time, is late", () => {
    expect(seen.receipts.firstSecondLate?.status, seen.receipts.firstSecondLate?.text).toBe(200);
    expect(seen.receipts.firstSecondLate?.body).toMatchObject({
      status: "late",
      receivedAt: utc("2026-11-06T00:00:00+08:00"),
    });
  });

  it("an amendment of an on-time report filed after the deadline stays on time, as version 2, keeping its first receipt", async () => {
    expect(seen.receipts.amended?.body).toMatchObject({ status: "on_time", version: 1 });

    expect(seen.amendment?.status, seen.amendment?.text).toBe(200);
    expect(seen.amendment?.body).toMatchObject({
      status: "on_time",
      version: 2,
      receivedAt: seen.receipts.amended?.body.receivedAt,
      firstReceivedAt: seen.receipts.amended?.body.receivedAt,
      lastAmendedAt: utc("2026-11-06T10:00:00+08:00"),
    });
    expect(await listed(E.amended)).toMatchObject({ status: "on_time", version: 2, overdue: false });
  });

  it("a report of zero self-inspections is accepted with the flag zero_self_inspections and appears in the digest", async () => {
    const who = E.zero;
    const anweiban = single(officials(COUNTY_B, "anweiban"), "anweiban of B");

    const digest = (await digestEmailOf(anweiban)) ?? "";

    expect(seen.receipts.zero?.status, seen.receipts.zero?.text).toBe(200);
    expect(seen.receipts.zero?.body).toMatchObject({ status: "on_time", flags: ["zero_self_inspections"] });
    expect(await listed(who)).toMatchObject({ status: "on_time", flags: ["zero_self_inspections"] });
    expect(digestSection(digest, "zero")).toContain(who.creditCode);
    expect(digestSection(digest, "missing")).not.toContain(who.creditCode);
    for (const inspector of officials(COUNTY_B, "inspector", who.supervisingDepartment)) {
      expect(digestSection((await digestEmailOf(inspector)) ?? "", "zero")).toContain(who.creditCode);
    }
  });

  it("a report for a period that has not ended yet is refused with 422 naming the period", async () => {
    const november = await api("PUT", `/v1/enterprises/${E.onTime.creditCode}/monthly-reports/2026-11`, {
      token: await enterpriseToken(stack.secret, E.onTime),
      body: reportBody(E.onTime),
    });

    for (const res of [seen.beforePeriodEnded as ApiResponse, november]) {
      expectError(res, 422, "rule_violation");
      expect(res.body.error.fields).toEqual([{ path: "period", message: expect.any(String) }]);
    }
    expect(seen.beforePeriodEnded?.body.error.message).toContain("2026-10");
    expect(november.body.error.message).toContain("2026-11");
  });

  it("the listing of 2026-10 by status and jurisdiction, two at a time, holds each enterprise exactly once", async () => {
    const jurisdictions: (string | undefined)[] = [undefined, "530500", COUNTY_A, COUNTY_B];
    const statuses: ("on_time" | "late" | "missing" | undefined)[] = [
      undefined,
      "on_time",
      "late",
      "missing",
    ];
    for (const jurisdiction of jurisdictions) {
      for (const status of statuses) {
        const query = {
          period: PERIOD,
          limit: "2",
          ...(status ? { status } : {}),
          ...(jurisdiction ? { jurisdiction } : {}),
        };
        const label = JSON.stringify(query);

        const { items, pages } = await listAll(api, "/v1/monthly-reports", query, cityToken);

        const expected = (status ? EXPECTED[status] : Object.values(EXPECTED).flat())
          .filter((e) => !jurisdiction || jurisdiction === "530500" || e.countyCode === jurisdiction)
          .map((e) => e.creditCode)
          .sort();
        const codes = items.map((i: Json) => i.creditCode as string);
        expect(
          pages.every((p) => p.length <= 2),
          label,
        ).toBe(true);
        expect(pages.length, label).toBeGreaterThanOrEqual(Math.ceil(expected.length / 2));
        expect(new Set(codes).size, `${label}: duplicates`).toBe(codes.length);
        expect([...codes].sort(), label).toEqual(expected);
        if (status) expect(new Set(items.map((i: Json) => i.status)), label).toEqual(new Set([status]));
      }
    }
  });

  it("a report signed by someone other than the legal representative is refused with 422 on signedBy", async () => {
    const who = E.neverB;
    const signer = who.legalRep.name === "王伟" ? "李娜" : "王伟";

    const res = await file(who, reportBody(who, { signedBy: signer }));

    expectError(res, 422, "rule_violation");
    expect(res.body.error.fields).toEqual([
      { path: "signedBy", message: expect.stringContaining(who.legalRep.name) },
    ]);
    expect(await listed(who)).toMatchObject({ status: "missing" });
  });

  it("a nextToken the API did not issue is refused with 400 naming nextToken", async () => {
    for (const nextToken of ["garbage!!", "abc", Buffer.from('{"s":0,"t":"zz"}').toString("base64url")]) {
      const res = await api("GET", `/v1/monthly-reports?period=${PERIOD}&limit=2&nextToken=${nextToken}`, {
        token: cityToken,
      });

      expectError(res, 400, "invalid_input");
      expect(res.body.error.fields, nextToken).toEqual([
        { path: "query.nextToken", message: expect.any(String) },
      ]);
    }
  });

  it("a tampered nextToken that decodes to a key of no page is refused with 400, not a 500", async () => {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    // Well-formed layers (listing cursor → shard token → store token), but a start key the store never issued.
    const tampered = b64({ s: 0, t: b64({ shard: 0, key: b64({ pk: "x" }) }) });

    const res = await api("GET", `/v1/monthly-reports?period=${PERIOD}&limit=2&nextToken=${tampered}`, {
      token: cityToken,
    });

    expectError(res, 400, "invalid_input");
  });

  it("a digest SMS due at the 00:00 close is deferred to 08:00 and then sent once, at 08:00 Shanghai time", async () => {
    const anweiban = single(officials(COUNTY_B, "anweiban"), "anweiban of B");

    const after = await api("GET", `/v1/notifications?recipient=${anweiban.mobile}`, {
      token: await officialToken(stack.secret, anweiban),
    });

    expect(seen.digestSmsAtClose?.body.items).toEqual([
      expect.objectContaining({
        channel: "sms",
        template: "monthly-report-digest",
        status: "deferred",
        createdAt: utc("2026-11-06T00:00:00+08:00"),
        notBefore: utc("2026-11-06T08:00:00+08:00"),
      }),
    ]);
    expect(after.body.items).toEqual([
      expect.objectContaining({
        channel: "sms",
        template: "monthly-report-digest",
        status: "sent",
        sentAt: utc("2026-11-06T08:00:00+08:00"),
      }),
    ]);
    const digestSms = stack.sms.list().filter((m) => m.template === "SMS_DUBAN_REPORT_DIGEST");
    expect(digestSms.filter((m) => m.to === anweiban.mobile)).toHaveLength(1);
    expect(digestSms.length).toBeGreaterThan(0);
    expect(new Set(digestSms.map((m) => m.at))).toEqual(new Set([utc("2026-11-06T08:00:00+08:00")]));
    expect(new Set(digestSms.map((m) => m.to)).size).toBe(digestSms.length);
    // The digest email is not held back by the SMS quiet hours.
    expect((await emailsTo(anweiban.email)).map((e) => e.subject)).toEqual([
      expect.stringContaining("2026年10月自查月报汇总"),
    ]);
  });
});
