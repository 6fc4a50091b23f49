import { type PinpointSMSVoiceV2Client, SendTextMessageCommand } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import type { SendResult, SmsChannel } from "../domain/ports";
import { classify } from "./ses-email";

/**
 * SMS through AWS End User Messaging SMS. Mainland carriers accept only registered templates with a sign
 * name, so the request carries template id and parameters (kept in Context for the delivery record) and
 * the rendered text. An Aliyun or Tencent Cloud adapter implements the same SmsChannel port.
 */
export function createEumSms(
  client: PinpointSMSVoiceV2Client,
  originationIdentity: string,
  configurationSet?: string,
): SmsChannel {
  return {
    provider: "eum",
    async send(request): Promise<SendResult> {
      try {
        const out = await client.send(
          new SendTextMessageCommand({
            DestinationPhoneNumber: `+86${request.to}`,
            OriginationIdentity: originationIdentity,
            MessageBody: request.text,
            MessageType: "TRANSACTIONAL",
            Context: { templateId: request.templateId, signName: request.signName },
            ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
          }),
        );
        return { ok: true, providerMessageId: out.MessageId ?? "unknown" };
      } catch (error) {
        return classify(error);
      }
    },
  };
}
