import * as z from "zod";
import { Forbidden, NotFound } from "./errors";
import { isWithin, JurisdictionCode, scopePrefix } from "./jurisdiction";
import { message, said } from "./messages";

export const Role = z.enum(["enterprise", "inspector", "anweiban", "leader", "admin"]);
export type Role = z.infer<typeof Role>;

/** Who is calling: the verified token's claims (JWT authorizer on AWS, the local signer locally). */
export const Principal = z
  .object({
    sub: z.string().min(1),
    role: Role,
    jurisdiction: JurisdictionCode,
    enterprise: z.string().optional(),
  })
  .refine((p) => p.role !== "enterprise" || !!p.enterprise, {
    message: message("auth.enterprise_claim_required"),
    path: ["enterprise"],
  });
export type Principal = z.infer<typeof Principal>;

/**
 * May the caller see or act for this enterprise? Enterprise users reach only their own; officials reach
 * enterprises of their county, or of every county below their city or province (GB/T 2260 prefix rule).
 */
export function canReachEnterprise(
  principal: Principal,
  enterprise: { creditCode: string; countyCode: string },
) {
  if (principal.role === "enterprise") return principal.enterprise === enterprise.creditCode;
  return isWithin(enterprise.countyCode, principal.jurisdiction);
}

/**
 * What the caller may not see answers exactly like what does not exist (status, code and message), so a
 * token holder cannot learn which credit codes are in the catalogue.
 */
export function enterpriseNotFound(creditCode: string): NotFound {
  return new NotFound(said("catalogue.enterprise_not_found", { creditCode }));
}

export function assertCanReachEnterprise(
  principal: Principal,
  enterprise: { creditCode: string; countyCode: string },
) {
  if (!canReachEnterprise(principal, enterprise)) throw enterpriseNotFound(enterprise.creditCode);
}

export function assertOfficial(
  principal: Principal,
  allowed: Role[] = ["inspector", "anweiban", "leader", "admin"],
) {
  if (!allowed.includes(principal.role)) {
    throw new Forbidden(said("auth.role_not_allowed", { role: principal.role, allowed }));
  }
}

/**
 * The jurisdiction a listing query covers: the one asked for, which must lie within the caller's own, or
 * the caller's own when none is asked for.
 */
export function queryScope(principal: Principal, asked: string | undefined): string {
  const scope = asked ?? principal.jurisdiction;
  if (!isWithin(scope, principal.jurisdiction)) {
    throw new Forbidden(said("auth.jurisdiction_outside", { scope, jurisdiction: principal.jurisdiction }));
  }
  return scopePrefix(scope);
}
