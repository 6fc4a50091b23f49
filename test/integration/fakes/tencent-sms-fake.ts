import { randomUUID } from "node:crypto";
import { type Behaviour, beijingTime, json, startHttpFake } from "./http-fake";
import { verifyTc3 } from "./signatures";

export type TencentSend = {
  to: string;
  appId: string;
  signName: string;
  templateId: string;
  params: string[];
  sessionContext: string;
  serialNo: string;
  at: Date;
};

/**
 * A fake Tencent Cloud SMS (API 2021-01-11): every request must carry a valid TC3-HMAC-SHA256 signature of
 * the given key pair for the service `sms`. SendSms answers as scripted (`next`) and records what it
 * accepted; PullSmsSendStatusByPhoneNumber answers from the record; `reports()` is the status callback body.
 */
export async function startFakeTencent(options: { secretId: string; secretKey: string; now: () => Date }) {
  const sends: TencentSend[] = [];
  const script: Behaviour[] = [];
  const calls: { action: string; refused?: string }[] = [];
  const answer = (response: Parameters<typeof json>[0], body: Record<string, unknown>) =>
    json(response, 200, { Response: { ...body, RequestId: randomUUID() } });
  const fake = await startHttpFake((request, response) => {
    const action = String(request.headers["x-tc-action"] ?? "");
    if (!verifyTc3(request, options.secretId, options.secretKey, "sms")) {
      calls.push({ action, refused: "AuthFailure.SignatureFailure" });
      return answer(response, {
        Error: {
          Code: "AuthFailure.SignatureFailure",
          Message: "The provided credentials could not be validated.",
        },
      });
    }
    calls.push({ action });
    const body = JSON.parse(request.body.toString("utf8") || "{}");
    if (action === "SendSms") {
      const behaviour = script.shift() ?? "ok";
      if (behaviour === "transient") return void response.writeHead(502).end("Bad Gateway");
      if (behaviour === "throttle" || behaviour === "permanent") {
        const code =
          behaviour === "throttle"
            ? "LimitExceeded.PhoneNumberThirtySecondLimit"
            : "InvalidParameterValue.IncorrectPhoneNumber";
        return answer(response, {
          SendStatusSet: [
            {
              SerialNo: "",
              PhoneNumber: body.PhoneNumberSet?.[0],
              Fee: 0,
              SessionContext: body.SessionContext,
              Code: code,
              Message: code,
              IsoCode: "CN",
            },
          ],
        });
      }
      const send: TencentSend = {
        to: String(body.PhoneNumberSet?.[0] ?? ""),
        appId: body.SmsSdkAppId,
        signName: body.SignName,
        templateId: body.TemplateId,
        params: body.TemplateParamSet ?? [],
        sessionContext: body.SessionContext ?? "",
        serialNo: `2433:${sends.length + 1}563400231020345`,
        at: options.now(),
      };
      sends.push(send);
      if (behaviour === "lose") return void response.socket?.destroy();
      return answer(response, {
        SendStatusSet: [
          {
            SerialNo: send.serialNo,
            PhoneNumber: send.to,
            Fee: 1,
            SessionContext: send.sessionContext,
            Code: "Ok",
            Message: "send success",
            IsoCode: "CN",
          },
        ],
      });
    }
    if (action === "PullSmsSendStatusByPhoneNumber") {
      const found = sends.filter((s) => s.to === body.PhoneNumber && s.appId === body.SmsSdkAppId);
      return answer(response, {
        PullSmsSendStatusSet: found.map((s) => ({
          UserReceiveTime: Math.floor(s.at.getTime() / 1000),
          CountryCode: "86",
          SubscriberNumber: s.to.replace(/^\+86/, ""),
          PhoneNumber: s.to,
          SerialNo: s.serialNo,
          ReportStatus: "SUCCESS",
          Description: "DELIVRD",
          SessionContext: s.sessionContext,
        })),
      });
    }
    return answer(response, { Error: { Code: "InvalidAction", Message: action } });
  });
  return {
    ...fake,
    sends,
    calls,
    next: (...behaviours: Behaviour[]) => void script.push(...behaviours),
    /** The status callback body Tencent would post for every accepted send (delivered). */
    reports: () =>
      JSON.stringify(
        sends.map((s) => ({
          user_receive_time: beijingTime(s.at),
          nationcode: "86",
          mobile: s.to.replace(/^\+86/, ""),
          report_status: "SUCCESS",
          errmsg: "DELIVRD",
          description: "用户短信送达成功",
          sid: s.serialNo,
        })),
      ),
  };
}
