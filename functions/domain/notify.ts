import { addDays, shanghaiAt, shanghaiDateOf, shanghaiTimeOfDay } from "./calendar";
import type { DubanConfig, Template } from "./config-schema";
import { shortId } from "./hash";
import { smsParameter } from "./input-bounds";
import type { EmailRequest, Message, SmsProvider, SmsRequest } from "./ports";

/** Fills the `${name}` parameters of a template text; a missing one is an error, never a blank in a message to a person. */
export function fillTemplate(text: string, params: Record<string, string>): string {
  return text.replace(/\$\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`template parameter "${name}" missing`);
    return value;
  });
}

export function renderSms(
  template: Template,
  name: string,
  message: Message,
  signName: string,
  provider?: SmsProvider,
): SmsRequest {
  if (!template.sms) throw new Error(`template "${name}" has no SMS form`);
  // Parameters carry what people typed (titles, names): no links, no control characters (input-bounds).
  const safe = Object.fromEntries(Object.entries(message.params).map(([k, v]) => [k, smsParameter(v)]));
  // A parameter the template names but the message lacks is an error, as in the text: never a blank
  // `""` in an SMS to a person (the provider would accept it and send a sentence with a hole). So is one
  // left empty once links are dropped (a title that was only a link, or blank).
  const params = Object.fromEntries(
    template.sms.params.map((p) => {
      const value = safe[p];
      if (value === undefined) throw new Error(`template parameter "${p}" missing`);
      if (value === "") throw new Error(`template parameter "${p}" empty once links and blanks are dropped`);
      return [p, value];
    }),
  );
  return {
    to: message.recipient,
    signName,
    // A mainland provider knows the template by its own id (checked at start: checkProviderTemplates).
    templateId:
      (provider === "aliyun" || provider === "tencent"
        ? template.sms.providerTemplateIds?.[provider]
        : undefined) ?? template.sms.templateId,
    params,
    text: `【${signName}】${fillTemplate(template.sms.text, safe)}`,
    // The outbox entry's id: the provider hears it with the send and names the message by it later.
    outId: shortId(message.key),
  };
}

export function renderEmail(template: Template, name: string, message: Message): EmailRequest {
  if (!template.email) throw new Error(`template "${name}" has no email form`);
  return {
    to: message.recipient,
    subject: fillTemplate(template.email.subject, message.params),
    body: fillTemplate(template.email.body, message.params),
  };
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * When an SMS due at `at` may go out: `at` itself outside the quiet hours, else the end of the quiet hours
 * (22:00–08:00 Shanghai by default: 08:00 the same or the next morning).
 */
export function smsReleaseTime(at: Date, quiet: DubanConfig["notify"]["smsQuietHours"]): Date {
  const { hour, minute } = shanghaiTimeOfDay(at);
  const now = hour * 60 + minute;
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  const inQuiet = from > to ? now >= from || now < to : now >= from && now < to;
  if (!inQuiet) return at;
  const today = shanghaiDateOf(at);
  const releaseDay = from > to && now >= from ? addDays(today, 1) : today;
  return shanghaiAt(releaseDay, quiet.to);
}

/** 13812345678 → 138****5678: logs never carry a whole mobile number. */
export function maskMobile(mobile: string): string {
  return mobile.length === 11 ? `${mobile.slice(0, 3)}****${mobile.slice(7)}` : "***";
}

/** Masks every mainland mobile number inside a text (log lines, error messages). */
export function maskMobiles(text: string): string {
  return text.replace(/(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g, "$1****$2");
}
