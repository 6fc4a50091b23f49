import { DubanConfig } from "./schema";

/**
 * duban's default configuration. Every number that comes from a rule cites its source here, once;
 * a province or county that differs overrides it (DOMAIN.md: "provinces and counties differ").
 */
const defaults: DubanConfig = {
  timeZone: "Asia/Shanghai",
  obligations: [
    {
      id: "monthly-self-inspection",
      title: "安全生产自查自报月报",
      periodKind: "month",
      workflow: "monthly-report-cycle",
      due: {
        // 保山市 2015 方案: 每月5日前网上报送上月自查情况 (a local rule, so configurable per jurisdiction).
        dayOfNextPeriod: 5,
        // Whether a due day on a holiday moves to the next working day is a local choice; by default it does not.
        shiftToWorkingDay: false,
        source: "保山市安全生产隐患自查自报工作方案 (2015)",
      },
      openAt: "00:00",
      reminders: [
        { dayOfNextPeriod: 3, at: "09:00", template: "monthly-report-reminder" },
        { dayOfNextPeriod: 5, at: "09:00", template: "monthly-report-last-day" },
      ],
      // The information officer does the filing and the safety manager answers for it: users complain of
      // reminders that reach one person only (DOMAIN.md).
      remindRoles: ["info_officer", "safety_manager"],
      remindChannels: ["sms", "email"],
      digest: { template: "monthly-report-digest", channels: ["email", "sms"], trackAfterMissed: 3 },
    },
  ],
  templates: {
    "monthly-report-reminder": {
      sms: {
        templateId: "SMS_DUBAN_REPORT_REMIND",
        params: ["enterprise", "period", "dueDate"],
        text: "${enterprise}：贵单位${period}安全生产自查月报尚未报送，请于${dueDate}前经法定代表人签字后网上报送。",
      },
      email: {
        subject: "【督办】请报送${period}安全生产自查月报",
        body: "${enterprise}：\n\n贵单位${period}安全生产自查自报月报尚未报送。请于${dueDate}（含）前完成自查，经法定代表人签字后在网上报送。\n\n本邮件由督办系统自动发送。",
      },
    },
    "monthly-report-last-day": {
      sms: {
        templateId: "SMS_DUBAN_REPORT_LAST_DAY",
        params: ["enterprise", "period", "dueDate"],
        text: "${enterprise}：今天（${dueDate}）是${period}安全生产自查月报报送截止日，贵单位尚未报送，逾期将通报监管部门。",
      },
      email: {
        subject: "【督办】今日截止：${period}安全生产自查月报",
        body: "${enterprise}：\n\n今天（${dueDate}）是${period}安全生产自查自报月报的报送截止日，贵单位尚未报送。逾期未报的，系统将标记逾期并通报负有安全生产监督管理职责的部门。\n\n本邮件由督办系统自动发送。",
      },
    },
    "monthly-report-digest": {
      sms: {
        templateId: "SMS_DUBAN_REPORT_DIGEST",
        params: ["period", "missing", "zeroInspections", "tracked"],
        text: "${period}安全生产自查月报：您负责的企业中${missing}家逾期未报，${zeroInspections}家自查次数为零，${tracked}家连续未报需跟踪督查，名单详见邮件。",
      },
      email: {
        subject: "【督办】${period}自查月报汇总：${missing}家逾期未报",
        body: "${official}：\n\n截至${closedAt}，${period}安全生产自查自报月报情况如下。\n\n一、逾期未报（${missing}家）\n${missingList}\n\n二、自查次数为零（${zeroInspections}家，每月至少一次自查）\n${zeroList}\n\n三、连续${trackAfter}个月及以上未报，建议跟踪督查（${tracked}家）\n${trackedList}\n\n本邮件由督办系统自动发送。",
      },
    },
  },
  notify: {
    smsQuietHours: { from: "22:00", to: "08:00" },
    smsSignName: "督办",
    retry: { maxAttempts: 5, baseDelaySeconds: 60, maxDelaySeconds: 3600 },
    interruptedAfterMinutes: 15,
    // 08:05 Shanghai, just after the SMS quiet hours end.
    dailyDispatch: "cron(5 8 * * ? *)",
    sendConcurrency: 16,
  },
  store: { writeShards: 4, pageSize: 100 },
};

/** The validated configuration; a bad edit fails at import with the path of the offending field. */
export const config: DubanConfig = DubanConfig.parse(defaults);

export function obligationById(id: string) {
  const found = config.obligations.find((o) => o.id === id);
  if (!found) throw new Error(`no filing obligation "${id}" in config`);
  return found;
}

export { schedulesFor } from "./schedules";
export type { DubanConfig, FilingObligation, RecurringSchedule } from "./schema";
