import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "../../config";
import type { Enterprise, Official } from "../../functions/domain/catalogue";
import { demoCatalogue } from "../../local/demo-data";
import type { SinkedSms } from "../../local/sms-sink";
import { startStack } from "../../local/stack";
import {
  advance,
  advanceAndKill,
  cleanUpProcesses,
  clockOf,
  type Duban,
  firstStart,
  type KillPoint,
  reports,
  startDuban,
  tempDir,
} from "./process";
import { type Json, tokenFor, utc } from "./support";

/**
 * Kill -9 and restart the real `npm start` process (local/main.ts, demo catalogue of 300 enterprises,
 * virtual clock, data on disk), also while a reminder run is in flight, and check that nothing is lost and
 * nothing is sent twice. The SMS sink persists to <data>/sms.jsonl; SES local keeps its store in memory
 * only, so email is checked in the outbox (GET /v1/notifications).
 *
 * The outbox claims a message as `sending` before the provider call and never resends a `sending` one
 * (at most once, deliberately): a kill between claim and provider call leaves a gap. Gaps are counted and
 * reported, and bounded by the number of sends that can be in flight; duplicates are not allowed at all.
 */

const DEMO = demoCatalogue(300);
const PERIOD_LABEL = "2026年10月";
const REMINDER_TEMPLATES = ["SMS_DUBAN_REPORT_REMIND", "SMS_DUBAN_REPORT_LAST_DAY"] as const;
const OUTBOX_TEMPLATES = {
  SMS_DUBAN_REPORT_REMIND: "monthly-report-reminder",
  SMS_DUBAN_REPORT_LAST_DAY: "monthly-report-last-day",
};
/** Sends that can be in flight at one moment: shards run in parallel, each sends this many at a time. */
const IN_FLIGHT = config.store.writeShards * config.notify.sendConcurrency;

/** Every outbox entry addressed to each recipient (a few requests at a time). */
const SINCE = encodeURIComponent("2026-11-01T00:00:00+08:00");

async function outboxOf(duban: Duban, token: string, recipients: string[]): Promise<Map<string, Json[]>> {
  const result = new Map<string, Json[]>();
  for (let i = 0; i < recipients.length; i += 16) {
    const batch = recipients.slice(i, i + 16);
    const pages = await Promise.all(
      batch.map((r) =>
        // Only November's: the demo catalogue joined on 1 October also owes September (due by the 5th), whose
        // reminders went out in October and are not what this audit counts.
        duban.api("GET", `/v1/notifications?recipient=${encodeURIComponent(r)}&limit=500&since=${SINCE}`, {
          token,
        }),
      ),
    );
    pages.forEach((page, j) => {
      expect(page.status, page.text).toBe(200);
      result.set(batch[j] as string, page.body.items);
    });
  }
  return result;
}

type Audit = {
  smsDuplicates: string[];
  outboxDuplicates: string[];
  lost: string[];
  gaps: { sms: number; email: number };
  sentUnconfirmed: number;
  digestSmsPerOfficial: Map<string, number>;
};

function digestOfficials(enterprises: Enterprise[], officials: Official[]): Official[] {
  return officials.filter(
    (o) =>
      (o.role === "anweiban" && enterprises.some((e) => e.countyCode === o.jurisdictionCode)) ||
      (o.role === "inspector" &&
        enterprises.some(
          (e) => e.countyCode === o.jurisdictionCode && e.supervisingDepartment === o.department,
        )),
  );
}

/**
 * Everything the reminders of the 3rd and 5th and the digests of period 2026-10 should have produced, once:
 * per key (recipient + template + period, and step for a bulletin's draft reminders) in the SMS sink and in the
 * outbox.
 */
