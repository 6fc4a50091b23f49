import { z } from "zod";
import { InvalidInput } from "./errors";
import { message, said } from "./messages";

/**
 * GB/T 2260 administrative division codes: two digits province, two digits city (地级), two digits county
 * (县级). A level's code pads the lower parts with zeros: 530000 云南省, 530500 保山市, 530502 隆阳区.
 *
 * Levels and parents are derived by arithmetic on the code, not looked up in the published table. That is
 * exact for the usual province → city → county tree, but some county-level units sit directly under the
 * province (省直辖县级行政区划, e.g. 429004 仙桃市): their derived "city" 429000 is not a real city. Scoping
 * still works (429004 is within 420000 as it should be); only a city-level scope 429000 would never exist.
 */

const SIX_DIGITS = /^[1-9]\d{5}$/;

export const JurisdictionCode = z.string().trim().regex(SIX_DIGITS, message("field.division_code"));
export type JurisdictionCode = z.infer<typeof JurisdictionCode>;

export type JurisdictionLevel = "province" | "city" | "county";

function assertCode(code: string): void {
  if (!SIX_DIGITS.test(code)) {
    throw new InvalidInput(said("input.jurisdiction_code", { value: code }), [
      { path: "jurisdictionCode", message: message("field.division_code") },
    ]);
  }
}

function levelOf(code: string): JurisdictionLevel {
  if (code.endsWith("0000")) return "province";
  if (code.endsWith("00")) return "city";
  return "county";
}

export function jurisdictionLevel(code: string): JurisdictionLevel {
  assertCode(code);
  return levelOf(code);
}

/** The code prefix shared by every division inside `code`: "53" for 530000, "5305" for 530500. */
export function scopePrefix(code: string): string {
  switch (jurisdictionLevel(code)) {
    case "province":
      return code.slice(0, 2);
    case "city":
      return code.slice(0, 4);
    case "county":
      return code;
  }
}

/**
 * Whether an enterprise registered in `entityCountyCode` falls under `scopeCode`: users of its county,
 * of that county's city and of its province all see it.
 */
export function isWithin(entityCountyCode: string, scopeCode: string): boolean {
  assertCode(entityCountyCode);
  return entityCountyCode.startsWith(scopePrefix(scopeCode));
}

/** The enclosing division by arithmetic (see the module comment for 省直辖县), undefined for a province. */
export function parentJurisdiction(code: string): string | undefined {
  switch (jurisdictionLevel(code)) {
    case "province":
      return undefined;
    case "city":
      return `${code.slice(0, 2)}0000`;
    case "county":
      return `${code.slice(0, 4)}00`;
  }
}

export const CountyCode = JurisdictionCode.refine(
  // The regex issue is already reported for a malformed code; this refinement still runs, so it must not throw.
  (code) => !SIX_DIGITS.test(code) || levelOf(code) === "county",
  message("field.county_code"),
);
export type CountyCode = z.infer<typeof CountyCode>;
