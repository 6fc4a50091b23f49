import type { z } from "zod";
import { zh } from "./zh";

type Issue = Parameters<NonNullable<z.core.$ZodErrorMap>>[0];

const SIZED = new Set(["string", "array", "set", "file"]);

/**
 * zod's built-in issues in the catalogue's words. zod's own zh-CN locale speaks to programmers
 * ("期望 string <=100 字符"); officials filling a spreadsheet read "最多 100 个字符".
 */
export function zodMessage(issue: Issue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined || issue.input === null || issue.input === ""
        ? zh["field.required"]()
        : zh["field.expected_type"]({ expected: issue.expected });
    case "invalid_value":
      return zh["field.one_of"]({ values: issue.values });
    case "too_big":
      if (issue.origin === "string") return zh["field.too_long"]({ max: issue.maximum });
      if (SIZED.has(issue.origin)) return zh["field.too_many"]({ max: issue.maximum });
      return zh["field.too_big"]({ max: issue.maximum });
    case "too_small":
      if (issue.origin === "string")
        return issue.minimum === 1 ? zh["field.required"]() : zh["field.too_short"]({ min: issue.minimum });
      if (SIZED.has(issue.origin)) return zh["field.too_few"]({ min: issue.minimum });
      return zh["field.too_small"]({ min: issue.minimum });
    case "invalid_format":
      if (issue.format === "email") return zh["field.email"]();
      if (issue.format === "datetime") return zh["field.instant"]();
      if (issue.format === "date") return zh["field.date"]();
      return zh["field.invalid"]();
    case "unrecognized_keys":
      return zh["field.unknown_keys"]({ keys: issue.keys });
    case "not_multiple_of":
      return issue.divisor === 1 ? zh["field.integer"]() : zh["field.invalid"]();
    default:
      return zh["field.invalid"]();
  }
}
