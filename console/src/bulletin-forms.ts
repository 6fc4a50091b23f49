import type { Field } from "./form";

/** The fields of the bulletin (通报) actions, by their path in the API body. */
const TEXTS: Field[] = [
  { key: "foreword", label: "按语（印在正文前）", type: "textarea", hint: "可不填；最多 2000 字" },
  { key: "remarks", label: "备注（印在正文后）", type: "textarea", hint: "可不填；最多 2000 字" },
];

export const EDIT: Field[] = TEXTS;

export const ISSUE: Field[] = [
  { key: "documentNo", label: "文号", type: "text", hint: "如：隆安办〔2026〕12号；印发后不能修改" },
  ...TEXTS,
];

export const SUPERSEDE: Field[] = [
  { key: "reason", label: "更正原因", type: "textarea", hint: "2 至 500 字；将以本月存档数据起草新版本" },
];
