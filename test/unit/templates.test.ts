import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { config } from "../../config";
import { SmsTemplate } from "../../functions/domain/config-schema";
import { renderTemplates, templateTable, withTemplateTable } from "../../functions/domain/template-table";

/**
 * Every SMS template rendered with the longest realistic parameters is one segment (70 characters with the
 * sign), or declares its segments with the reason; config/README.md shows them as generated.
 */
describe("the notification templates as sent", () => {
  const rows = renderTemplates(config);

  it("every template renders with the sample parameters, every parameter filled", () => {
    for (const r of rows) {
      expect(r.sms?.text ?? "", r.name).not.toMatch(/\$\{/);
      expect(r.emailSubject ?? "", r.name).not.toMatch(/\$\{/);
    }
  });

  it.each(rows.filter((r) => r.sms).map((r) => [r.name, r.sms] as const))(
    "%s is the segments its configuration declares, and more than one only with a reason",
    (_name, sms) => {
      expect(sms?.segments, sms?.text).toBeLessThanOrEqual(sms?.declared ?? 1);
      if ((sms?.declared ?? 1) > 1) expect(sms?.why?.length ?? 0, sms?.text).toBeGreaterThanOrEqual(20);
    },
  );

  it("the configuration refuses a template of several segments that does not say why", () => {
    const sms = { templateId: "SMS_X", params: [], text: "短信正文" };

    expect(SmsTemplate.safeParse({ ...sms, segments: 2 }).success).toBe(false);
    expect(
      SmsTemplate.safeParse({ ...sms, segments: 2, why: "names the enterprise and the hazard in full" })
        .success,
    ).toBe(true);
    expect(SmsTemplate.safeParse({ ...sms, segments: 1 }).success).toBe(true);
  });

  it("most SMS templates are one segment", () => {
    const sms = rows.filter((r) => r.sms);
    const single = sms.filter((r) => r.sms?.segments === 1);

    expect(single.length / sms.length).toBeGreaterThanOrEqual(0.5);
  });

  it("config/README.md holds the table as `npm run templates:table` generates it", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "..", "config", "README.md"), "utf8");

    expect(withTemplateTable(readme, templateTable(config))).toBe(readme);
  });
});
