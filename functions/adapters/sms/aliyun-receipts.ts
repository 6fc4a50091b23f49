import * as z from "zod";
import type { ReceiptReader } from "../../domain/ports";
import { beijingInstant } from "./beijing-time";
import { readReports } from "./callback-token";

/** One report of Aliyun's SmsReport HTTP push (短信发送状态报告, a JSON array of them per request). */
const AliyunReport = z.object({
  phone_number: z.string().max(32),
  send_time: z.string().max(32).optional(),
  report_time: z.string().max(32),
  success: z.boolean(),
  err_code: z.string().max(64),
  err_msg: z.string().max(500).optional(),
  sms_size: z.string().max(8).optional(),
  biz_id: z.string().max(64),
  out_id: z.string().max(64).optional(),
});
const AliyunReports = z.array(AliyunReport).min(1).max(1000);

/** Aliyun delivery reports, accepted only with the deployment's callback token (Aliyun signs nothing). */
export function createAliyunReceipts(callbackToken: string): ReceiptReader {
  return {
    provider: "aliyun",
    read(request) {
      return readReports(request, callbackToken, AliyunReports, (r) => ({
        provider: "aliyun",
        providerMessageId: r.biz_id,
        ...(r.out_id ? { outId: r.out_id } : {}),
        to: r.phone_number,
        delivered: r.success,
        code: r.err_code,
        at: beijingInstant(r.report_time),
      }));
    },
  };
}

/** What Aliyun expects back, or it pushes the reports again. */
export const aliyunReceiptAnswer = { code: 0, msg: "成功" };
