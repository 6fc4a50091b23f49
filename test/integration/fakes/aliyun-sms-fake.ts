import { randomUUID } from "node:crypto";
import { type Behaviour, beijingDay, beijingTime, json, startHttpFake } from "./http-fake";
import { verifyAcs3 } from "./signatures";

export type AliyunSend = {
  to: string;
  signName: string;
  templateCode: string;
  params: Record<string, string>;
  outId: string;
  bizId: string;
  at: Date;
};

/**
 * A fake Aliyun 短信服务 (Dysmsapi 2017-05-25, RPC style as the SDK calls it): every request must carry a
 * valid ACS3-HMAC-SHA256 signature of the given key pair. SendSms answers as scripted (`next`), records
 * what it accepted; QuerySendDetails answers from the record by number and Beijing day; `reports()` is the
 * SmsReport push Aliyun would post for them.
 */
export async function startFakeAliyun(options: {
  accessKeyId: string;
  accessKeySecret: string;
  now: () => Date;
}) {
  const sends: AliyunSend[] = [];
  const script: Behaviour[] = [];
  const calls: { action: string; refused?: string }[] = [];
  const fake = await startHttpFake((request, response) => {
    const action = String(request.headers["x-acs-action"] ?? "");
    if (!verifyAcs3(request, options.accessKeyId, options.accessKeySecret)) {
      calls.push({ action, refused: "SignatureDoesNotMatch" });
      return json(response, 400, {
        Code: "SignatureDoesNotMatch",
        Message: "Specified signature is not matched with our calculation.",
        RequestId: randomUUID(),
      });
    }
    calls.push({ action });
    const q = new URL(request.url, "http://fake").searchParams;
    if (action === "SendSms") {
      const behaviour = script.shift() ?? "ok";
      if (behaviour === "throttle")
        return json(response, 200, {
          Code: "isv.BUSINESS_LIMIT_CONTROL",
          Message: "触发号码天级流控Permits:10",
          RequestId: randomUUID(),
        });
      if (behaviour === "transient")
        return json(response, 500, {
          Code: "isp.SYSTEM_ERROR",
          Message: "系统出现错误，请重新调用",
          RequestId: randomUUID(),
        });
      if (behaviour === "permanent")
        return json(response, 200, {
          Code: "isv.MOBILE_NUMBER_ILLEGAL",
          Message: "非法手机号",
          RequestId: randomUUID(),
        });
      const send: AliyunSend = {
        to: q.get("PhoneNumbers") ?? "",
        signName: q.get("SignName") ?? "",
        templateCode: q.get("TemplateCode") ?? "",
        params: JSON.parse(q.get("TemplateParam") ?? "{}"),
        outId: q.get("OutId") ?? "",
        bizId: `${sends.length + 1}00619746936498440^0`,
        at: options.now(),
      };
      sends.push(send);
      // The message went out; the answer never arrives (a reset connection, a timeout at the caller).
      if (behaviour === "lose") return void response.socket?.destroy();
      return json(response, 200, { Code: "OK", Message: "OK", BizId: send.bizId, RequestId: randomUUID() });
    }
    if (action === "QuerySendDetails") {
      const found = sends.filter(
        (s) => s.to === q.get("PhoneNumber") && beijingDay(s.at) === q.get("SendDate"),
      );
      return json(response, 200, {
        Code: "OK",
        Message: "OK",
        RequestId: randomUUID(),
        TotalCount: found.length,
        SmsSendDetailDTOs: {
          SmsSendDetailDTO: found.map((s) => ({
            PhoneNum: s.to,
            SendStatus: 3,
            ErrCode: "DELIVERED",
            TemplateCode: s.templateCode,
            Content: "",
            SendDate: beijingTime(s.at),
            ReceiveDate: beijingTime(s.at),
            OutId: s.outId,
          })),
        },
      });
    }
    return json(response, 404, { Code: "InvalidAction.NotFound", Message: action, RequestId: randomUUID() });
  });
  return {
    ...fake,
    sends,
    calls,
    /** The behaviours of the next sends, in order; then every send is answered OK. */
    next: (...behaviours: Behaviour[]) => void script.push(...behaviours),
    /** The SmsReport push body Aliyun would post for every accepted send (delivered). */
    reports: () =>
      JSON.stringify(
        sends.map((s) => ({
          phone_number: s.to,
          send_time: beijingTime(s.at),
          report_time: beijingTime(s.at),
          success: true,
          err_code: "DELIVERED",
          err_msg: "用户接收成功",
          sms_size: "1",
          biz_id: s.bizId,
          out_id: s.outId,
        })),
      ),
  };
}
