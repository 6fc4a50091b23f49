import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CREDIT_CODE_CHARSET,
  CreditCode,
  completeCreditCode,
  creditCodeProblem,
  isValidCreditCode,
} from "../../functions/domain/credit-code";
import { InvalidInput } from "../../functions/domain/errors";

const charsetChar = fc.constantFrom(...CREDIT_CODE_CHARSET);
const digit = fc.constantFrom(..."0123456789");
const legalParts = fc.record({
  registrationDept: charsetChar,
  orgType: charsetChar,
  division: fc.string({ unit: digit, minLength: 6, maxLength: 6 }),
  orgBody: fc.string({ unit: charsetChar, minLength: 8, maxLength: 8 }),
});

describe("creditCodeProblem", () => {
  it.each(["91350100M000100Y43", "91110000600037341L"])("the published code %s is valid", (code) => {
    expect(creditCodeProblem(code)).toBeUndefined();
    expect(isValidCreditCode(code)).toBe(true);
  });

  it("any code completed from legal parts is valid", () => {
    fc.assert(
      fc.property(legalParts, (parts) => {
        const code = completeCreditCode(parts);

        expect(code).toHaveLength(18);
        expect(
          code.startsWith(`${parts.registrationDept}${parts.orgType}${parts.division}${parts.orgBody}`),
        ).toBe(true);
        expect(creditCodeProblem(code)).toBeUndefined();
      }),
    );
  });

  it("changing any single character of a valid code to another charset character makes it invalid", () => {
    fc.assert(
      fc.property(legalParts, fc.nat(17), charsetChar, (parts, position, replacement) => {
        const code = completeCreditCode(parts);
        fc.pre(code.charAt(position) !== replacement);
        const altered = `${code.slice(0, position)}${replacement}${code.slice(position + 1)}`;

        expect(isValidCreditCode(altered)).toBe(false);
      }),
    );
  });

  it("a code whose 18th character is wrong is refused, naming the expected character", () => {
    const wrong = "91350100M000100Y44";

    const problem = creditCodeProblem(wrong);

    expect(problem).toBe("统一社会信用代码第 18 位校验码应为 3，请核对是否抄错");
  });

  it("a code whose organisation-code check character is wrong is refused, naming the expected character", () => {
    const code = completeCreditCode({
      registrationDept: "9",
      orgType: "1",
      division: "530502",
      orgBody: "MA6K1234",
    });
    const orgCheck = code.charAt(16);
    const wrongCheck = orgCheck === "1" ? "2" : "1";

    const problem = creditCodeProblem(`${code.slice(0, 16)}${wrongCheck}${code.charAt(17)}`);

    expect(problem).toBe(`统一社会信用代码第 17 位（组织机构代码校验码）应为 ${orgCheck}，请核对是否抄错`);
  });

  it.each([
    ["I", 10],
    ["O", 11],
    ["Z", 12],
    ["S", 13],
    ["V", 14],
  ])("the easily misread letter %s is an illegal character at its position", (letter, position) => {
    const code = `${"91350100M000100Y43".slice(0, position - 1)}${letter}${"91350100M000100Y43".slice(position)}`;

    const problem = creditCodeProblem(code);

    expect(problem).toContain(`第 ${position} 位“${letter}”不是允许的字符`);
  });

  it("a lowercase letter is an illegal character for the strict check", () => {
    expect(creditCodeProblem("91350100m000100Y43")).toContain("第 9 位“m”不是允许的字符（字母须大写）");
  });

  it.each(["", "91350100M000100Y4", "91350100M000100Y433"])(
    "a code of the wrong length (%s) is refused",
    (code) => {
      expect(creditCodeProblem(code)).toBe(`统一社会信用代码应为 18 位，实际 ${code.length} 位`);
    },
  );

  it("a division part that is not six digits is refused", () => {
    const problem = creditCodeProblem("913501A0M000100Y43");

    expect(problem).toBe("统一社会信用代码第 3–8 位（登记管理机关行政区划码）应为 6 位数字");
  });
});

describe("completeCreditCode", () => {
  it("parts that cannot form a code are refused, naming each bad part", () => {
    const parts = { registrationDept: "I", orgType: "1", division: "5305", orgBody: "MA6K123" };

    let thrown: unknown;
    try {
      completeCreditCode(parts);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(InvalidInput);
    expect((thrown as InvalidInput).fields?.map((f) => f.path)).toEqual([
      "registrationDept",
      "division",
      "orgBody",
    ]);
  });
});

describe("CreditCode schema", () => {
  it("surrounding whitespace and lowercase letters are normalised to the canonical code", () => {
    const result = CreditCode.safeParse("  91350100m000100y43 ");

    expect(result).toEqual({ success: true, data: "91350100M000100Y43" });
  });

  it("an invalid code is refused with the reason as the message", () => {
    const result = CreditCode.safeParse("91350100M000100Y44");

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("统一社会信用代码第 18 位校验码应为 3，请核对是否抄错");
  });
});