async function audit(duban: Duban, secret: Uint8Array): Promise<Audit> {
  const token = await tokenFor(secret, { role: "admin", jurisdiction: "530000" });
  const sms = (await duban.api("GET", "/_local/sms")).body.items as SinkedSms[];
  const perKey = new Map<string, number>();
  for (const m of sms) {
    // A bulletin's draft reminders of one month differ by their step (days since drafting).
    const key = `${m.to}|${m.template}|${m.params.period ?? ""}${m.params.days ? `|${m.params.days}` : ""}`;
    perKey.set(key, (perKey.get(key) ?? 0) + 1);
  }
  const result: Audit = {
    smsDuplicates: [...perKey].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`),
    outboxDuplicates: [],
    lost: [],
    gaps: { sms: 0, email: 0 },
    sentUnconfirmed: 0,
    digestSmsPerOfficial: new Map(),
  };

  const mobiles = DEMO.enterprises.flatMap((e) => [e.infoOfficer.mobile, e.safetyManager.mobile]);
  const emails = DEMO.enterprises.flatMap((e) =>
    [e.infoOfficer.email, e.safetyManager.email].filter((x) => x !== undefined),
  );
  const outbox = await outboxOf(duban, token, [...mobiles, ...emails]);
  const check = (
    inOutbox: Json[],
    recipient: string,
    channel: "sms" | "email",
    template: string,
    inSink?: number,
  ) => {
    const entries = inOutbox.filter((e) => e.template === template);
    if (entries.length > 1) result.outboxDuplicates.push(`${recipient} ${template} ×${entries.length}`);
    const entry = entries[0];
    if (!entry) {
      result.lost.push(`${recipient} ${template}: no outbox entry`);
      return;
    }
    // Claimed but interrupted by the kill: marked unknown on restart (the sink cannot be asked), never resent.
    if (entry.status === "sending" || entry.status === "unknown") {
      if (inSink) result.sentUnconfirmed++;
      else result.gaps[channel]++;
      return;
    }
    if (entry.status !== "sent") result.lost.push(`${recipient} ${template}: ${entry.status}`);
    else if (channel === "sms" && inSink !== 1)
      result.lost.push(`${recipient} ${template}: sent but not in the sink`);
  };
  for (const mobile of mobiles) {
    for (const template of REMINDER_TEMPLATES) {
      const inSink = perKey.get(`${mobile}|${template}|${PERIOD_LABEL}`) ?? 0;
      check(outbox.get(mobile) ?? [], mobile, "sms", OUTBOX_TEMPLATES[template], inSink);
    }
  }
  for (const email of emails) {
    for (const template of Object.values(OUTBOX_TEMPLATES))
      check(outbox.get(email) ?? [], email, "email", template);
  }

  const officials = digestOfficials(DEMO.enterprises, DEMO.officials);
  const officialOutbox = await outboxOf(duban, token, [
    ...officials.map((o) => o.mobile),
    ...officials.flatMap((o) => o.email ?? []),
  ]);
  for (const o of officials) {
    const digestSms = perKey.get(`${o.mobile}|SMS_DUBAN_REPORT_DIGEST|${PERIOD_LABEL}`) ?? 0;
    result.digestSmsPerOfficial.set(o.mobile, digestSms);
    for (const [recipient, channel] of [
      [o.mobile, "sms"],
      [o.email ?? "", "email"],
    ] as const) {
      const inSink = channel === "sms" ? digestSms : undefined;
      check(officialOutbox.get(recipient) ?? [], recipient, channel, "monthly-report-digest", inSink);
    }
  }
  // Nobody else gets anything: the legal representatives are never reminded.
  const legalReps = new Set(DEMO.enterprises.map((e) => e.legalRep.mobile));
  result.lost.push(
    ...sms.filter((m) => legalReps.has(m.to)).map((m) => `legal representative ${m.to} got ${m.template}`),
  );
  return result;
}

afterAll(async () => {
  await cleanUpProcesses();
  if (reports.length) console.log(`restart test report:\n${reports.join("\n")}`);
});

const PLANS: { name: string; day3: KillPoint; day5: KillPoint }[] = [
  { name: "300 ms and 800 ms into the advances", day3: { afterMs: 300 }, day5: { afterMs: 800 } },
  { name: "800 ms and 300 ms into the advances", day3: { afterMs: 800 }, day5: { afterMs: 300 } },
  { name: "at the first reminder SMS of each day", day3: { smsAdded: 1 }, day5: { smsAdded: 1 } },
  { name: "half way through each day's reminder SMS", day3: { smsAdded: 300 }, day5: { smsAdded: 450 } },
];

describe("the first start on an empty data directory", () => {
  // Twenty starts, each loading the demo catalogue: minutes on a loaded 2-core machine, not a time limit.
  it("serves every time: the table is active before its first use", { timeout: 300_000 }, async () => {
    const failures: string[] = [];

    for (let i = 0; i < 20; i++) {
      const stack = await startStack({
        dataDir: tempDir("empty"),
        clock: "virtual",
        now: new Date("2026-10-01T00:00:00+08:00"),
        quiet: true,
        notice: () => undefined,
      }).catch((error: unknown) => {
        failures.push(String(error));
        return undefined;
      });
      await stack?.stop();
    }

    expect(failures).toEqual([]);
  });
});

describe("kill -9 while the reminders of 2026-10 are being sent, then restart with the same data", () => {
  for (const plan of PLANS) {
    it(`loses nothing and sends nothing twice (kills ${plan.name})`, { timeout: 300_000 }, async () => {
      const data = tempDir("kill");
      const first = await firstStart(data, "2026-10-01T00:00:00+08:00");
      expect(first.output()).toContain("已载入保山市 300 家企业");
      const secret = new TextEncoder().encode(readFileSync(join(data, "secret"), "utf8").trim());

      const day3 = await advanceAndKill(first, data, "2026-11-03T09:00:30+08:00", plan.day3);
      // An earlier --now than the stored time is refused with a notice: time never goes backwards.
      const second = await startDuban(data, "2026-10-01T00:00:00+08:00");
      const secondClock = await clockOf(second);
      const day5 = await advanceAndKill(second, data, "2026-11-07T09:00:00+08:00", plan.day5);
      const third = await startDuban(data);
      const thirdClock = await clockOf(third);
      await advance(third, "2026-11-07T09:00:00+08:00");
      const result = await audit(third, secret);
      await third.stop();

      const gaps = result.gaps.sms + result.gaps.email;
      reports.push(
        `${plan.name}: day-3 kill ${JSON.stringify(day3)}; day-5 kill ${JSON.stringify(day5)}; ` +
          `gaps (claimed, never sent) sms ${result.gaps.sms}, email ${result.gaps.email}; ` +
          `sent but unconfirmed ${result.sentUnconfirmed}`,
      );
      expect(day3.inFlight && day5.inFlight, "both kills hit an advance in flight").toBe(true);
      expect(second.output()).toMatch(/--now \S+ 早于已保存的虚拟时间 \S+，从已保存的时间继续/);
      expect(secondClock >= day3.clockBefore, `${secondClock} ≥ ${day3.clockBefore}`).toBe(true);
      expect(thirdClock >= day5.clockBefore, `${thirdClock} ≥ ${day5.clockBefore}`).toBe(true);
      expect(result.smsDuplicates).toEqual([]);
      expect(result.outboxDuplicates).toEqual([]);
      expect([...result.digestSmsPerOfficial.values()].every((n) => n <= 1)).toBe(true);
      expect(result.lost).toEqual([]);
      expect(gaps).toBeLessThanOrEqual(2 * IN_FLIGHT);
    });
  }
});

describe("a deferred-SMS dispatch timer pending when the process is killed", () => {
  /** Killed at 2026-11-06T00:00:30+08:00: the close has run, the digest SMS wait for the 08:00 timer. */
  let killedAtClose: string;
  let officials: Official[];

  beforeAll(async () => {
    killedAtClose = tempDir("timer");
    const duban = await firstStart(killedAtClose, "2026-10-20T00:00:00+08:00");
    await advance(duban, "2026-11-06T00:00:30+08:00");
    const secret = new TextEncoder().encode(readFileSync(join(killedAtClose, "secret"), "utf8").trim());
    officials = digestOfficials(DEMO.enterprises, DEMO.officials);
    const token = await tokenFor(secret, { role: "admin", jurisdiction: "530000" });
    const outbox = await outboxOf(
      duban,
      token,
      officials.map((o) => o.mobile),
    );
    const sms = (await duban.api("GET", "/_local/sms")).body.items as SinkedSms[];
    await duban.kill();

    // Arranged as intended: every digest SMS is deferred, none has gone out.
    for (const o of officials) {
      expect(outbox.get(o.mobile)?.map((e) => e.status)).toEqual(["deferred"]);
    }
    expect(sms.filter((m) => m.template === "SMS_DUBAN_REPORT_DIGEST")).toEqual([]);
  }, 300_000);

  function digestSms(items: SinkedSms[]) {
    return items.filter((m) => m.template === "SMS_DUBAN_REPORT_DIGEST");
  }

  it("fires once after a restart on the stored clock, when the clock passes 08:00", {
    timeout: 300_000,
  }, async () => {
    const data = tempDir("timer-stored");
    cpSync(killedAtClose, data, { recursive: true });

    const restarted = await startDuban(data);
    const clock = await clockOf(restarted);
    const passed = await advance(restarted, "2026-11-06T08:00:30+08:00");
    await restarted.kill();
    const again = await startDuban(data);
    await advance(again, "2026-11-07T09:00:00+08:00");
    const sent = digestSms((await again.api("GET", "/_local/sms")).body.items);
    await again.stop();

    expect(restarted.output()).toMatch(/补触发\s+0 次定时任务\/计时器/);
    expect(clock).toBe(utc("2026-11-06T00:00:30+08:00"));
    expect(passed.fired).toContainEqual(
      expect.objectContaining({
        kind: "timer",
        name: "dispatch-202611060000",
        workflow: "notification-dispatch",
      }),
    );
    expect(sent.map((m) => m.to).sort()).toEqual(officials.map((o) => o.mobile).sort());
    expect(new Set(sent.map((m) => m.at))).toEqual(new Set([utc("2026-11-06T08:00:00+08:00")]));
  });

  it("fires on start when the restart's --now lies past it", { timeout: 300_000 }, async () => {
    const data = tempDir("timer-later");
    cpSync(killedAtClose, data, { recursive: true });

    const restarted = await startDuban(data, "2026-11-06T09:00:00+08:00");
    const sent = digestSms((await restarted.api("GET", "/_local/sms")).body.items);
    await advance(restarted, "2026-11-07T09:00:00+08:00");
    const after = digestSms((await restarted.api("GET", "/_local/sms")).body.items);
    await restarted.stop();

    // The 01:00 compliance sweep after the close, the 08:00 dispatch timer and the 08:05 daily dispatch all
    // fell due while it was down.
    expect(restarted.output()).toMatch(/补触发\s+3 次定时任务\/计时器/);
    expect(sent.map((m) => m.to).sort()).toEqual(officials.map((o) => o.mobile).sort());
    // Sent when the process came back, at the virtual time it resumed at.
    expect(new Set(sent.map((m) => m.at))).toEqual(new Set([utc("2026-11-06T09:00:00+08:00")]));
    expect(after).toEqual(sent);
  });
});
