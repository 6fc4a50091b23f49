import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { jwtVerify, SignJWT } from "jose";
import * as z from "zod";
import { message } from "../functions/domain/messages";
import { Principal } from "../functions/domain/principal";

const ISSUER = "duban-local";
const AUDIENCE = "duban";

/** The local signing secret, created on the first start on a data folder. */
export function localSecret(file: string): Uint8Array {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return existingSecret(file) as Uint8Array;
}

/**
 * The secret of a data folder `npm start` made, or undefined: `duban token` never invents one (a token
 * signed with a secret no server holds is a 401 with no hint why).
 */
export function existingSecret(file: string): Uint8Array | undefined {
  if (!existsSync(file)) return undefined;
  return new TextEncoder().encode(readFileSync(file, "utf8").trim());
}

export const TokenRequest = z
  .object({
    role: z.enum(["enterprise", "inspector", "anweiban", "leader", "admin"]),
    jurisdiction: z.string().regex(/^\d{6}$/, message("field.division_code")),
    enterprise: z.string().optional(),
    sub: z.string().optional(),
    hours: z.number().positive().default(12),
  })
  .refine((t) => t.role !== "enterprise" || t.enterprise, {
    message: message("cli.enterprise_required"),
    path: ["enterprise"],
  });

/** Signs a token with the claims the AWS JWT authorizer would pass through. */
export async function signToken(secret: Uint8Array, request: z.input<typeof TokenRequest>): Promise<string> {
  const t = TokenRequest.parse(request);
  const sub =
    t.sub ?? (t.role === "enterprise" ? `enterprise:${t.enterprise}` : `${t.role}:${t.jurisdiction}`);
  return new SignJWT({
    role: t.role,
    jurisdiction: t.jurisdiction,
    ...(t.enterprise ? { enterprise: t.enterprise } : {}),
  })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${t.hours}h`)
    .sign(secret);
}

/** Verifies a local token and returns its claims (as API Gateway's JWT authorizer would hand them on). */
export async function verifyToken(secret: Uint8Array, token: string): Promise<Record<string, unknown>> {
  const { payload } = await jwtVerify(token, secret, { issuer: ISSUER, audience: AUDIENCE });
  Principal.parse(payload);
  return payload as Record<string, unknown>;
}
