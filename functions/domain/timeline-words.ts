import type { TimelineEvent } from "./hazard";

/**
 * The start of a timeline entry written when a ladder step reached nobody; the rest names the step and why.
 * Here rather than in supervision.ts so that the console can read these words without the domain's services.
 */
export const NO_RECIPIENT_EVENT = "no recipient: ";

/**
 * What a timeline entry says to a person. `what` stays a stable English code for programs; `label` is its
 * Simplified Chinese (the console shows it, an export prints it).
 */
export const EVENT_WORDS: Record<string, string> = {
  // hazards
  registered: "登记隐患",
  rectified: "整改完成",
  "plan set": "制定治理方案（五落实）",
  listed: "挂牌督办",
  "progress reported": "报送治理进展",
  "extension requested": "申请延期",
  "extension approved": "批准延期",
  "extension refused": "驳回延期",
  evaluated: "记录评估",
  "acceptance requested": "申请复查验收",
  "accepted and delisted": "验收通过，销号",
  "acceptance failed": "验收未通过",
  // accident cases
  reported: "事故立案",
  "investigation extended": "延长调查期限",
  "report submitted": "提交调查报告",
  closed: "结案",
  withdrawn: "撤销立案",
};

/** Ladder steps by their id in config (`ladders.*.steps[].id`). */
export const STEP_WORDS: Record<string, string> = {
  "reminder-1": "到期前 1 天提醒",
  "reminder-7": "到期前 7 天提醒",
  "reminder-30": "到期前 30 天提醒",
  overdue: "逾期",
  "escalate-1": "逾期 3 天，报挂牌地安委办",
  "escalate-2": "逾期 10 天，报党委政府主要领导",
  "escalate-3": "逾期 30 天，报上一级",
  "acceptance-reminder": "验收期限前 2 天提醒",
  "acceptance-overdue": "验收逾期",
  "investigation-7": "调查报告到期前 7 天提醒",
  "investigation-1": "调查报告到期前 1 天提醒",
  "investigation-overdue": "调查报告逾期",
  "approval-3": "批复期限前 3 天提醒",
  "approval-overdue": "批复逾期",
  "evaluation-open": "评估窗口开启",
  "evaluation-30": "评估到期前 30 天提醒",
  "evaluation-7": "评估到期前 7 天提醒",
  "evaluation-overdue": "评估逾期",
  "undecided-3": "延期申请 3 个工作日未审批，提醒",
  "undecided-5": "延期申请 5 个工作日未审批，报安委办和主要领导",
  // 青岛 "3+X" (config/policies/qingdao.ts)
  "listing-filed": "挂牌第 3 个工作日：报市安委办备案截止",
  "listing-published": "挂牌第 5 个工作日：公开挂牌信息截止",
  "delisting-published": "销号第 5 个工作日：公开销号信息截止",
  "undecided-8": "延期申请 8 个工作日未审批，提醒",
  "undecided-10": "延期申请审批截止（10 个工作日）",
  "undecided-11": "延期申请逾期未审批，报主要领导和上一级",
};

/** An enterprise's own changes, where the same code means something else than for a case ("closed"). */
export const ENTERPRISE_EVENT_WORDS: Record<string, string> = {
  transferred: "企业迁移",
  closed: "企业关闭",
  reopened: "企业恢复在营",
};

/** An official's own changes: leaving office (停用), returning, a new mobile number by import. */
export const OFFICIAL_EVENT_WORDS: Record<string, string> = {
  deactivated: "停用（不再接收通知）",
  reactivated: "恢复在职",
  "mobile changed": "更换手机号码",
};

/** What happened to a bulletin (通报): drafting by the sweep, the 安委办's edits, issue and correction. */
export const BULLETIN_EVENT_WORDS: Record<string, string> = {
  drafted: "统计后自动起草",
  redrafted: "重新统计后重新起草",
  edited: "修改按语和备注",
  issued: "印发",
  superseded: "被更正版本取代",
  "drafted as a correction": "起草更正版本",
};

export type TimelineSubject = "hazard" | "accident" | "enterprise" | "bulletin" | "official";

/** The Chinese of a `what` code; an unknown code is shown as it is rather than dropped. */
export function timelineLabel(what: string, subject: TimelineSubject = "hazard"): string {
  const step = /^ladder step (.+)$/.exec(what)?.[1];
  if (step) return `督办提醒：${STEP_WORDS[step] ?? step}`;
  if (what.startsWith(NO_RECIPIENT_EVENT)) return "督办提醒无接收人";
  if (subject === "enterprise") return ENTERPRISE_EVENT_WORDS[what] ?? what;
  if (subject === "bulletin") return BULLETIN_EVENT_WORDS[what] ?? what;
  if (subject === "official") return OFFICIAL_EVENT_WORDS[what] ?? what;
  return EVENT_WORDS[what] ?? what;
}

/** A timeline as shown: each entry with its Chinese `label` beside its `what` code. */
export function labelled(
  timeline: TimelineEvent[],
  subject: TimelineSubject = "hazard",
): (TimelineEvent & { label: string })[] {
  return timeline.map((e) => ({ ...e, label: timelineLabel(e.what, subject) }));
}
