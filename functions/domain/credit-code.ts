import * as z from "zod";
import { InvalidInput } from "./errors";
import { message, said } from "./messages";

/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015.
 *
 * Layout (positions 1-based): 1 registration department, 2 organisation type, 3–8 administrative division
 * (GB/T 2260), 9–17 organisation code (GB 11714: 8 body characters + 1 check character), 18 check character.
 */

/** GB 32100-2015 §4.1: the code uses digits and 21 capital letters; I, O, Z, S, V are excluded as easily misread. */
export const CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/** GB 32100-2015 §5: the weight of position i is 3^(i-1) mod 31. */
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** GB 11714-1997 §5: weights of the eight body characters of the organisation code. */
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

const DIVISION = /^\d{6}$/;

/**
 * GB 11714 values a body character as a digit 0–9 or a letter A=10 … Z=35, which is the alphabetic
 * position, not the index in the GB 32100 charset (the charset skips I, O, S, V, Z).
 */
function orgBodyValue(char: string): number {
  return Number.parseInt(char, 36);
}

function charsetValue(char: string): number {
  return CREDIT_CODE_CHARSET.indexOf(char);
}

/** GB 11714-1997: C = 11 − (Σ value·weight mod 11); 10 is written X and 11 is written 0. */
function orgCodeCheckChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < ORG_CODE_WEIGHTS.length; i++) {
    sum += orgBodyValue(body.charAt(i)) * (ORG_CODE_WEIGHTS[i] ?? 0);
  }
  const c = 11 - (sum % 11);
  if (c === 10) return "X";
  if (c === 11) return "0";
  return String(c);
}

/** GB 32100-2015 §5: C18 = 31 − (Σ value·weight mod 31), 31 becoming 0, written with the charset. */
function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < CREDIT_CODE_WEIGHTS.length; i++) {
    sum += charsetValue(first17.charAt(i)) * (CREDIT_CODE_WEIGHTS[i] ?? 0);
  }
  const c = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_CHARSET.charAt(c);
}

/**
 * Why `code` is not a valid 统一社会信用代码, or undefined when it is. Strict: letters must already be
 * uppercase and there is no trimming (the `CreditCode` schema normalises before calling this).
 *
 * The registration department and organisation type (positions 1–2) are not checked against the GB 32100
 * tables: departments have been added since 2015 and a stale table would refuse real enterprises.
 */
export function creditCodeProblem(code: string): string | undefined {
  const chars = [...code];
  if (chars.length !== 18) return message("field.credit_code_length", { length: chars.length });
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] ?? "";
    if (!CREDIT_CODE_CHARSET.includes(char)) {
      return message("field.credit_code_charset", {
        position: i + 1,
        char,
        allowed: CREDIT_CODE_CHARSET.slice(10),
      });
    }
  }
  if (!DIVISION.test(code.slice(2, 8))) {
    return message("field.credit_code_division");
  }
  const orgBody = code.slice(8, 16);
  const expectedOrgCheck = orgCodeCheckChar(orgBody);
  if (code.charAt(16) !== expectedOrgCheck) {
    return message("field.credit_code_org_check", { expected: expectedOrgCheck });
  }
  const expected18 = creditCodeCheckChar(code.slice(0, 17));
  if (code.charAt(17) !== expected18) {
    return message("field.credit_code_check", { expected: expected18 });
  }
  return undefined;
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === undefined;
}

export type CreditCodeParts = {
  /** Position 1, e.g. "9" for 工商 (market regulation). */
  registrationDept: string;
  /** Position 2, e.g. "1" for 企业 under department 9. */
  orgType: string;
  /** Positions 3–8, the GB/T 2260 division code of the registering authority. */
  division: string;
  /** Positions 9–16, the eight GB 11714 body characters (without their check character). */
  orgBody: string;
};

/** Builds a complete code, computing both check characters. Refuses parts that cannot form a valid code. */
export function completeCreditCode(parts: CreditCodeParts): string {
  const { registrationDept, orgType, division, orgBody } = parts;
  const fields: { path: string; message: string }[] = [];
  const isCharsetChars = (s: string, length: number) =>
    s.length === length && [...s].every((c) => CREDIT_CODE_CHARSET.includes(c));
  if (!isCharsetChars(registrationDept, 1)) {
    fields.push({ path: "registrationDept", message: message("field.credit_code_part", { chars: 1 }) });
  }
  if (!isCharsetChars(orgType, 1))
    fields.push({ path: "orgType", message: message("field.credit_code_part", { chars: 1 }) });
  if (!DIVISION.test(division)) fields.push({ path: "division", message: message("field.six_digits") });
  if (!isCharsetChars(orgBody, 8))
    fields.push({ path: "orgBody", message: message("field.credit_code_part", { chars: 8 }) });
  if (fields.length > 0) throw new InvalidInput(said("catalogue.credit_code_parts_invalid"), fields);

  const first16 = `${registrationDept}${orgType}${division}${orgBody}`;
  const first17 = `${first16}${orgCodeCheckChar(orgBody)}`;
  return `${first17}${creditCodeCheckChar(first17)}`;
}

/** Accepts surrounding whitespace and lowercase letters, as people type them; yields the canonical form. */
export const CreditCode = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((code, ctx) => {
    const problem = creditCodeProblem(code);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
  });
