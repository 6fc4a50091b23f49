import { type SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import type { EmailChannel, SendResult } from "../domain/ports";

/** Errors worth another try: throttling and the provider's own faults. Everything else is permanent. */
export function classify(error: unknown): SendResult {
  const e = error as {
    name?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
  };
  const status = e.$metadata?.httpStatusCode ?? 0;
  const retryable =
    !!e.$retryable ||
    status >= 500 ||
    status === 429 ||
    /Throttl|TooManyRequests|LimitExceeded|ServiceUnavailable|Timeout|ECONNRESET|ECONNREFUSED/i.test(
      `${e.name} ${e.message}`,
    );
  return { ok: false, retryable, error: `${e.name ?? "Error"}: ${e.message ?? String(error)}` };
}

/** Email through SES v2 (aws-ses-v2-local locally: the same API, a web viewer of what was sent). */
export function createSesEmail(client: SESv2Client, from: string, configurationSet?: string): EmailChannel {
  return {
    async send(request) {
      try {
        const out = await client.send(
          new SendEmailCommand({
            FromEmailAddress: from,
            Destination: { ToAddresses: [request.to] },
            Content: {
              Simple: {
                Subject: { Data: request.subject, Charset: "UTF-8" },
                Body: { Text: { Data: request.body, Charset: "UTF-8" } },
                ...(request.attachments?.length
                  ? {
                      Attachments: request.attachments.map((a) => ({
                        FileName: a.fileName,
                        ContentType: a.contentType,
                        ContentDisposition: "ATTACHMENT" as const,
                        RawContent: a.content,
                      })),
                    }
                  : {}),
              },
            },
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
