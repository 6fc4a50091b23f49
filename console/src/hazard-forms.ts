import type { Field } from "./form";
import { HAZARD_LEVEL, HAZARD_SOURCE, LISTING_LEVEL } from "./labels";

const options = (table: Record<string, string>) =>
  Object.entries(table).map(([value, label]) => ({ value, label }));

/** The fields of each hazard action, by the API body's paths (functions/domain/hazard.ts). */
export const REGISTER: Field[] = [
  { key: "level", label: "隐患级别", type: "select", options: options(HAZARD_LEVEL) },
  { key: "title", label: "隐患名称", type: "text" },
  { key: "description", label: "隐患描述", type: "textarea" },
  { key: "location", label: "所在部位", type: "text" },
  { key: "foundAt", label: "发现时间", type: "datetime" },
  { key: "source", label: "发现途径", type: "select", options: options(HAZARD_SOURCE) },
  {
    key: "rectifyBy",
    label: "整改期限",
    type: "date",
    when: (v) => v.level === "general",
    hint: "一般隐患须写明整改期限",
  },
];

export const PLAN: Field[] = [
  { key: "objectives", label: "治理目标和任务", type: "textarea" },
  { key: "measures", label: "治理措施（措施落实）", type: "textarea" },
  { key: "responsible.name", label: "责任人（责任落实）", type: "text" },
  { key: "responsible.mobile", label: "责任人手机号", type: "text" },
  { key: "funds.amountYuan", label: "治理资金（元，资金落实）", type: "number" },
  { key: "funds.source", label: "资金来源", type: "text" },
  { key: "deadline", label: "治理时限（时限落实）", type: "date" },
  { key: "safetyMeasures", label: "治理期间的安全措施", type: "textarea" },
  { key: "contingencyPlan", label: "应急预案（预案落实）", type: "textarea" },
];

export const LISTING: Field[] = [
  { key: "level", label: "挂牌级别", type: "select", options: options(LISTING_LEVEL) },
  { key: "department", label: "挂牌部门", type: "text" },
  { key: "documentNo", label: "督办文号", type: "text" },
];

export const PROGRESS: Field[] = [
  { key: "period", label: "进展月份（YYYY-MM）", type: "text" },
  { key: "summary", label: "治理进展", type: "textarea" },
  { key: "percentComplete", label: "完成比例（%）", type: "number" },
  { key: "fundsSpentYuan", label: "已投入资金（元）", type: "number" },
];

export const EXTENSION: Field[] = [
  { key: "newDeadline", label: "申请延期至", type: "date" },
  { key: "reason", label: "延期理由", type: "textarea" },
];

export const DECISION: Field[] = [
  {
    key: "approved",
    label: "审批意见",
    type: "select",
    options: [
      { value: true, label: "同意延期" },
      { value: false, label: "不同意延期" },
    ],
  },
  { key: "note", label: "审批说明", type: "textarea" },
];

export const EVALUATION: Field[] = [
  { key: "agency", label: "评估机构", type: "text" },
  { key: "agencyLicenseNo", label: "机构资质证书编号", type: "text" },
  {
    key: "conclusion",
    label: "评估结论",
    type: "select",
    options: [
      { value: "pass", label: "治理合格" },
      { value: "fail", label: "治理不合格" },
    ],
  },
  { key: "reportNo", label: "评估报告编号", type: "text" },
  { key: "evaluatedAt", label: "评估时间", type: "datetime" },
];

export const ACCEPTANCE: Field[] = [
  {
    key: "result",
    label: "验收结果",
    type: "select",
    options: [
      { value: "passed", label: "验收通过（销号）" },
      { value: "failed", label: "验收不通过" },
    ],
  },
  { key: "inspectedAt", label: "验收时间", type: "datetime" },
  { key: "note", label: "验收意见", type: "textarea" },
  { key: "newDeadline", label: "重新整改期限", type: "date", when: (v) => v.result === "failed" },
];

export const RECTIFY: Field[] = [
  { key: "rectifiedAt", label: "整改完成时间", type: "datetime" },
  { key: "note", label: "整改情况", type: "textarea" },
];
