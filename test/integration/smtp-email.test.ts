import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSmtpEmail } from "../../functions/adapters/smtp-email";
import { selfSignedCertificate, startFakeSmtp } from "./fakes/smtp-fake";

const login = { user: "duban@example.gov.cn", pass: "mailbox-password-0123" };
// A PDF's first bytes and a few binary ones: the attachment must arrive byte for byte.
const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n%âãÏÓ\n", "latin1"), Buffer.from([0, 1, 2, 254, 255])]);

describe("email through SMTP (TLS, login) for mailboxes such as 阿里企业邮 and 腾讯企业邮", () => {
  const certificate = selfSignedCertificate();
  let server: Awaited<ReturnType<typeof startFakeSmtp>>;
  beforeAll(async () => {
    server = await startFakeSmtp({ ...login, ...certificate });
  });
  afterAll(() => server.stop());

  const channel = (pass = login.pass, trusted = true) =>
    createSmtpEmail({
      host: "127.0.0.1",
      port: server.port,
      secure: true,
      user: login.user,
      pass,
      from: `督办 <${login.user}>`,
      ...(trusted ? { ca: certificate.cert } : {}),
      timeoutMs: 5_000,
    });

  it("delivers a Chinese email with a PDF attachment over TLS after logging in", async () => {
    const result = await channel().send({
      to: "anweiban@example.gov.cn",
      subject: "2026年11月安全生产月报已发布",
      body: "保山市隆阳区2026年11月月报已发布，详见附件。",
      attachments: [{ fileName: "隆阳区2026年11月月报.pdf", contentType: "application/pdf", content: pdf }],
    });

    expect(result).toMatchObject({ ok: true });
    const mail = server.received.at(-1);
    expect(mail).toMatchObject({ from: login.user, to: ["anweiban@example.gov.cn"], user: login.user });
    expect(mail?.raw).toContain("Content-Type: application/pdf");
    const base64 = /Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*?\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(
      mail?.raw.slice(mail.raw.indexOf("application/pdf")) ?? "",
    )?.[1];
    expect(Buffer.from((base64 ?? "").replace(/\s/g, ""), "base64").equals(pdf)).toBe(true);
  });

  it("a wrong password is refused at login, permanently", async () => {
    const result = await channel("wrong-password").send({
      to: "a@example.gov.cn",
      subject: "测试",
      body: "测试",
    });

    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(server.logins.at(-1)).toEqual({ user: login.user, ok: false });
  });

  it("a server whose certificate is not trusted gets nothing, not even the login", async () => {
    const before = server.logins.length;
    const result = await channel(login.pass, false).send({
      to: "a@example.gov.cn",
      subject: "测试",
      body: "测试",
    });

    expect(result).toMatchObject({ ok: false, retryable: true });
    expect(server.logins.length).toBe(before);
  });

  it("a 421 is tried again as throttling, a 550 is not tried again", async () => {
    server.reply(421, 550);

    expect(await channel().send({ to: "a@example.gov.cn", subject: "测试", body: "测试" })).toMatchObject({
      ok: false,
      retryable: true,
      throttled: true,
    });
    expect(await channel().send({ to: "a@example.gov.cn", subject: "测试", body: "测试" })).toMatchObject({
      ok: false,
      retryable: false,
      code: "550",
    });
  });
});
