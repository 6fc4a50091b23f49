import { z } from "zod";
import { EnterpriseSchema } from "../domain/catalogue";
import { CreditCode } from "../domain/credit-code";
import { MonthlyReportBody } from "../domain/filing";
import { PeriodSchema } from "../domain/period";

/** Request and response shapes of the HTTP API: the handlers parse with them, the OpenAPI document shows them. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

export const ImportResultBody = z.object({
  imported: z.number().int(),
  updated: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })),
});

export const CreditCodeParams = z.object({ creditCode: CreditCode });
export const ReportParams = z.object({ creditCode: CreditCode, period: PeriodSchema });
export { EnterpriseSchema, MonthlyReportBody };

export const ReportReceipt = z.object({
  creditCode: z.string(),
  period: z.string(),
  status: z.enum(["on_time", "late"]),
  receivedAt: z.string(),
  version: z.number().int(),
  flags: z.array(z.string()),
});

const Limit = z.coerce.number().int().min(1).max(500).default(100);

export const ReportListQuery = z.object({
  period: PeriodSchema,
  status: z.enum(["on_time", "late", "missing"]).optional(),
  jurisdiction: z
    .string()
    .regex(/^\d{6}$/, "a GB/T 2260 six-digit code")
    .optional(),
  limit: Limit,
  nextToken: z.string().optional(),
});

export const ReportList = z.object({
  items: z.array(
    z.object({
      creditCode: z.string(),
      name: z.string(),
      countyCode: z.string(),
      period: z.string(),
      status: z.enum(["on_time", "late", "missing"]),
      receivedAt: z.string().optional(),
      version: z.number().int().optional(),
      overdue: z.boolean(),
      flags: z.array(z.string()),
    }),
  ),
  nextToken: z.string().optional(),
});

export const NotificationQuery = z.object({
  recipient: z.union([z.string().regex(/^1[3-9]\d{9}$/), z.email()], {
    error: "a mainland mobile number or an email address",
  }),
  since: z.iso.datetime({ offset: true }).optional(),
  limit: Limit,
  nextToken: z.string().optional(),
});

export const NotificationList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      channel: z.enum(["sms", "email"]),
      recipient: z.string(),
      template: z.string(),
      status: z.enum(["queued", "sending", "sent", "failed", "deferred"]),
      subject: z.object({ type: z.string(), id: z.string() }),
      createdAt: z.string(),
      sentAt: z.string().optional(),
      notBefore: z.string().optional(),
      attempts: z.number().int(),
      /** Why a message failed or is being retried (mobile numbers masked). */
      error: z.string().optional(),
    }),
  ),
  nextToken: z.string().optional(),
});

export const Health = z.object({ status: z.literal("ok") });
