import { describe, expect, it } from "vitest";
import {
  BoundedDate,
  BoundedInstant,
  Count,
  DistinctList,
  hasControlOrBidi,
  SingleLine,
  smsParameter,
  Yuan,
} from "../../functions/domain/input-bounds";
import { renderSms } from "../../functions/domain/notify";

describe("bounds at the edge", () => {
  it.each([0, 1, 12.5, 0.01, 1e13, 9_999_999_999_999.99])("%s yuan is money", (v) => {
    expect(Yuan.safeParse(v).success).toBe(true);
  });

  it.each([1e16, 1e13 + 1, -1, 1e-200, 0.001, 2 ** 53, 1e308, Number.NaN])("%s yuan is refused", (v) => {
    expect(Yuan.safeParse(v).success).toBe(false);
  });

  it.each([0, 10_000_000])("%s is a count", (v) => expect(Count.safeParse(v).success).toBe(true));
  it.each([-1, 0.5, 10_000_001, 2 ** 53, 1e308])("%s is not a count", (v) => {
    expect(Count.safeParse(v).success).toBe(false);
  });

  it("dates lie between 1949-10-01 and 2100-12-31, instants by their Shanghai date", () => {
    expect(BoundedDate.safeParse("1949-10-01").success).toBe(true);
    expect(BoundedDate.safeParse("2100-12-31").success).toBe(true);
    expect(BoundedDate.safeParse("1949-09-30").success).toBe(false);
    expect(BoundedDate.safeParse("2101-01-01").success).toBe(false);
    expect(BoundedInstant.safeParse("2026-11-02T10:00:00+08:00").success).toBe(true);
    expect(BoundedInstant.safeParse("0001-01-01T00:00:00Z").success).toBe(false);
    expect(BoundedInstant.safeParse("9999-12-31T23:59:59+08:00").success).toBe(false);
  });

  it("a list of dates holds at most its bound and no duplicates, naming the duplicate's index", () => {
    const list = DistinctList(BoundedDate, 3);
    expect(list.safeParse(["2027-01-01", "2027-01-02"]).success).toBe(true);
    expect(list.safeParse(["2027-01-01", "2027-01-02", "2027-01-03", "2027-01-04"]).success).toBe(false);
    const duplicate = list.safeParse(["2027-01-01", "2027-01-01"]);
    expect(duplicate.success).toBe(false);
    expect(duplicate.error?.issues[0]?.path).toEqual([1]);
  });
});

describe("text hygiene", () => {
  it.each(["a\u0000b", "a\u001b[31mb", "a\u202Eb", "a\u2066b", "a\u200Fb", "a\u007Fb"])(
    "control and bidi characters are found in %j",
    (text) => {
      expect(hasControlOrBidi(text)).toBe(true);
      expect(SingleLine(100).safeParse(text).success).toBe(false);
    },
  );

  it("a title is one line; ordinary Chinese text passes", () => {
    expect(SingleLine(100).safeParse("主井提升机制动器失效").success).toBe(true);
    expect(SingleLine(100).safeParse("第一行\n第二行").success).toBe(false);
  });

  it("links and control characters never reach an SMS text; the template's words do", () => {
    const sms = renderSms(
      { sms: { templateId: "SMS_1", params: ["title"], text: "隐患“${title}”已挂牌督办" } } as never,
      "t",
      {
        key: "k",
        channel: "sms",
        recipient: "13800000000",
        template: "t",
        params: { title: "点击 https://evil.example.cn/x 领取\u202E补贴 www.evil.cn 或 evil.top/a" },
        subject: { type: "hazard", id: "HZ-1" },
        scope: "530502",
      },
      "保山应急",
    );

    expect(sms.text).toBe("【保山应急】隐患“点击 领取补贴 或”已挂牌督办");
    expect(smsParameter("井下\u001b透水")).toBe("井下透水");
    expect(sms.params.title).not.toMatch(/http|www|evil/);
  });
});
