import { Cron } from "croner";
import { describe, expect, it } from "vitest";
import { toCroner } from "../../local/scheduler";

/** The local scheduler must fire an EventBridge cron on the same days AWS would (1 = Sunday there). */
const nextShanghaiDay = (eventBridge: string, from: string) => {
  const at = new Cron(toCroner(eventBridge), { timezone: "Asia/Shanghai", paused: true }).nextRun(
    new Date(from),
  );
  return at ? new Intl.DateTimeFormat("en", { weekday: "short", timeZone: "Asia/Shanghai" }).format(at) : "";
};

describe("EventBridge cron expressions on the local scheduler", () => {
  it("day of week 2 is Monday, as EventBridge counts (1 = Sunday)", () => {
    expect(nextShanghaiDay("cron(0 9 ? * 2 *)", "2026-11-04T00:00:00+08:00")).toBe("Mon");
  });

  it("day of week 1 is Sunday and 7 is Saturday", () => {
    expect(nextShanghaiDay("cron(0 9 ? * 1 *)", "2026-11-04T00:00:00+08:00")).toBe("Sun");
    expect(nextShanghaiDay("cron(0 9 ? * 7 *)", "2026-11-04T00:00:00+08:00")).toBe("Sat");
  });

  it("ranges, lists and the n-th weekday of a month are shifted too; names and counts are kept", () => {
    expect(toCroner("cron(0 9 ? * 2-6 *)")).toBe("0 9 * * 1-5");
    expect(toCroner("cron(0 9 ? * 1,7 *)")).toBe("0 9 * * 0,6");
    expect(toCroner("cron(0 9 ? * 6#3 *)")).toBe("0 9 * * 5#3");
    expect(toCroner("cron(0 9 ? * MON-FRI *)")).toBe("0 9 * * MON-FRI");
    expect(toCroner("cron(5 8 * * ? *)")).toBe("5 8 * * *");
    expect(toCroner("cron(0 0 6 * ? *)")).toBe("0 0 6 * *");
  });
});
