import { appendFileSync, existsSync, readFileSync } from "node:fs";
import type { Clock, SmsChannel } from "../functions/domain/ports";

export type SinkedSms = {
  to: string;
  template: string;
  params: Record<string, string>;
  text: string;
  at: string;
};

const read = (file: string): SinkedSms[] =>
  existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line) as SinkedSms)
    : [];

/** Lines in the file, counted without parsing them. */
function countLines(file: string): number {
  if (!existsSync(file)) return 0;
  const bytes = readFileSync(file);
  let lines = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) lines++;
  return lines;
}

/**
 * The local stand-in for an SMS provider: it accepts what the real one would (template id, parameters,
 * sign name) and keeps every message. With a file, the file is the record (JSON lines, kept across
 * restarts) and nothing stays in memory — a long run sends hundreds of thousands; `list()` reads it back.
 * Without, a list in memory (tests, the simulator).
 */
export function createSmsSink(clock: Clock, file?: string) {
  const received: SinkedSms[] = [];
  let counter = file ? countLines(file) : 0;
  const channel: SmsChannel = {
    provider: "sink",
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
      else received.push(entry);
      counter++;
      return { ok: true, providerMessageId: `local-sms-${counter}` };
    },
  };
  return { channel, list: () => (file ? read(file) : [...received]) };
}
