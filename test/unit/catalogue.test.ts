import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Email,
  EnterpriseSchema,
  INDUSTRIES,
  legacyOfficialId,
  Mobile,
  OfficialSchema,
  officialId,
  parseIndustry,
  parseOfficialRole,
} from "../../functions/domain/catalogue";

const MOBILE_MESSAGE = "应为 11 位大陆手机号码（13–19 开头）";
const digits = (length: number) =>
  fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: length, maxLength: length });

const validEnterprise = {
  creditCode: "91350100M000100Y43",
  name: "保山市隆阳区永昌煤业有限公司",
  countyCode: "530502",
  industry: "coal_mine",
  legalRep: { name: "张三", mobile: "13900000001" },
  safetyManager: { name: "李四", mobile: "13900000002", email: "anquan.1@example.cn" },
  infoOfficer: { name: "王五", mobile: "13900000003", email: "xinxi.1@example.cn" },
  supervisingDepartment: "应急管理局",
};

const validOfficial = {
  name: "赵六",
  role: "inspector",
  jurisdictionCode: "530502",
  department: "应急管理局",
  mobile: "13700000001",
  email: "inspector.1@example.gov.cn",
};

describe("parseIndustry", () => {
  it.each(Object.entries(INDUSTRIES))(
    "the industry %s is found by its key and by its Chinese name %s",
    (key, name) => {
      expect(parseIndustry(key)).toBe(key);
      expect(parseIndustry(name)).toBe(key);
    },
  );

  it("surrounding whitespace is ignored", () => {
    expect(parseIndustry("  危险化学品 ")).toBe("hazardous_chemicals");
  });

  it.each(["", "煤", "Coal_Mine", "mining"])("%s is not an industry", (input) => {
    expect(parseIndustry(input)).toBeUndefined();
  });
});

describe("parseOfficialRole", () => {
  it("a role is found by its key and by its Chinese name", () => {
    expect(parseOfficialRole("anweiban")).toBe("anweiban");
    expect(parseOfficialRole("安委办")).toBe("anweiban");
  });
});

describe("Mobile", () => {
  it("any 11 digits starting 13–19 are a mobile number", () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 9 }), digits(9), (second, rest) => {
        const mobile = `1${second}${rest}`;

        expect(Mobile.safeParse(mobile)).toEqual({ success: true, data: mobile });
      }),
    );
  });

  it("twelve digits are not a mobile number", () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 9 }), digits(10), (second, rest) => {
        expect(Mobile.safeParse(`1${second}${rest}`).success).toBe(false);
      }),
    );
  });

  it("a number starting 10, 11 or 12 is not a mobile number", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), digits(9), (second, rest) => {
        const result = Mobile.safeParse(`1${second}${rest}`);

        expect(result.success).toBe(false);
        expect(result.error?.issues[0]?.message).toBe(MOBILE_MESSAGE);
      }),
    );
  });

  it.each(["+8613900000001", "8613900000001", "139 0000 0001", "139-0000-0001"])(
    "the spelling %s is stored as the one spelling 13900000001",
    (input) => {
      expect(Mobile.parse(input)).toBe("13900000001");
    },
  );

  it("surrounding whitespace is trimmed", () => {
    expect(Mobile.safeParse(" 13900000001 ")).toEqual({ success: true, data: "13900000001" });
  });
});

describe("Email", () => {
  it("an address is accepted trimmed and a non-address refused", () => {
    expect(Email.safeParse(" anquan.1@example.cn ")).toEqual({ success: true, data: "anquan.1@example.cn" });
    expect(Email.safeParse("anquan.1@").error?.issues[0]?.message).toBe("应为电子邮箱地址");
  });
});

describe("EnterpriseSchema", () => {
  it("a complete enterprise is accepted and its status defaults to active", () => {
    const result = EnterpriseSchema.parse(validEnterprise);

    expect(result.status).toBe("active");
    expect(result.creditCode).toBe("91350100M000100Y43");
  });

  it("every problem of an enterprise is reported at its path", () => {
    const input = {
      ...validEnterprise,
      countyCode: "530500",
      legalRep: { name: " ", mobile: "12900000001" },
      status: "open",
    };

    const result = EnterpriseSchema.safeParse(input);

    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual([
      "countyCode",
      "legalRep.name",
      "legalRep.mobile",
      "status",
    ]);
  });

  it("a name longer than 100 characters is refused", () => {
    const result = EnterpriseSchema.safeParse({ ...validEnterprise, name: "企".repeat(101) });

    expect(result.error?.issues[0]?.message).toBe("最多 100 个字符");
  });
});

describe("OfficialSchema", () => {
  it("an inspector without a department is refused", () => {
    const result = OfficialSchema.safeParse({ ...validOfficial, department: " " });

    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["department"]);
  });

  it.each(["anweiban", "leader", "admin"])("a(n) %s may have no department", (role) => {
    const { department: _omitted, ...withoutDepartment } = validOfficial;

    const result = OfficialSchema.parse({ ...withoutDepartment, role });

    expect(result.department).toBe("");
  });

  it("an unknown role is refused naming the roles", () => {
    const result = OfficialSchema.safeParse({ ...validOfficial, role: "mayor" });

    expect(result.error?.issues[0]?.message).toContain("监管人员（inspector）");
  });
});

describe("officialId", () => {
  it("a new mobile number or email keeps the official's id, and the id does not contain the number", () => {
    const first = OfficialSchema.parse(validOfficial);
    const renumbered = OfficialSchema.parse({
      ...validOfficial,
      mobile: "13911112222",
      email: "other@example.gov.cn",
    });

    expect(officialId(renumbered)).toBe(officialId(first));
    expect(officialId(first)).toMatch(/^OF-[0-9a-f]{16}$/);
    expect(officialId(first)).not.toContain(first.mobile);
    expect(officialId(first)).not.toContain(first.mobile.slice(-4));
  });

  it("one department spelt two ways is one official; another name or department is another official", () => {
    const first = OfficialSchema.parse(validOfficial);
    const respelt = OfficialSchema.parse({
      ...validOfficial,
      department: ` ${validOfficial.department}（执法）`,
    });
    const other = OfficialSchema.parse({ ...validOfficial, name: "赵七" });
    const moved = OfficialSchema.parse({ ...validOfficial, department: "住房和城乡建设局" });

    expect(officialId(respelt)).toBe(officialId(first));
    expect(officialId(other)).not.toBe(officialId(first));
    expect(officialId(moved)).not.toBe(officialId(first));
  });

  it("one person in two roles has two identities", () => {
    const asInspector = OfficialSchema.parse(validOfficial);
    const asAnweiban = OfficialSchema.parse({ ...validOfficial, role: "anweiban" });

    expect(officialId(asAnweiban)).not.toBe(officialId(asInspector));
  });

  it("the id tokens made before stable ids carry still names the official by jurisdiction, role and mobile", () => {
    expect(legacyOfficialId(OfficialSchema.parse(validOfficial))).toBe("530502:inspector:13700000001");
  });
});
