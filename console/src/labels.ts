import { STEP_WORDS, type TimelineSubject, timelineLabel } from "@functions/domain/timeline-words";
/** The Chinese words the console shows for the API's codes (statuses, roles, levels, industries). */
export const ROLE: Record<string, string> = {
  enterprise: "企业用户",
  inspector: "监管人员",
  anweiban: "安委办",
  leader: "党委/政府主要领导",
  admin: "管理员",
  system: "系统",
};

export const HAZARD_STATUS: Record<string, string> = {
  open: "待整改",
  rectified: "已整改",
  registered: "已登记",
  planned: "已制定治理方案",
  listed: "挂牌督办中",
  acceptance_requested: "已申请验收",
  delisted: "已销号",
};

export const HAZARD_LEVEL: Record<string, string> = { general: "一般隐患", major: "重大隐患" };

export const HAZARD_SOURCE: Record<string, string> = {
  self_inspection: "企业自查",
  department_inspection: "部门检查",
  expert_inspection: "专家检查",
  government_inspection: "政府检查",
  tip_off: "举报",
};

export const LISTING_LEVEL: Record<string, string> = { county: "县级", city: "市级", province: "省级" };

export const REPORT_STATUS: Record<string, string> = {
  on_time: "按时报送",
  late: "逾期报送",
  missing: "逾期未报",
  not_yet_due: "待报送（未到截止日）",
  owed: "未报送（全部）",
  not_owed: "无需报送（纳入目录前）",
};

/** Not filed yet, whether its deadline has passed (`missing`) or not (`not_yet_due`). */
export const isOwed = (status: string) => status === "missing" || status === "not_yet_due";

export const ACCIDENT_STATUS: Record<string, string> = {
  investigating: "调查中",
  report_submitted: "调查报告待批复",
  closed: "已结案",
  evaluated: "已评估",
  withdrawn: "已撤销",
};

export const ACCIDENT_LEVEL: Record<string, string> = {
  general: "一般事故",
  larger: "较大事故",
  major: "重大事故",
  especially_major: "特别重大事故",
};

export const NOTIFICATION_STATUS: Record<string, string> = {
  queued: "排队中",
  sending: "发送中",
  sent: "已发送",
  failed: "发送失败",
  deferred: "延后发送",
  delivered: "已送达",
  undelivered: "未送达",
  unknown: "发送结果不明",
};

export const CHANNEL: Record<string, string> = { sms: "短信", email: "邮件" };

/** A timeline entry in words, from the API's own table (functions/domain/timeline-words.ts), never a copy. */
export function eventWord(what: string, subject: TimelineSubject = "hazard"): string {
  return timelineLabel(what, subject);
}

/** Ladder steps by their id in config (`ladders.*.steps[].id`). */
export const STEP: Record<string, string> = STEP_WORDS;

export const word = (table: Record<string, string>, key: string | undefined) =>
  key === undefined ? "" : (table[key] ?? key);

/** "2026-12-05 09:00" in Beijing time; the year is left out when it is the current one. */
export function shanghaiTime(iso: string | undefined, withTime = true): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat("zh-CN", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const date = `${get("year")}年${Number(get("month"))}月${Number(get("day"))}日`;
  return withTime ? `${date} ${get("hour")}:${get("minute")}` : date;
}

/** A local date "2026-12-31" as 2026年12月31日. */
export function localDate(date: string | undefined): string {
  if (!date) return "";
  const [y, m, d] = date.split("-");
  return `${y}年${Number(m)}月${Number(d)}日`;
}

export function period(p: string | undefined): string {
  if (!p) return "";
  const [y, m] = p.split("-");
  return `${y}年${Number(m)}月`;
}

export const BULLETIN_STATUS: Record<string, string> = {
  draft: "草稿",
  issued: "已印发",
  superseded: "已被更正",
};
