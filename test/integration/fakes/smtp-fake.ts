import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";

/** A self-signed certificate for 127.0.0.1, made for this run (openssl), so no key lives in the repository. */
export function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), "duban-smtp-cert-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    return {
      key: readFileSync(join(dir, "key.pem"), "utf8"),
      cert: readFileSync(join(dir, "cert.pem"), "utf8"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * An SMTP server (smtp-server) speaking TLS from the first byte, as 阿里企业邮 and 腾讯企业邮 do on 465: it
 * accepts only the given login, keeps every message's raw bytes, and can answer the next messages with a
 * reply code (421 try later, 550 mailbox unavailable).
 */
export async function startFakeSmtp(options: { user: string; pass: string; key: string; cert: string }) {
  const received: { from: string; to: string[]; raw: string; user: string }[] = [];
  const logins: { user: string; ok: boolean }[] = [];
  const replies: number[] = [];
  const server = new SMTPServer({
    secure: true,
    key: options.key,
    cert: options.cert,
    authMethods: ["PLAIN", "LOGIN"],
    disabledCommands: [],
    logger: false,
    onAuth(auth, _session, callback) {
      const ok = auth.username === options.user && auth.password === options.pass;
      logins.push({ user: auth.username ?? "", ok });
      if (!ok) return callback(new Error("535 Authentication failed"));
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const code = replies.shift();
        if (code) {
          const error = Object.assign(new Error(code >= 500 ? "mailbox unavailable" : "try again later"), {
            responseCode: code,
          });
          return callback(error);
        }
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          user: String(session.user ?? ""),
        });
        callback();
      });
    },
  });
  // A client that refuses the certificate closes the socket mid-handshake: the server's error, not the test's.
  server.on("error", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    logins,
    /** Reply codes for the next messages, in order; then every message is accepted. */
    reply: (...codes: number[]) => void replies.push(...codes),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
