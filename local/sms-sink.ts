import { appendFileSync, existsSync, readFileSync } from "node:fs";
import type { Clock, SmsChannel } from "../functions/domain/ports";

export type SinkedSms = {
  to: string;
  template: string;
  params: Record<string, string>;
  text: string;
  at: string;
};

/**
 * The local stand-in for an SMS provider: it accepts what the real one would (template id, parameters,
 * sign name) and keeps every message, appended to a JSON-lines file so a restart keeps the history.
 */
export function createSmsSink(clock: Clock, file?: string) {
  const received: SinkedSms[] =
    file && existsSync(file)
      ? readFileSync(file, "utf8")
          .split("\n")
          .filter((line) => line.trim())
          .map((line) => JSON.parse(line) as SinkedSms)
      : [];
  let counter = received.length;
  const channel: SmsChannel = {
    async send(request) {
      if (!/^1[3-9]\d{9}$/.test(request.to)) {
        return { ok: false, retryable: false, error: `invalid destination number ${request.to}` };
      }
      const entry: SinkedSms = {
        to: request.to,
        template: request.templateId,
        params: request.params,
        text: request.text,
        at: clock.now().toISOString(),
      };
      if (file) appendFileSync(file, `${JSON.stringify(entry)}\n`);
      received.push(entry);
      counter++;
      return { ok: true, providerMessageId: `local-sms-${counter}` };
    },
  };
  return { channel, list: () => [...received] };
}
