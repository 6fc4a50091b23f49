import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { config } from "../../config";
import { shanghaiTimeOfDay } from "../../functions/domain/calendar";
import {
  fillTemplate,
  maskMobile,
  maskMobiles,
  renderSms,
  smsReleaseTime,
} from "../../functions/domain/notify";

const quiet = config.notify.smsQuietHours;

describe("SMS quiet hours (22:00–08:00 Shanghai)", () => {
  it("an SMS due at 00:00 Shanghai waits until 08:00 the same morning", () => {
    const release = smsReleaseTime(new Date("2026-11-06T00:00:00+08:00"), quiet);

    expect(release.toISOString()).toBe(new Date("2026-11-06T08:00:00+08:00").toISOString());
  });

  it("an SMS due at 22:30 Shanghai waits until 08:00 the next morning", () => {
    const release = smsReleaseTime(new Date("2026-12-31T22:30:00+08:00"), quiet);

    expect(release.toISOString()).toBe(new Date("2027-01-01T08:00:00+08:00").toISOString());
  });

  it("an SMS due at 09:00 Shanghai goes at once", () => {
    const due = new Date("2026-11-03T09:00:00+08:00");

    expect(smsReleaseTime(due, quiet)).toEqual(due);
  });

  it("whatever the time, the release time is never earlier and never inside the quiet hours", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true }),
        (due) => {
          const release = smsReleaseTime(due, quiet);
          const { hour } = shanghaiTimeOfDay(release);
          expect(release.getTime()).toBeGreaterThanOrEqual(due.getTime());
          expect(hour >= 22 || hour < 8).toBe(false);
          expect(release.getTime() - due.getTime()).toBeLessThanOrEqual(10 * 3600 * 1000);
        },
      ),
    );
  });
});

describe("templates and masking", () => {
  it("a template parameter that is missing is an error, never a blank in a message", () => {
    expect(() => fillTemplate("${enterprise}：请报送", {})).toThrow(/enterprise/);
  });

  it("an SMS carries the provider template id, its parameters and the signed text", () => {
    const template = config.templates["monthly-report-reminder"];
    if (!template) throw new Error("template missing");

    const sms = renderSms(
      template,
      "monthly-report-reminder",
      {
        key: "k",
        channel: "sms",
        recipient: "13812345678",
        template: "monthly-report-reminder",
        params: { enterprise: "保山市某某有限公司", period: "2026年10月", dueDate: "11月5日" },
        subject: { type: "filing", id: "x" },
        scope: "530502",
      },
      "督办",
    );

    expect(sms.templateId).toBe("SMS_DUBAN_REPORT_REMIND");
    expect(sms.params).toEqual({
      enterprise: "保山市某某有限公司",
      period: "2026年10月",
      dueDate: "11月5日",
    });
    expect(sms.text).toMatch(/^【督办】保山市某某有限公司：2026年10月自查月报未报，请于11月5日（含）前/);
  });

  it("an SMS parameter the message lacks is an error, never an empty string sent to the provider", () => {
    const template = config.templates["monthly-report-reminder"];
    if (!template) throw new Error("template missing");
    const message = {
      key: "k",
      channel: "sms" as const,
      recipient: "13812345678",
      template: "monthly-report-reminder",
      params: { enterprise: "保山市某某有限公司", period: "2026年10月" },
      subject: { type: "filing", id: "x" },
      scope: "530502",
    };

    expect(() => renderSms(template, "monthly-report-reminder", message, "督办")).toThrow(/dueDate/);
  });

  it("an SMS parameter left empty once its link or blanks are dropped is an error, never sent as a hole", () => {
    const template = config.templates["monthly-report-reminder"];
    if (!template) throw new Error("template missing");
    const message = (enterprise: string) => ({
      key: "k",
      channel: "sms" as const,
      recipient: "13812345678",
      template: "monthly-report-reminder",
      params: { enterprise, period: "2026年10月", dueDate: "11月5日" },
      subject: { type: "filing", id: "x" },
      scope: "530502",
    });

    for (const enterprise of ["https://duban.example.com/x", "   ", ""]) {
      expect(() => renderSms(template, "monthly-report-reminder", message(enterprise), "督办")).toThrow(
        /enterprise.*empty/,
      );
    }
  });

  it("a mobile number in a log line is masked as 138****5678", () => {
    expect(maskMobile("13812345678")).toBe("138****5678");
    expect(maskMobiles('{"to":"13812345678","other":"15900001111"}')).toBe(
      '{"to":"138****5678","other":"159****1111"}',
    );
  });
});
