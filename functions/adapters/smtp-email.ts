import nodemailer from "nodemailer";
import type { EmailChannel, SendResult } from "../domain/ports";

export type SmtpEmailOptions = {
  /** `smtp.qiye.aliyun.com` (阿里企业邮) or `smtp.exmail.qq.com` (腾讯企业邮); both take implicit TLS on 465. */
  host: string;
  port: number;
  user: string;
  pass: string;
  /** The sender, usually the login mailbox ("督办 <duban@example.gov.cn>"). */
  from: string;
  /**
   * TLS from the first byte (port 465) or STARTTLS required (587); plain text is never accepted: a login
   * and official notices do not travel unencrypted.
   */
  secure: boolean;
  /** A private CA's certificate (PEM) to trust besides the system's, e.g. a test server's self-signed one. */
  ca?: string;
  timeoutMs?: number;
};

/**
 * SMTP replies worth another try: 4xx (the server's "try again later", greylisting, too many connections)
 * and no reply at all. A 5xx (unknown mailbox, refused sender, failed login) will be refused again.
 */
export function classifySmtp(error: unknown): SendResult {
  const e = error as { responseCode?: number; code?: string; message?: string };
  const permanent = e.responseCode !== undefined && e.responseCode >= 500;
  return {
    ok: false,
    retryable: !permanent,
    ...(e.responseCode === 421 || e.responseCode === 450 || e.responseCode === 451
      ? { throttled: true }
      : {}),
    ...(e.responseCode ? { code: String(e.responseCode) } : e.code ? { code: e.code } : {}),
    error: `${e.code ?? "SMTP"}: ${e.message ?? String(error)}`,
  };
}

/** Email through a mailbox's SMTP server (nodemailer), for deployments without SES (the AWS China regions). */
export function createSmtpEmail(options: SmtpEmailOptions): EmailChannel {
  const transport = nodemailer.createTransport({
    host: options.host,
    port: options.port,
    secure: options.secure,
    requireTLS: true,
    auth: { user: options.user, pass: options.pass },
    tls: { minVersion: "TLSv1.2", ...(options.ca ? { ca: [options.ca] } : {}) },
    connectionTimeout: options.timeoutMs ?? 10_000,
    greetingTimeout: options.timeoutMs ?? 10_000,
    socketTimeout: options.timeoutMs ?? 20_000,
  });
  return {
    async send(request): Promise<SendResult> {
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: request.to,
          subject: request.subject,
          text: request.body,
          attachments: request.attachments?.map((a) => ({
            filename: a.fileName,
            contentType: a.contentType,
            content: Buffer.from(a.content),
          })),
        });
        return { ok: true, providerMessageId: info.messageId };
      } catch (error) {
        return classifySmtp(error);
      }
    },
  };
}
