import { describe, expect, it } from "vitest";
import * as z from "zod";
import { Conflict, InvalidInput } from "../../functions/domain/errors";
import { type MessageCode, message, said, zh } from "../../functions/domain/messages";

/**
 * Parameters for rendering any text without knowing its signature: lists where a text joins a list,
 * numbers where it counts, a Chinese word otherwise.
 */
const LISTS = new Set(["allowed", "columns", "values", "keys", "problems"]);
const NUMBERS = new Set(["year", "line", "index", "count", "header", "n", "days", "maxDays", "length"]);
const NUMBERS_OR_TEXT = new Set(["max", "min", "value", "position", "chars"]);
const sample = new Proxy(
  {},
  {
    get: (_target, key) => {
      if (typeof key !== "string") return undefined;
      if (LISTS.has(key)) return ["甲", "乙"];
      if (NUMBERS.has(key) || NUMBERS_OR_TEXT.has(key)) return 3;
      if (key === "kind") return "month";
      if (key === "where") return "body";
      if (key === "direction") return "after";
      if (key === "char") return "I";
      return "样例";
    },
  },
);

const codes = Object.keys(zh) as MessageCode[];

describe("the message catalogue", () => {
  it("has a Chinese text for every code, with no parameter left unfilled", () => {
    const untranslated = codes.filter((code) => {
      const text = (zh[code] as (p: unknown) => string)(sample);
      return !/\p{Script=Han}/u.test(text) || /undefined|NaN|\[object|\$\{/.test(text);
    });

    expect(codes.length).toBeGreaterThan(100);
    expect(untranslated).toEqual([]);
  });

  it("keeps codes stable English: lower-case words joined by dots and underscores", () => {
    expect(codes.filter((code) => !/^[a-z]+(\.[a-z0-9_]+)+$/.test(code))).toEqual([]);
  });

  it("renders a text with its parameters in place", () => {
    expect(message("catalogue.enterprise_not_found", { creditCode: "91530502MAJTG2GJ8E" })).toBe(
      "监管对象目录中没有统一社会信用代码为 91530502MAJTG2GJ8E 的企业",
    );
    expect(message("csv.duplicate_of_line", { line: 7 })).toBe("与第 7 行重复");
  });

  it("gives a domain error the code for programs and the Chinese text for people", () => {
    const error = new Conflict(said("hazard.extension_already_decided", { n: 2 }));

    expect(error.code).toBe("conflict");
    expect(error.reason).toBe("hazard.extension_already_decided");
    expect(error.message).toBe("第 2 次延期申请已审批");
  });

  it("names roles and states in Chinese, never their English keys", () => {
    const text = message("auth.role_not_allowed", { role: "enterprise", allowed: ["anweiban", "admin"] });

    expect(text).toBe("企业用户不能办理此事项；可办理的角色：安委办、管理员");
  });
});

describe("zod field messages", () => {
  const Form = z.object({
    name: z.string().trim().min(1).max(5),
    count: z.number().int().min(1),
    kind: z.enum(["a", "b"]),
    email: z.email(),
    list: z.array(z.string()).max(1),
  });

  it("are Chinese for zod's own checks, through the catalogue", () => {
    const result = Form.safeParse({
      name: "一二三四五六",
      count: 1.5,
      kind: "c",
      email: "x@",
      list: ["1", "2"],
    });

    expect(Object.fromEntries(result.error?.issues.map((i) => [i.path.join("."), i.message]) ?? [])).toEqual({
      name: "最多 5 个字符",
      count: "应为整数",
      kind: "应为以下之一：a、b",
      email: "应为电子邮箱地址",
      list: "最多 1 项",
    });
  });

  it("say 必填 for a missing or empty required field", () => {
    const result = Form.safeParse({ name: "  ", kind: "a", email: "a@b.cn", list: [] });

    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["name", "必填"],
      ["count", "必填"],
    ]);
  });

  it("InvalidInput carries its catalogue text and status 400", () => {
    const error = new InvalidInput(said("http.invalid_json"));

    expect(error.message).toBe("请求正文不是有效的 JSON");
    expect(error.status).toBe(400);
  });
});
