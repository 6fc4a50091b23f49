import {
  type Audience,
  DubanConfig,
  type LadderAnchor,
  type LadderStep,
} from "../functions/domain/config-schema";

/** A ladder step counted in calendar days from its anchor date, at 09:00 Shanghai unless said otherwise. */
function step(
  id: string,
  anchor: LadderAnchor,
  days: number,
  template: string,
  audience: Audience[],
  marksOverdue = false,
  at = "09:00",
): LadderStep {
  return { id, anchor, offset: { days, unit: "calendar" }, at, audience, template, marksOverdue };
}

/** A step counted in working days (the State Council's calendar): 3+X rules, undecided requests. */
export function workingStep(
  id: string,
  anchor: LadderAnchor,
  days: number,
  template: string,
  audience: Audience[],
): LadderStep {
  return {
    id,
    anchor,
    offset: { days, unit: "working" },
    at: "09:00",
    audience,
    template,
    marksOverdue: false,
  };
}

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
      form: "self-inspection",
      subject: "enterprise",
      joining: "owes_undue_periods",
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
      digest: {
        template: "monthly-report-digest",
        channels: ["email", "sms"],
        trackAfterMissed: 3,
        // The city 安委办 sees its counties side by side after the county digests.
        cityTemplate: "monthly-report-city-digest",
      },
      // 回执: the information officer who filed learns it arrived, and which version it is.
      receipt: { template: "filing-receipt", roles: ["info_officer"], channels: ["sms"] },
    },
    {
      // The same periodic-filing mechanism, one record per listed major hazard: progress is reported to the
      // listing department monthly (seed 004), by the 5th like the self-inspection report.
      id: "major-hazard-progress",
      title: "挂牌督办重大事故隐患治理进展月报",
      periodKind: "month",
      form: "major-hazard-progress",
      subject: "listed_major_hazard",
      joining: "owes_undue_periods",
      workflow: "monthly-report-cycle",
      due: {
        dayOfNextPeriod: 5,
        shiftToWorkingDay: false,
        source: "挂牌督办通知：每月5日前报送上月治理进展",
      },
      openAt: "00:00",
      reminders: [
        { dayOfNextPeriod: 3, at: "09:00", template: "progress-report-reminder" },
        { dayOfNextPeriod: 5, at: "09:00", template: "progress-report-reminder" },
      ],
      remindRoles: ["safety_manager", "info_officer"],
      remindChannels: ["sms", "email"],
      // Two missed months in a row are escalated to the county 安委办.
      digest: { template: "progress-report-digest", channels: ["email", "sms"], trackAfterMissed: 2 },
    },
    {
      // 国家安监总局令第16号 第十四条: 每季、每年对本单位事故隐患排查治理情况进行统计分析，并分别于下一季度
      // 15日前和下一年1月31日前向安全监管监察部门和有关部门报送书面统计分析表，由主要负责人签字。
      id: "quarterly-hazard-statistics",
      title: "事故隐患排查治理情况季度统计分析表",
      periodKind: "quarter",
      form: "hazard-statistics",
      subject: "enterprise",
      joining: "owes_undue_periods",
      workflow: "monthly-report-cycle",
      due: { dayOfNextPeriod: 15, shiftToWorkingDay: false, source: "国家安监总局令第16号 第十四条" },
      openAt: "00:00",
      reminders: [
        { dayOfNextPeriod: 10, at: "09:00", template: "statistics-report-reminder" },
        { dayOfNextPeriod: 15, at: "09:00", template: "statistics-report-last-day" },
      ],
      remindRoles: ["info_officer", "safety_manager"],
      remindChannels: ["sms", "email"],
      digest: { template: "statistics-report-digest", channels: ["email"], trackAfterMissed: 2 },
    },
    {
      id: "annual-hazard-statistics",
      title: "事故隐患排查治理情况年度统计分析表",
      periodKind: "year",
      form: "hazard-statistics",
      subject: "enterprise",
      joining: "owes_undue_periods",
      workflow: "monthly-report-cycle",
      due: { dayOfNextPeriod: 31, shiftToWorkingDay: false, source: "国家安监总局令第16号 第十四条" },
      openAt: "00:00",
      reminders: [
        { dayOfNextPeriod: 20, at: "09:00", template: "statistics-report-reminder" },
        { dayOfNextPeriod: 31, at: "09:00", template: "statistics-report-last-day" },
      ],
      remindRoles: ["info_officer", "safety_manager"],
      remindChannels: ["sms", "email"],
      digest: { template: "statistics-report-digest", channels: ["email"], trackAfterMissed: 2 },
    },
  ],
  templates: {
    // One SMS segment is 70 characters with the sign name: the title goes by email, the SMS names the period.
    "bulletin-issued": {
      sms: {
        templateId: "SMS_DUBAN_BULLETIN_ISSUED",
        params: ["issuerShort", "period", "documentNo"],
        text: "${issuerShort}印发${period}安全生产通报（${documentNo}），全文见邮件附件。",
      },
      email: {
        subject: "【通报】${documentNo} ${title}",
        body: "${recipient}：\n\n${issuer}于${issuedDate}印发《${title}》（${documentNo}），全文见附件PDF。\n\n${overview}\n\n本邮件由督办系统自动发送。",
      },
    },
    "bulletin-draft-reminder": {
      sms: {
        templateId: "SMS_DUBAN_BULLETIN_DRAFT",
        params: ["period", "days"],
        text: "${period}安全生产通报草稿已生成${days}天尚未印发，请审核后印发。",
      },
      email: {
        subject: "【督办】${period}安全生产通报草稿待印发",
        body: "${recipient}：\n\n《${title}》草稿于${draftedDate}由合规巡查生成，已${days}天尚未印发。请审核数据，补充前言和要求后填写文号印发（POST /v1/bulletins/${id}/issue）。\n\n本邮件由督办系统自动发送。",
      },
    },
    "filing-receipt": {
      sms: {
        templateId: "SMS_DUBAN_FILING_RECEIPT",
        params: ["enterprise", "period", "report", "receivedAt", "version"],
        text: "回执：${enterprise}${period}${report}已于${receivedAt}收到，第${version}版。",
      },
      email: {
        subject: "【督办】回执：${period}${report}已收到",
        body: "${enterprise}：\n\n贵单位${period}${report}已于${receivedAt}收到（第${version}版）。如需更正，可在截止前后重新报送，每次报送均保留记录。\n\n本邮件由督办系统自动发送。",
      },
    },
    "monthly-report-reminder": {
      sms: {
        templateId: "SMS_DUBAN_REPORT_REMIND",
        params: ["enterprise", "period", "dueDate"],
        text: "${enterprise}：${period}自查月报未报，请于${dueDate}（含）前经法定代表人签字报送。",
      },
      email: {
        subject: "【督办】请报送${period}安全生产自查月报",
        body: "${enterprise}：\n\n贵单位${period}安全生产自查自报月报尚未报送。请于${dueDate}（含）前完成自查，经法定代表人签字后在网上报送。\n\n报送地址：${console}\n\n本邮件由督办系统自动发送。",
      },
    },
    "monthly-report-last-day": {
      sms: {
        templateId: "SMS_DUBAN_REPORT_LAST_DAY",
        params: ["enterprise", "period", "dueDate"],
        text: "${enterprise}：今天（${dueDate}）是${period}自查月报截止日，贵单位未报，逾期将通报。",
      },
      email: {
        subject: "【督办】今日截止：${period}安全生产自查月报",
        body: "${enterprise}：\n\n今天（${dueDate}）是${period}安全生产自查自报月报的报送截止日，贵单位尚未报送。逾期未报的，系统将标记逾期并通报负有安全生产监督管理职责的部门。\n\n报送地址：${console}\n\n本邮件由督办系统自动发送。",
      },
    },
    "monthly-report-digest": {
      sms: {
        templateId: "SMS_DUBAN_REPORT_DIGEST",
        params: ["period", "missing", "zeroInspections", "tracked"],
        text: "${period}自查月报：您负责的企业${missing}家逾期未报、${zeroInspections}家自查为零、${tracked}家需跟踪督查，名单见邮件。",
      },
      email: {
        subject: "【督办】${period}自查月报汇总：${missing}家逾期未报",
        body: "${official}：\n\n截至${closedAt}，${period}安全生产自查自报月报情况如下：本县（市、区）应报${countyActive}家，已报${countyFiled}家，报送率${countyRate}。\n\n一、逾期未报（${missing}家）\n${missingList}\n\n二、自查次数为零（${zeroInspections}家，每月至少一次自查）\n${zeroList}\n\n三、连续${trackAfter}个月及以上未报，建议跟踪督查（${tracked}家）\n${trackedList}${noInspectorSection}\n\n本邮件由督办系统自动发送。",
      },
    },
    "monthly-report-city-digest": {
      sms: {
        templateId: "SMS_DUBAN_REPORT_CITY_DIGEST",
        params: ["city", "period", "active", "filed", "missing", "rate"],
        text: "${city}${period}自查月报：应报${active}家，已报${filed}家，未报${missing}家，报送率${rate}，分县区见邮件。",
      },
      email: {
        subject: "【督办】${city}${period}自查月报各县区报送情况：报送率${rate}",
        body: "${official}：\n\n截至${closedAt}，${city}${period}安全生产自查自报月报各县（市、区）报送情况如下，按报送率排名（无应报企业的不排名，报送率记“—”）。\n\n${countyTable}\n\n全市合计：应报${active}家，已报${filed}家，逾期未报${missing}家，报送率${rate}。\n\n本邮件由督办系统自动发送。",
      },
    },

    "statistics-report-reminder": {
      sms: {
        templateId: "SMS_DUBAN_STATISTICS_REMIND",
        params: ["enterprise", "period", "dueDate"],
        text: "${enterprise}：${period}隐患统计分析表未报，请于${dueDate}（含）前经主要负责人签字报送。",
      },
      email: {
        subject: "【督办】请报送${period}事故隐患排查治理统计分析表",
        body: "${enterprise}：\n\n贵单位${period}事故隐患排查治理情况统计分析表尚未报送。系统已按隐患台账预填各项数据，请核对确认（有出入的可更正），经主要负责人签字后于${dueDate}（含）前报送（国家安监总局令第16号第十四条）。\n\n报送地址：${console}\n\n本邮件由督办系统自动发送。",
      },
    },
    "statistics-report-last-day": {
      sms: {
        templateId: "SMS_DUBAN_STATISTICS_LAST_DAY",
        params: ["enterprise", "period", "dueDate"],
        text: "${enterprise}：今天${dueDate}是${period}隐患统计分析表截止日（含当日），贵单位未报。",
      },
      email: {
        subject: "【督办】今日截止：${period}事故隐患排查治理统计分析表",
        body: "${enterprise}：\n\n今天（${dueDate}）是${period}事故隐患排查治理情况统计分析表的报送截止日，贵单位尚未报送。逾期未报的，系统将标记逾期并通报监管部门。\n\n本邮件由督办系统自动发送。",
      },
    },
    "statistics-report-digest": {
      email: {
        subject: "【督办】${period}隐患排查治理统计分析表汇总：${missing}家逾期未报",
        body: "${official}：\n\n截至${closedAt}，${period}事故隐患排查治理情况统计分析表报送情况如下：本县（市、区）应报${countyActive}家，已报${countyFiled}家，报送率${countyRate}。\n\n一、逾期未报（${missing}家）\n${missingList}\n\n二、连续${trackAfter}期及以上未报，建议跟踪督查（${tracked}家）\n${trackedList}\n\n本邮件由督办系统自动发送。",
      },
    },
    "progress-report-reminder": {
      sms: {
        templateId: "SMS_DUBAN_PROGRESS_REMIND",
        params: ["enterprise", "hazard", "period", "dueDate"],
        text: "${enterprise}：重大隐患“${hazard}”${period}进展未报，请于${dueDate}（含）前报送。",
        segments: 2,
        why: "names the enterprise, the hazard and the month in full",
      },
      email: {
        subject: "【督办】请报送${period}重大隐患治理进展",
        body: "${enterprise}：\n\n贵单位挂牌督办的重大事故隐患“${hazard}”${period}治理进展尚未报送，请于${dueDate}（含）前报送。\n\n报送地址：${console}\n\n本邮件由督办系统自动发送。",
      },
    },
    "progress-report-digest": {
      sms: {
        templateId: "SMS_DUBAN_PROGRESS_DIGEST",
        params: ["period", "missing", "tracked"],
        text: "${period}挂牌重大隐患治理进展：${missing}项逾期未报，${tracked}项连续两月未报，名单见邮件。",
      },
      email: {
        subject: "【督办】${period}重大隐患治理进展汇总：${missing}项逾期未报",
        body: "${official}：\n\n截至${closedAt}，${period}挂牌督办重大事故隐患治理进展报送情况如下：本县（市、区）应报${countyActive}项，已报${countyFiled}项，报送率${countyRate}。\n\n一、逾期未报（${missing}项）\n${missingList}\n\n二、连续${trackAfter}个月及以上未报，报安委办跟踪督办（${tracked}项）\n${trackedList}\n\n本邮件由督办系统自动发送。",
      },
    },
    "hazard-rectify-reminder": {
      sms: {
        templateId: "SMS_DUBAN_HAZARD_REMIND",
        params: ["enterprise", "hazard", "deadline"],
        text: "${enterprise}：隐患“${hazard}”请于${deadline}（含）前整改。",
      },
      email: {
        subject: "【督办】隐患整改即将到期：${hazard}",
        body: "${enterprise}：\n\n隐患“${hazard}”（编号${hazardId}）整改期限为${deadline}，请按期完成整改并在系统中登记整改情况。\n\n本邮件由督办系统自动发送。",
      },
    },
    "hazard-rectify-overdue": {
      sms: {
        templateId: "SMS_DUBAN_HAZARD_OVERDUE",
        params: ["enterprise", "hazard", "deadline"],
        text: "${enterprise}：隐患“${hazard}”已过期限${deadline}，请立即整改。",
      },
      email: {
        subject: "【督办】隐患逾期未整改：${hazard}",
        body: "${enterprise}：\n\n隐患“${hazard}”（编号${hazardId}）整改期限为${deadline}，至今未登记整改完成，已标记逾期。\n\n本邮件由督办系统自动发送。",
      },
    },
    "major-hazard-reminder": {
      sms: {
        templateId: "SMS_DUBAN_MAJOR_REMIND",
        params: ["enterprise", "hazard", "deadline", "days"],
        text: "${enterprise}：重大隐患“${hazard}”还有${days}天到期（${deadline}），请按期治理。",
        segments: 2,
        why: "names the enterprise, the hazard and its deadline in full",
      },
      email: {
        subject: "【督办】重大隐患治理期限还有${days}天：${hazard}",
        body: "${recipient}：\n\n${enterprise}挂牌督办的重大事故隐患“${hazard}”（编号${hazardId}，${listing}）治理期限为${deadline}，还有${days}天。请按治理方案落实措施、责任、资金、时限和预案，按期完成治理、评估并申请验收。\n\n本邮件由督办系统自动发送。",
      },
    },
    "major-hazard-overdue": {
      sms: {
        templateId: "SMS_DUBAN_MAJOR_OVERDUE",
        params: ["enterprise", "hazard", "deadline"],
        text: "${enterprise}重大隐患“${hazard}”已过期限${deadline}，标记逾期。",
      },
      email: {
        subject: "【督办】重大隐患逾期未销号：${hazard}",
        body: "${recipient}：\n\n${enterprise}挂牌督办的重大事故隐患“${hazard}”（编号${hazardId}，${listing}）治理期限为${deadline}，逾期未销号，已标记逾期。\n\n本邮件由督办系统自动发送。",
      },
    },
    "major-hazard-escalation": {
      sms: {
        templateId: "SMS_DUBAN_MAJOR_ESCALATE",
        params: ["enterprise", "hazard", "days"],
        text: "${enterprise}重大隐患“${hazard}”逾期${days}天未销号，请督促整改。",
      },
      email: {
        subject: "【督办】重大隐患逾期${days}天未销号：${enterprise}",
        body: "${recipient}：\n\n${enterprise}挂牌督办的重大事故隐患“${hazard}”（编号${hazardId}，${listing}）治理期限为${deadline}，已逾期${days}天仍未销号。请督促落实治理责任。\n\n本邮件由督办系统自动发送。",
      },
    },
    "major-hazard-listed": {
      sms: {
        templateId: "SMS_DUBAN_MAJOR_LISTED",
        params: ["enterprise", "hazard", "deadline", "listedBy"],
        text: "${enterprise}：重大隐患“${hazard}”已由${listedBy}挂牌督办，期限${deadline}，每月5日前报进展。",
        segments: 2,
        why: "names the enterprise, the hazard and the listing department in full",
      },
      email: {
        subject: "【督办】重大事故隐患挂牌督办：${hazard}",
        body: "${recipient}：\n\n${enterprise}的重大事故隐患“${hazard}”（编号${hazardId}）已挂牌督办：${listing}。治理期限${deadline}。挂牌期间每月5日前报送上月治理进展。\n\n本邮件由督办系统自动发送。",
      },
    },
    "acceptance-requested": {
      sms: {
        templateId: "SMS_DUBAN_ACCEPT_REQUEST",
        params: ["enterprise", "hazard", "dueDate"],
        text: "${enterprise}申请重大隐患“${hazard}”销号，请于${dueDate}（含）前验收。",
      },
      email: {
        subject: "【督办】销号验收申请：${hazard}",
        body: "${recipient}：\n\n${enterprise}已就重大事故隐患“${hazard}”（编号${hazardId}）提交评估报告并书面申请销号，请于${dueDate}前组织现场复查验收。\n\n本邮件由督办系统自动发送。",
      },
    },
    "acceptance-overdue": {
      sms: {
        templateId: "SMS_DUBAN_ACCEPT_OVERDUE",
        params: ["enterprise", "hazard", "dueDate"],
        text: "${enterprise}重大隐患“${hazard}”应于${dueDate}前验收，仍未验收。",
      },
      email: {
        subject: "【督办】销号验收逾期：${hazard}",
        body: "${recipient}：\n\n${enterprise}重大事故隐患“${hazard}”（编号${hazardId}）的销号验收应于${dueDate}前完成，至今未验收。\n\n本邮件由督办系统自动发送。",
      },
    },
    "major-hazard-registered": {
      sms: {
        templateId: "SMS_DUBAN_MAJOR_REGISTERED",
        params: ["enterprise", "hazard"],
        text: "${enterprise}登记重大隐患“${hazard}”，请督促制定治理方案。",
      },
      email: {
        subject: "【督办】重大事故隐患登记：${enterprise}",
        body: "${recipient}：\n\n${enterprise}登记了重大事故隐患“${hazard}”（编号${hazardId}）。请督促企业制定治理方案（措施、责任、资金、时限、预案五落实），并视情挂牌督办。\n\n控制台：${console}\n\n本邮件由督办系统自动发送。",
      },
    },
    "extension-requested": {
      sms: {
        templateId: "SMS_DUBAN_EXTENSION_REQUESTED",
        params: ["enterprise", "hazard", "newDeadline"],
        text: "${enterprise}申请重大隐患“${hazard}”延期至${newDeadline}，请审批。",
      },
      email: {
        subject: "【督办】重大隐患延期申请待审批：${hazard}",
        body: "${recipient}：\n\n${enterprise}申请将挂牌督办的重大事故隐患“${hazard}”（编号${hazardId}，${listing}）治理期限由${deadline}延至${newDeadline}。理由：${reason}\n\n请在控制台审批：${console}\n\n本邮件由督办系统自动发送。",
      },
    },
    "extension-undecided-reminder": {
      sms: {
        templateId: "SMS_DUBAN_EXTENSION_UNDECIDED",
        params: ["enterprise", "hazard", "days"],
        text: "${enterprise}重大隐患“${hazard}”延期申请已${days}个工作日未审批，请审批。",
      },
      email: {
        subject: "【督办】重大隐患延期申请${days}个工作日未审批：${hazard}",
        body: "${recipient}：\n\n${enterprise}申请将挂牌督办的重大事故隐患“${hazard}”（编号${hazardId}，${listing}）治理期限由${deadline}延至${newDeadline}，已${days}个工作日未审批。理由：${reason}\n\n请在控制台审批：${console}\n\n本邮件由督办系统自动发送。",
      },
    },
    "extension-undecided-escalation": {
      sms: {
        templateId: "SMS_DUBAN_EXTENSION_UNDECIDED_ESCALATION",
        params: ["enterprise", "hazard", "days"],
        text: "${enterprise}重大隐患“${hazard}”延期申请逾${days}个工作日未审批，请督办。",
      },
      email: {
        subject: "【督办】重大隐患延期申请逾${days}个工作日未审批：${hazard}",
        body: "${recipient}：\n\n${enterprise}申请将挂牌督办的重大事故隐患“${hazard}”（编号${hazardId}，${listing}）治理期限由${deadline}延至${newDeadline}，已逾${days}个工作日，${listedBy}仍未审批。请督促审批。\n\n控制台：${console}\n\n本邮件由督办系统自动发送。",
      },
    },
    "listing-filing-due": {
      sms: {
        templateId: "SMS_DUBAN_LISTING_FILING_DUE",
        params: ["enterprise", "hazard", "days"],
        text: "${enterprise}重大隐患“${hazard}”挂牌满${days}个工作日，今日须报市安委办备案。",
      },
      email: {
        subject: "【督办】今日须报市安委办备案：${hazard}",
        body: "${recipient}：\n\n${enterprise}重大事故隐患“${hazard}”（编号${hazardId}，${listing}）挂牌已满${days}个工作日，按本地规定今日为报市安委办备案的最后一天。\n\n本邮件由督办系统自动发送。",
      },
    },
    "listing-publication-due": {
      sms: {
        templateId: "SMS_DUBAN_LISTING_PUBLICATION_DUE",
        params: ["enterprise", "hazard", "days"],
        text: "${enterprise}重大隐患“${hazard}”挂牌满${days}个工作日，今日须公开挂牌信息。",
      },
      email: {
        subject: "【督办】今日须公开挂牌督办信息：${hazard}",
        body: "${recipient}：\n\n${enterprise}重大事故隐患“${hazard}”（编号${hazardId}，${listing}）挂牌已满${days}个工作日，按本地规定今日为公开挂牌督办信息的最后一天。\n\n本邮件由督办系统自动发送。",
      },
    },
    "delisting-publication-due": {
      sms: {
        templateId: "SMS_DUBAN_DELISTING_PUBLICATION_DUE",
        params: ["enterprise", "hazard", "days"],
        text: "${enterprise}重大隐患“${hazard}”销号满${days}个工作日，今日须公开销号信息。",
      },
      email: {
        subject: "【督办】今日须公开销号信息：${hazard}",
        body: "${recipient}：\n\n${enterprise}重大事故隐患“${hazard}”（编号${hazardId}）已于${delistedAt}销号，满${days}个工作日，按本地规定今日为公开销号信息的最后一天。\n\n本邮件由督办系统自动发送。",
      },
    },
    "extension-decided": {
      sms: {
        templateId: "SMS_DUBAN_EXTENSION_DECIDED",
        params: ["enterprise", "hazard", "decision", "deadline"],
        text: "${enterprise}：重大隐患“${hazard}”延期${decision}，期限${deadline}。",
      },
      email: {
        subject: "【督办】重大隐患延期申请${decision}：${hazard}",
        body: "${recipient}：\n\n贵单位重大事故隐患“${hazard}”（编号${hazardId}）申请延期至${newDeadline}，${listedBy}审批结果：${decision}。${decisionNote}\n\n治理期限现为${deadline}，请按期完成治理、评估并申请验收。\n\n本邮件由督办系统自动发送。",
      },
    },
    "evaluation-recorded": {
      sms: {
        templateId: "SMS_DUBAN_EVALUATION_RECORDED",
        params: ["enterprise", "hazard", "conclusion"],
        text: "${enterprise}重大隐患“${hazard}”治理评估${conclusion}。",
      },
      email: {
        subject: "【督办】重大隐患治理评估${conclusion}：${hazard}",
        body: "${recipient}：\n\n${enterprise}挂牌督办的重大事故隐患“${hazard}”（编号${hazardId}，${listing}）治理情况评估结论：${conclusion}（评估机构：${agency}）。评估通过的，企业可申请销号验收。\n\n本邮件由督办系统自动发送。",
      },
    },
    "major-hazard-delisted": {
      sms: {
        templateId: "SMS_DUBAN_MAJOR_DELISTED",
        params: ["enterprise", "hazard"],
        text: "${enterprise}重大隐患“${hazard}”已通过复查验收，予以销号。",
      },
      email: {
        subject: "【督办】重大事故隐患销号：${hazard}",
        body: "${recipient}：\n\n${enterprise}重大事故隐患“${hazard}”（编号${hazardId}，${listing}）已于${delistedAt}通过复查验收，予以销号。\n\n本邮件由督办系统自动发送。",
      },
    },
    "accident-investigation-reminder": {
      sms: {
        templateId: "SMS_DUBAN_ACCIDENT_INVESTIGATION",
        params: ["accident", "dueDate", "days"],
        text: "${accident}调查报告应于${dueDate}前提交，还有${days}天。",
        segments: 2,
        why: "names the case by place, date, level and case number (two cases of one day differ); a due date of next year carries the year",
      },
      email: {
        subject: "【督办】事故调查报告还有${days}天到期：${accident}",
        body: "${recipient}：\n\n${accident}（编号${accidentId}）的事故调查报告应于${dueDate}前提交（《生产安全事故报告和调查处理条例》第二十九条），还有${days}天。\n\n本邮件由督办系统自动发送。",
      },
    },
    "accident-investigation-overdue": {
      sms: {
        templateId: "SMS_DUBAN_ACCIDENT_INVESTIGATION_OVERDUE",
        params: ["accident", "dueDate"],
        text: "${accident}调查报告已超过期限${dueDate}，请督促提交。",
        segments: 2,
        why: "names the case by place, date, level and case number (two cases of one day differ); a due date of next year carries the year",
      },
      email: {
        subject: "【督办】事故调查报告逾期：${accident}",
        body: "${recipient}：\n\n${accident}（编号${accidentId}）的事故调查报告应于${dueDate}前提交，已逾期。\n\n本邮件由督办系统自动发送。",
      },
    },
    "accident-approval-reminder": {
      sms: {
        templateId: "SMS_DUBAN_ACCIDENT_APPROVAL",
        params: ["accident", "dueDate", "days"],
        text: "${accident}调查报告应于${dueDate}前批复，还有${days}天。",
        segments: 2,
        why: "names the case by place, date, level and case number (two cases of one day differ); a due date of next year carries the year",
      },
      email: {
        subject: "【督办】事故调查报告批复还有${days}天到期：${accident}",
        body: "${recipient}：\n\n${accident}（编号${accidentId}）的事故调查报告已提交，应于${dueDate}前作出批复（《生产安全事故报告和调查处理条例》第三十二条），还有${days}天。\n\n本邮件由督办系统自动发送。",
      },
    },
    "accident-approval-overdue": {
      sms: {
        templateId: "SMS_DUBAN_ACCIDENT_APPROVAL_OVERDUE",
        params: ["accident", "dueDate"],
        text: "${accident}调查报告批复已超期限${dueDate}，请督促批复结案。",
        segments: 2,
        why: "names the case by place, date, level and case number (two cases of one day differ); a due date of next year carries the year",
      },
      email: {
        subject: "【督办】事故调查报告批复逾期：${accident}",
        body: "${recipient}：\n\n${accident}（编号${accidentId}）的事故调查报告应于${dueDate}前批复，已逾期（《生产安全事故报告和调查处理条例》第三十二条）。\n\n本邮件由督办系统自动发送。",
      },
    },
    "accident-evaluation-open": {
      sms: {
        templateId: "SMS_DUBAN_EVALUATION_OPEN",
        params: ["accident", "dueDate"],
        text: "${accident}整改评估窗口已开启，请于${dueDate}前完成评估并公开。",
        segments: 2,
        why: "names the case by place, date, level and case number (two cases of one day differ); a due date of next year carries the year",
      },
      email: {
        subject: "【督办】事故整改评估窗口开启：${accident}",
        body: "${recipient}：\n\n${accident}（编号${accidentId}）结案已满十个月，请组织对事故整改和防范措施落实情况进行评估，于${dueDate}前完成并向社会公开（《安全生产法》第八十六条，国务院安委办〔2021〕4号）。\n\n本邮件由督办系统自动发送。",
      },
    },
    "accident-evaluation-reminder": {
      sms: {
        templateId: "SMS_DUBAN_EVALUATION_REMIND",
        params: ["accident", "dueDate", "days"],
        text: "${accident}整改评估应于${dueDate}前完成，还有${days}天。",
        segments: 2,
        why: "names the case by place, date, level and case number (two cases of one day differ); a due date of next year carries the year",
      },
      email: {
        subject: "【督办】事故整改评估还有${days}天到期：${accident}",
        body: "${recipient}：\n\n${accident}（编号${accidentId}）整改措施落实情况评估应于${dueDate}前完成，还有${days}天。\n\n本邮件由督办系统自动发送。",
      },
    },
    "accident-evaluation-overdue": {
      sms: {
        templateId: "SMS_DUBAN_EVALUATION_OVERDUE",
        params: ["accident", "dueDate"],
        text: "${accident}整改评估已超过期限${dueDate}，请督促完成。",
        segments: 2,
        why: "names the case by place, date, level and case number (two cases of one day differ); a due date of next year carries the year",
      },
      email: {
        subject: "【督办】事故整改评估逾期：${accident}",
        body: "${recipient}：\n\n${accident}（编号${accidentId}）整改措施落实情况评估应于${dueDate}前完成，已逾期，请督促完成并公开。\n\n本邮件由督办系统自动发送。",
      },
    },
    "accident-evaluation-filed": {
      sms: {
        templateId: "SMS_DUBAN_EVALUATION_FILED",
        params: ["accident", "reportNo"],
        text: "备案：${accident}整改评估已完成（报告${reportNo}）。",
        segments: 2,
        why: "names the case by place, date, level and case number (two cases of one day differ); a due date of next year carries the year",
      },
      email: {
        subject: "【督办】事故整改评估备案：${accident}",
        body: "${recipient}：\n\n${accident}（编号${accidentId}）整改措施落实情况评估已于${completedAt}完成，评估报告${reportNo}，报请备案。\n\n主要结论：${findings}\n\n本邮件由督办系统自动发送。",
      },
    },
  },
  notify: {
    smsQuietHours: { from: "22:00", to: "08:00" },
    smsSignName: "督办",
    // The console's address as people type it: a deployment sets its own (CloudFront or the bureau's domain).
    consoleUrl: "http://127.0.0.1:3000/",
    retry: { maxAttempts: 5, baseDelaySeconds: 60, maxDelaySeconds: 3600 },
    interruptedAfterMinutes: 15,
    // About 13 months: a whole year of reminders can be looked up a month into the next.
    retentionDays: 400,
    // 08:05 Shanghai, just after the SMS quiet hours end.
    dailyDispatch: "cron(5 8 * * ? *)",
    sendConcurrency: 16,
    dispatch: {
      shards: 16,
      // SES: the account's sending rate (14/s is the usual first grant out of the sandbox). SMS: each
      // provider's QPS, and the per-number cap mainland providers enforce on their side (Aliyun: 1 a
      // minute, 5 an hour to one number by default; Tencent: 1 in 30 s, 5 an hour) — sending above it only
      // earns refusals. The local stand-ins take anything: the simulator sends a county's month at once.
      rates: {
        ses: { perSecond: 14, burst: 14 },
        smtp: { perSecond: 5, burst: 5 },
        eum: { perSecond: 20, burst: 20 },
        aliyun: { perSecond: 50, burst: 50, perNumber: { perMinute: 1, perHour: 5 } },
        tencent: { perSecond: 50, burst: 50, perNumber: { perMinute: 1, perHour: 5 } },
        "ses-local": { perSecond: 5000, burst: 5000 },
        sink: { perSecond: 5000, burst: 5000 },
      },
      passSeconds: 600,
      throttlePauseSeconds: 1,
      maxThrottles: 50,
    },
  },
  // On AWS every 4 hours (at :07), locally every minute of wall time and on start: a change applies its own effects at once and a client's retry completes them;
  // the reconciler is the net under a crash or timeout between the two. Locally it also runs on start.
  effects: { reconcile: "cron(7 */4 * * ? *)", reconcileAfterSeconds: 300, localReconcileSeconds: 60 },
  store: { writeShards: 4, pageSize: 100 },
  ladders: {
    // 一般隐患: fixed at once or by a short deadline; the day before and the day after, at 09:00.
    generalHazard: [
      step("reminder-1", "rectifyBy", -1, "hazard-rectify-reminder", [
        "safety_manager",
        "finding_inspectors",
      ]),
      step(
        "overdue",
        "rectifyBy",
        1,
        "hazard-rectify-overdue",
        ["safety_manager", "finding_inspectors"],
        true,
      ),
    ],
    // 挂牌督办的重大事故隐患: reminders before the deadline, then the overdue ladder: the listing department,
    // the 安委办, the party and government leaders (seed 004: 通报当地党委、政府主要领导), then the level above.
    majorHazard: [
      step("reminder-30", "deadline", -30, "major-hazard-reminder", [
        "legal_rep",
        "safety_manager",
        "listing_inspectors",
      ]),
      step("reminder-7", "deadline", -7, "major-hazard-reminder", [
        "legal_rep",
        "safety_manager",
        "listing_inspectors",
      ]),
      step("reminder-1", "deadline", -1, "major-hazard-reminder", [
        "legal_rep",
        "safety_manager",
        "listing_inspectors",
      ]),
      step(
        "overdue",
        "deadline",
        1,
        "major-hazard-overdue",
        ["legal_rep", "safety_manager", "listing_inspectors"],
        true,
      ),
      step("escalate-1", "deadline", 3, "major-hazard-escalation", ["listing_anweiban"]),
      step("escalate-2", "deadline", 10, "major-hazard-escalation", ["listing_leaders"]),
      step("escalate-3", "deadline", 30, "major-hazard-escalation", ["parent_anweiban", "parent_leaders"]),
    ],
    // 第二十三条: the department inspects within 10 days of the written application.
    acceptance: [
      step("acceptance-reminder", "acceptanceDue", -2, "acceptance-requested", ["listing_inspectors"]),
      step("acceptance-overdue", "acceptanceDue", 1, "acceptance-overdue", [
        "listing_inspectors",
        "listing_anweiban",
      ]),
    ],
    // 条例 第二十九条: the investigation report within 60 days; reminders 7 and 1 days before, then overdue.
    accidentInvestigation: [
      step("investigation-7", "investigationDue", -7, "accident-investigation-reminder", ["case_anweiban"]),
      step("investigation-1", "investigationDue", -1, "accident-investigation-reminder", ["case_anweiban"]),
      step(
        "investigation-overdue",
        "investigationDue",
        1,
        "accident-investigation-overdue",
        ["case_anweiban"],
        true,
      ),
    ],
    // 条例 第三十二条: the report is approved within 15 days of its submission (30 for 特别重大); the 安委办 is
    // reminded 3 days before, the 安委办 and the leaders the day after the deadline.
    accidentApproval: [
      step("approval-3", "approvalDue", -3, "accident-approval-reminder", ["case_anweiban"]),
      step(
        "approval-overdue",
        "approvalDue",
        1,
        "accident-approval-overdue",
        ["case_anweiban", "case_leaders"],
        true,
      ),
    ],
    // 安全生产法 第八十六条, 国务院安委办〔2021〕4号: evaluate between 10 and 12 months after closing.
    accidentEvaluation: [
      step("evaluation-open", "evaluationOpens", 0, "accident-evaluation-open", ["case_anweiban"]),
      step("evaluation-30", "evaluationDue", -30, "accident-evaluation-reminder", ["case_anweiban"]),
      step("evaluation-7", "evaluationDue", -7, "accident-evaluation-reminder", ["case_anweiban"]),
      step("evaluation-overdue", "evaluationDue", 1, "accident-evaluation-overdue", ["case_leaders"], true),
    ],
    // An extension request undecided after 3 working days reminds the listing department, after 5 the
    // listing 安委办 and leaders (issue 8: the officials who must decide never heard of it). Inert once decided.
    extensionDecision: [
      workingStep("undecided-3", "extensionRequested", 3, "extension-undecided-reminder", [
        "listing_inspectors",
      ]),
      workingStep("undecided-5", "extensionRequested", 5, "extension-undecided-escalation", [
        "listing_anweiban",
        "listing_leaders",
      ]),
    ],
    delisting: [],
  },
  // The close runs at 00:00 after the due day; the sweep an hour later counts the month as it closed.
  sweep: { workflow: "compliance-sweep", afterObligation: "monthly-self-inspection", at: "01:00" },
  // The monthly bulletin (通报): the 安委办 is reminded of a draft not issued 3 and 7 days after it was made.
  bulletins: {
    draftReminders: [
      { id: "draft-3", afterDays: 3, at: "09:00", template: "bulletin-draft-reminder" },
      { id: "draft-7", afterDays: 7, at: "09:00", template: "bulletin-draft-reminder" },
    ],
    issuedTemplate: "bulletin-issued",
    namedRows: 100,
    linkSeconds: 300,
  },
  // A province's escalate-3 ("one level up") reaches its own leaders: there is no government above it here.
  escalation: { atTop: "province_leaders" },
  hazards: {
    acceptanceDueDays: 10,
    notices: {
      // A major hazard is news to the inspectors of its supervising departments, whoever found it.
      registered: { template: "major-hazard-registered", audience: ["department_inspectors"] },
      // The listing department decides an extension and follows the treatment.
      extensionRequested: { template: "extension-requested", audience: ["listing_inspectors"] },
      extensionDecided: { template: "extension-decided", audience: ["legal_rep", "safety_manager"] },
      evaluationRecorded: { template: "evaluation-recorded", audience: ["listing_inspectors"] },
    },
  },
  accidents: {
    investigationDays: 60,
    maxExtensionDays: 60,
    approvalDays: 15,
    approvalDaysEspeciallyMajor: 30,
    evaluationOpensAfterMonths: 10,
    evaluationDueAfterMonths: 12,
  },
};

/** The validated configuration; a bad edit fails at import with the path of the offending field. */
export const config: DubanConfig = DubanConfig.parse(defaults);

export function obligationById(id: string) {
  const found = config.obligations.find((o) => o.id === id);
  if (!found) throw new Error(`no filing obligation "${id}" in config`);
  return found;
}

export type { DubanConfig, FilingObligation, RecurringSchedule } from "../functions/domain/config-schema";
export { reconcileSchedule, schedulesFor } from "./schedules";
