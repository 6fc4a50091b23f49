import type { Field } from "./form";
import { ACCIDENT_LEVEL } from "./labels";

const options = (table: Record<string, string>) =>
  Object.entries(table).map(([value, label]) => ({ value, label }));

/**
 * The fields of each accident-case action, by the API body's paths (functions/domain/accident.ts). A new
 * case is opened in a jurisdiction chosen by name among the official's own and those below it.
 */
export const newAccidentFields = (jurisdictions: { value: string; label: string }[]): Field[] => [
  { key: "summary", label: "事故概况", type: "textarea" },
  { key: "occurredAt", label: "发生时间", type: "datetime" },
  {
    key: "level",
    label: "事故等级",
    type: "select",
    options: options(ACCIDENT_LEVEL),
    hint: "须与伤亡和直接经济损失相符（《生产安全事故报告和调查处理条例》第三条）",
  },
  { key: "deaths", label: "死亡人数", type: "number" },
  { key: "injuries", label: "重伤人数", type: "number" },
  { key: "directLossYuan", label: "直接经济损失（元）", type: "number" },
  { key: "jurisdiction", label: "立案辖区", type: "select", options: jurisdictions },
  { key: "enterpriseCreditCode", label: "事故企业统一社会信用代码（可不填）", type: "text" },
];

export const EXTENSION: Field[] = [
  { key: "days", label: "延长天数", type: "number", hint: "经批准，最长不超过 60 日" },
  { key: "approvedBy", label: "批准机关", type: "text" },
];

export const REPORT: Field[] = [
  { key: "submittedAt", label: "提交时间", type: "datetime" },
  { key: "reportNo", label: "调查报告编号", type: "text" },
];

export const CLOSURE: Field[] = [
  { key: "closedAt", label: "批复结案时间", type: "datetime" },
  { key: "reportNo", label: "批复文号", type: "text" },
];

export const EVALUATION: Field[] = [
  { key: "completedAt", label: "评估完成时间", type: "datetime" },
  { key: "reportNo", label: "评估报告编号", type: "text" },
  { key: "findings", label: "评估结论", type: "textarea" },
];

export const WITHDRAWAL: Field[] = [{ key: "reason", label: "撤销原因", type: "textarea" }];
