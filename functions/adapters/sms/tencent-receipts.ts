import * as z from "zod";
import type { ReceiptReader } from "../../domain/ports";
import { beijingInstant } from "./beijing-time";
import { readReports } from "./callback-token";

/** One report of Tencent's 短信下发状态通知 (a JSON array of them per request; `sid` is the SerialNo). */
const TencentReport = z.object({
  user_receive_time: z.string().max(32),
  nationcode: z.string().max(8),
  mobile: z.string().max(32),
  report_status: z.enum(["SUCCESS", "FAIL"]),
  errmsg: z.string().max(64),
  description: z.string().max(500).optional(),
  sid: z.string().min(1).max(128),
});
const TencentReports = z.array(TencentReport).min(1).max(1000);

/** Tencent status callbacks, accepted only with the deployment's callback token (Tencent signs nothing). */
export function createTencentReceipts(callbackToken: string): ReceiptReader {
  return {
    provider: "tencent",
    read(request) {
      return readReports(request, callbackToken, TencentReports, (r) => ({
        provider: "tencent",
        providerMessageId: r.sid,
        to: r.mobile,
        delivered: r.report_status === "SUCCESS",
        code: r.errmsg,
        at: beijingInstant(r.user_receive_time),
      }));
    },
  };
}

/** What Tencent expects back. */
export const tencentReceiptAnswer = { result: 0, errmsg: "OK" };
