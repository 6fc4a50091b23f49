import { PinpointSMSVoiceV2Client } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { config } from "../../../config";
import { createOutbox } from "../../domain/notifier";
import type { EmailChannel, SmsChannel } from "../../domain/ports";
import { countCalls } from "../aws-calls";
import { createEumSms } from "../eum-sms";
import type { LambdaEnv, PortFactory } from "../lambda-deps";
import { realPace } from "../pace";
import { createSesEmail } from "../ses-email";
import { objectsPort } from "./objects";
import { timersPort } from "./timers";

/** SES email and End User Messaging SMS: the channels of the global regions. */
function awsChannels(env: LambdaEnv): { email: EmailChannel; sms: SmsChannel } {
  if (!env.SMS_ORIGINATION_IDENTITY) throw new Error("SMS_ORIGINATION_IDENTITY is not set");
  return {
    email: createSesEmail(countCalls(new SESv2Client({})), env.EMAIL_FROM, env.SES_CONFIGURATION_SET),
    sms: createEumSms(
      countCalls(new PinpointSMSVoiceV2Client({})),
      env.SMS_ORIGINATION_IDENTITY,
      env.SMS_CONFIGURATION_SET,
    ),
  };
}

/**
 * Sends and records messages, with the timers of deferred sends. `process.env.DUBAN_CHANNELS` is replaced by
 * its value when bundling (infra/function.ts), so a bundle holds one family of channel clients: SES and
 * End User Messaging, or SMTP and a mainland SMS provider (AWS China).
 */
export const notifierPort: PortFactory<"notifier"> = {
  port: "notifier",
  build: async (composition) => {
    const { env, base } = composition;
    // A dynamic import, so that the global bundle drops the branch and the mainland SDKs with it (they are
    // CommonJS: esbuild cannot prove an unused static import of them free of side effects).
    const channels =
      process.env.DUBAN_CHANNELS === "mainland"
        ? await (await import("./mainland-channels")).mainlandChannels(env)
        : awsChannels(env);
    return createOutbox({
      outbox: base.outbox,
      // Enqueueing sets the dispatch timer of the minute; the dispatcher function sends (one pass at a time).
      wake: "timer",
      pace: realPace,
      random: Math.random,
      // The rate table's names (config.notify.dispatch): the SMS channel names its provider itself.
      providers: { sms: channels.sms.provider, email: env.DUBAN_CHANNELS === "mainland" ? "smtp" : "ses" },
      attachments: await composition.use(objectsPort),
      clock: base.clock,
      timers: await composition.use(timersPort),
      config,
      log: base.log,
      ...channels,
    });
  },
};
