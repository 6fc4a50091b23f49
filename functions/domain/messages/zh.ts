/**
 * 消息目录: every text a person reads, in Simplified Chinese, keyed by a stable English code. Programs read
 * the code; people read the text. A text is a function of its named parameters, so a missing or misspelt
 * parameter is a type error rather than a "{name}" left in front of a county official.
 *
 * Groups by prefix: `http.*` the HTTP edge, `auth.*` who may do what, `catalogue.*` enterprises and
 * officials, `report.*` filings, `hazard.*`, `accident.*`, `calendar.*`, `input.*` formats shared by many
 * fields, `field.*` zod field messages, `csv.*` CSV files and their lines, `cli.*` the local command line.
 */

const STATUS_ZH: Record<string, string> = {
  open: "待整改",
  rectified: "已整改",
  registered: "已登记",
  planned: "已制定治理方案",
  listed: "挂牌督办中",
  acceptance_requested: "已申请验收",
  delisted: "已销号",
  investigating: "调查中",
  withdrawn: "已撤回",
  report_submitted: "调查报告已提交",
  closed: "已结案",
  evaluated: "已评估",
};

const ACTION_ZH: Record<string, string> = {
  plan: "制定治理方案",
  listing: "挂牌督办",
  progress: "报送治理进展",
  extension: "申请延期",
  evaluation: "记录评估",
  acceptanceRequest: "申请验收",
  acceptance: "复查验收",
  rectification: "整改",
};

const ROLE_ZH: Record<string, string> = {
  enterprise: "企业用户",
  inspector: "监管人员",
  anweiban: "安委办",
  leader: "党委/政府主要领导",
  admin: "管理员",
};

const LISTING_LEVEL_ZH: Record<string, string> = { county: "县级", city: "市级", province: "省级" };

/** Field names as a person says them; the path in `fields[]` keeps the English name for programs. */
const FIELD_ZH: Record<string, string> = {
  foundAt: "发现时间",
  occurredAt: "事故发生时间",
  closedAt: "结案时间",
  completedAt: "评估完成时间",
  evaluatedAt: "评估时间",
  inspectedAt: "验收时间",
  rectifiedAt: "整改完成时间",
  rectifyBy: "整改期限",
  deadline: "整改期限",
  newDeadline: "新的整改期限",
};

/** A code's Chinese word, or the code itself when the word is not known (never an empty text). */
const word = (table: Record<string, string>, key: string) => table[key] ?? key;

export const zh = {
  // HTTP edge
  "http.invalid_input": (p: { where: "path" | "query" | "body" }) =>
    `请求${{ path: "路径", query: "查询参数", body: "正文" }[p.where]}有误，请按各字段的提示修改`,
  "http.invalid_json": () => "请求正文不是有效的 JSON",
  "http.internal": () => "服务器内部错误，请稍后重试；如反复出现，请联系管理员",
  "http.not_found": () => "没有这个地址",
  "http.method_not_allowed": () => "这个地址不支持该请求方法",
  "http.body_too_large": (p: { limit: string }) => `请求正文过大（上限 ${p.limit}）`,
  "http.more_problems": (p: { more: number }) => `另有 ${p.more} 处问题未列出`,
  "http.path_escape_invalid": (p: { name: string }) => `路径参数 ${p.name} 含有无效的百分号转义`,
  "http.unsupported_media_type": (p: { expected: string }) => `此接口只接受 Content-Type: ${p.expected}`,
  "http.idempotency_key_invalid": () => "请求头 Idempotency-Key 应为 1 到 128 个可见的 ASCII 字符",
  "http.idempotency_key_reused": () =>
    "这个 Idempotency-Key 已用于内容不同的另一个请求：重试时请原样发送原请求，新的请求请使用新的键",
  "http.idempotency_in_progress": () => "使用同一 Idempotency-Key 的请求仍在处理中，请稍后重试",
  "http.next_token_invalid": () => "翻页令牌（nextToken）不是本接口签发的，或已与查询条件不符",
  "http.next_token_expired": (p: { hours: number }) =>
    `翻页令牌（nextToken）已过期（签发后 ${p.hours} 小时内有效），请从第一页重新查询`,

  // who may do what
  "auth.token_required": () => "需要登录令牌（请求头 Authorization: Bearer <令牌>）",
  "auth.token_invalid": () => "登录令牌无效或已过期，请重新获取",
  "auth.token_incomplete": () => "登录令牌缺少必要信息（角色、辖区等）",
  "auth.official_inactive": () => "您的账号已停用，登录令牌不再有效；如需恢复请联系管理员",
  "auth.enterprise_claim_required": () => "企业用户的令牌须带有企业的统一社会信用代码",
  "auth.own_enterprise_only": () => "企业用户只能办理本企业的事项",
  "auth.enterprise_outside_jurisdiction": (p: { creditCode: string; jurisdiction: string }) =>
    `企业 ${p.creditCode} 不在您的辖区（${p.jurisdiction}）内`,
  "auth.role_not_allowed": (p: { role: string; allowed: readonly string[] }) =>
    `${word(ROLE_ZH, p.role)}不能办理此事项；可办理的角色：${p.allowed.map((r) => word(ROLE_ZH, r)).join("、")}`,
  "auth.jurisdiction_outside": (p: { scope: string; jurisdiction: string }) =>
    `辖区 ${p.scope} 不在您的辖区（${p.jurisdiction}）内`,
  "auth.outside_your_jurisdiction_field": () => "不在您的辖区内",
  "auth.report_filed_by_enterprise": (p: { title: string }) => `${p.title}由企业自己报送`,
  "auth.enterprise_only": () => "此事项只能由企业自己办理",
  "auth.official_only": () => "此事项只能由监管部门人员办理",
  "auth.hazard_elsewhere": () => "该隐患属于其他企业或其他辖区",
  "receipt.unverified": (p: { provider: string }) => `回执未通过 ${p.provider} 的签名校验，未予处理`,
  "receipt.unknown_provider": (p: { provider: string }) => `没有接收 ${p.provider} 回执的地址`,
  "auth.accident_outside_jurisdiction": (p: { accidentJurisdiction: string; jurisdiction: string }) =>
    `该事故由 ${p.accidentJurisdiction} 办理，不在您的辖区（${p.jurisdiction}）内`,
  "auth.extension_decided_by_listing": () => "延期申请只能由挂牌督办地的监管部门人员审批",
  "auth.hazard_list_for_officials": () => "企业用户请逐条查看本企业的隐患；隐患列表供监管部门使用",

  // catalogue
  "catalogue.enterprise_not_found": (p: { creditCode: string }) =>
    `监管对象目录中没有统一社会信用代码为 ${p.creditCode} 的企业`,
  "catalogue.enterprise_changed_concurrently": () => "该企业同时被他人修改，请重新读取后再试",
  "catalogue.transfer_outside": (p: { toCountyCode: string; jurisdiction: string }) =>
    `迁入县区 ${p.toCountyCode} 不在您的辖区 ${p.jurisdiction} 内：企业迁移须由迁出与迁入县区的共同上级办理`,
  "catalogue.transfer_outside_field": () => "须在您的辖区内",
  "catalogue.transfer_same_county": (p: { countyCode: string }) => `该企业已属 ${p.countyCode}`,
  "catalogue.transfer_same_county_field": () => "与现属县区相同",
  "catalogue.status_unchanged": (p: { status: string }) => `该企业已是${p.status}状态`,
  "catalogue.status_unchanged_field": (p: { status: string }) => `已是 ${p.status}`,
  "catalogue.credit_code_parts_invalid": () => "无法由这些部分组成统一社会信用代码",
  "catalogue.official_not_found": (p: { id: string }) => `监管对象目录中没有编号为 ${p.id} 的人员`,
  "catalogue.official_status_unchanged": (p: { status: string }) => `该人员已是${p.status}状态`,
  "catalogue.official_changed_concurrently": () => "该人员同时被他人修改，请重新读取后再试",
  "catalogue.official_not_self": () => "不能停用本人：请由同级或上级的另一位管理员办理",

  // reports
  "report.period_not_ended": (p: { period: string; from: string }) =>
    `${p.period} 尚未结束，该期报告自 ${p.from} 起可以报送`,
  "report.period_not_ended_field": () => "该期尚未结束",
  "report.before_joining": (p: { period: string; joinedOn: string }) =>
    `${p.period}不需报送：本企业于${p.joinedOn}纳入监管对象目录，此前截止的报告期不在报送范围内`,
  "report.before_joining_field": () => "早于纳入监管对象目录的报告期",
  "report.enterprise_closed": (p: { creditCode: string }) => `企业 ${p.creditCode} 已关闭，不再报送报告`,
  "report.signer_not_legal_rep": () => "报告须由目录中登记的法定代表人签署",
  "report.signer_not_legal_rep_field": (p: { legalRep: string }) => `须为登记的法定代表人（${p.legalRep}）`,
  "report.changed_concurrently": (p: { period: string }) =>
    `${p.period} 的报告刚被他人修改，请重新读取后再报送`,

  "report.no_form_for_period": (p: { form: string; period: string }) =>
    `${p.form} 报表不按“${p.period}”这样的期间报送`,
  "report.no_draft": (p: { title: string }) => `${p.title}没有可预填的草稿`,
  "import.row_outside": (p: { county: string; jurisdiction: string }) =>
    `county_code: ${p.county}不在您的辖区${p.jurisdiction}内`,
  "import.row_not_yours": (p: { jurisdiction: string }) =>
    `credit_code: 该企业不在您的辖区${p.jurisdiction}内，不能通过导入修改`,
  "import.row_moves_county": (p: { current: string; creditCode: string }) =>
    `county_code: 该企业现属${p.current}，变更所属县区须由共同上级通过企业迁移办理（POST /v1/enterprises/${p.creditCode}/transfer），导入不能改变`,
  "import.row_changes_status": (p: { current: string; closing: boolean; creditCode: string }) =>
    `status: 该企业现为${p.current}，${p.closing ? "关闭" : "恢复"}企业须通过状态变更并说明原因（POST /v1/enterprises/${p.creditCode}/status），导入不能改变`,
  "import.not_found": (p: { id: string }) => `没有编号为 ${p.id} 的导入任务`,
  "import.upload_not_found": (p: { id: string }) =>
    `没有编号为 ${p.id} 的上传，或它不是您申请的；请先申请上传地址（POST /v1/imports/uploads）`,
  "import.upload_not_received": (p: { id: string }) =>
    `上传 ${p.id} 还没有收到文件：请先用上传地址以 PUT 上传 CSV 文件，再开始导入`,
  "import.upload_too_large": (p: { megabytes: number }) =>
    `上传的文件超过 ${p.megabytes} MB，请按区县拆分后分别导入`,
  "import.upload_missing": () => "上传的文件已不存在（上传地址过期或文件已清理），请重新上传",
  "maintenance.cursor_invalid": () =>
    "索引键迁移的续行位置（cursor）无效：请原样使用上一次返回的 cursor，或不带 cursor 从头开始",
  "statistics.not_found": (p: { jurisdiction: string; period: string }) =>
    `没有${p.jurisdiction} ${p.period} 的统计`,
  "statistics.never_swept": (p: { jurisdiction: string }) =>
    `${p.jurisdiction}尚无月度统计：合规清查在月报截止后计算上月数据`,
  "statistics.not_swept": (p: { jurisdiction: string; period: string }) =>
    `${p.jurisdiction} ${p.period} 的统计尚未生成：该月的合规汇总还没有运行`,

  // bulletins (通报)
  "bulletin.not_found": (p: { id: string }) => `没有编号为 ${p.id} 的通报`,
  "bulletin.issuer_only": (p: { jurisdiction: string }) =>
    `只有${p.jurisdiction}安委办可以修改、印发或更正本通报`,
  "bulletin.already_issued": (p: { id: string; documentNo: string }) =>
    `通报 ${p.id} 已以${p.documentNo}印发，不能再修改或重复印发；如需更正，请发布更正版本（supersede）`,
  "bulletin.superseded": (p: { id: string; by: string }) =>
    `通报 ${p.id} 已被更正版本 ${p.by} 取代，不能再修改或印发`,
  "bulletin.not_issued": (p: { id: string }) => `通报 ${p.id} 还是草稿，可直接修改后印发，无需发布更正版本`,
  "bulletin.not_latest": (p: { id: string; latest: string }) =>
    `通报 ${p.id} 已有更新的版本 ${p.latest}，请在最新版本上更正`,
  "bulletin.not_swept": (p: { jurisdiction: string; period: string }) =>
    `${p.jurisdiction} ${p.period} 尚无合规汇总数据，无法起草通报`,

  // hazards
  "hazard.progress_before_listing": (p: { period: string; listedOn: string }) =>
    `${p.period}不需报送治理进展：该隐患于${p.listedOn}挂牌督办，进展自挂牌当月起按月报送`,
  "hazard.progress_before_listing_field": () => "早于挂牌督办的月份",
  "hazard.not_found": (p: { id: string }) => `没有编号为 ${p.id} 的隐患`,
  "hazard.major_not_rectified": () => "重大隐患经验收销号办结，不走整改流程",
  "hazard.not_open": (p: { id: string; status: string }) =>
    `隐患 ${p.id} 当前为“${word(STATUS_ZH, p.status)}”，只有待整改的隐患可以整改`,
  "hazard.general_only_major_action": (p: { id: string; action: string }) =>
    `隐患 ${p.id} 是一般隐患，“${word(ACTION_ZH, p.action)}”只适用于重大隐患`,
  "hazard.wrong_status": (p: { id: string; status: string; action: string; allowed: readonly string[] }) =>
    `隐患 ${p.id} 当前为“${word(STATUS_ZH, p.status)}”，${word(ACTION_ZH, p.action)}须在“${p.allowed
      .map((s) => word(STATUS_ZH, s))
      .join("”或“")}”状态下办理`,
  "hazard.deadline_by_extension_only": (p: { id: string }) =>
    `隐患 ${p.id} 已挂牌督办，整改期限只能通过延期申请变更`,
  "hazard.listing_outside_jurisdiction": (p: { level: string; jurisdiction: string; own: string }) =>
    `${word(LISTING_LEVEL_ZH, p.level)}挂牌由 ${p.jurisdiction} 办理，不在您的辖区（${p.own}）内`,
  "hazard.listing_outside_jurisdiction_field": () => "超出您的辖区",
  "hazard.extension_pending": () => "已有一份延期申请等待审批",
  "hazard.new_deadline_not_later": (p: { deadline: string }) => `新的期限须晚于现行期限（${p.deadline}）`,
  "hazard.new_deadline_not_later_field": () => "须晚于现行期限",
  "hazard.extension_not_found": (p: { id: string; n: number }) => `隐患 ${p.id} 没有第 ${p.n} 次延期申请`,
  "hazard.extension_already_decided": (p: { n: number }) => `第 ${p.n} 次延期申请已审批`,
  "hazard.acceptance_needs_evaluation": () => "申请验收前须有具备资质的机构作出“通过”的评估",
  "hazard.general_needs_rectify_by": () => "一般隐患须填写整改期限",
  "hazard.not_before_found": () => "不能早于发现隐患的日期",
  "hazard.failed_acceptance_needs_deadline": () => "验收不通过时须确定新的整改期限",
  "record.changed_concurrently": (p: { id: string }) => `${p.id} 刚被他人修改，请重新读取后重试`,

  // accidents
  "accident.not_found": (p: { id: string }) => `没有编号为 ${p.id} 的事故`,
  "accident.enterprise_outside": (p: { jurisdiction: string }) =>
    `该企业不在事故发生地（${p.jurisdiction}）辖区内`,
  "accident.enterprise_outside_field": (p: { jurisdiction: string }) => `不在 ${p.jurisdiction} 辖区内`,
  "accident.extension_too_long": (p: { maxDays: number }) =>
    `调查期限最多延长 ${p.maxDays} 日（《生产安全事故报告和调查处理条例》第二十九条）`,
  "accident.extension_too_long_field": (p: { maxDays: number }) => `最多 ${p.maxDays} 日`,
  "accident.only_investigation_extended": (p: { id: string; status: string }) =>
    `事故 ${p.id} 当前为“${word(STATUS_ZH, p.status)}”，只有调查中的事故可以延长调查期限`,
  "accident.report_during_investigation": (p: { id: string; status: string }) =>
    `事故 ${p.id} 当前为“${word(STATUS_ZH, p.status)}”，调查报告须在调查期间提交`,
  "accident.submitted_before_accident": () => "调查报告提交时间早于事故发生时间",
  "accident.withdrawn_already": (p: { id: string }) => `事故 ${p.id} 已撤回`,
  "accident.level_problem": (p: { problem: string }) => p.problem,
  "input.jurisdiction_problem": (p: { problem: string }) => p.problem,
  "accident.extended_once": () => "调查期限已延长过一次，按规定只能延长一次",
  "accident.close_before_report": (p: { id: string }) =>
    `事故 ${p.id} 尚在调查中，不能直接结案：请先提交调查报告（POST /v1/accidents/${p.id}/report），批复后再结案（《生产安全事故报告和调查处理条例》第三十二条）`,
  "accident.closed_once": (p: { id: string; status: string }) =>
    `事故 ${p.id} 当前为“${word(STATUS_ZH, p.status)}”，已经结案`,
  "accident.closed_before_accident": () => "结案时间早于事故发生时间",
  "accident.closed_before_accident_field": () => "早于事故发生时间",
  "accident.evaluation_after_closing": (p: { id: string; status: string }) =>
    `事故 ${p.id} 当前为“${word(STATUS_ZH, p.status)}”，评估须在结案之后`,

  "files.link_invalid": () => "链接无效或已过期",

  // local rules (policies per jurisdiction)
  "policy.invalid": (p: { jurisdiction: string }) => `${p.jurisdiction}的规则设置有误，请按各字段提示修改`,
  "policy.unknown_obligation": (p: { id: string }) => `没有名为 ${p.id} 的报送事项`,
  "policy.reminder_after_due": (p: { day: number; dueDay: number }) =>
    `提醒日 ${p.day} 日晚于截止日 ${p.dueDay} 日：截止后的通知是逾期通知，不是提醒`,
  "policy.day_not_in_every_month": (p: { day: number }) => `${p.day} 日并非每个月都有，请选 28 日或更早`,
  "policy.window_inverted": () => "评估窗口开启月数不能晚于评估期限月数",
  "policy.step_twice": (p: { id: string }) => `步骤 ${p.id} 重复出现`,
  "policy.anchor_not_of_ladder": (p: { anchor: string; anchors: string }) =>
    `此阶梯没有起算日期 ${p.anchor}，可用：${p.anchors}`,
  "policy.unknown_template": (p: { template: string }) => `没有名为 ${p.template} 的通知模板`,
  "policy.version_conflict": (p: { jurisdiction: string; expected: number; actual: number }) =>
    `${p.jurisdiction}的规则已被他人修改（当前第 ${p.actual} 版，您提交时依据第 ${p.expected} 版），请刷新后重试`,
  "policy.outside": (p: { jurisdiction: string; yours: string }) =>
    `${p.jurisdiction}不在您的辖区（${p.yours}）内，不能查看或修改其规则`,
  "policy.extension_too_late": (p: { days: number; latest: string; deadline: string; source: string }) =>
    `延期申请应在治理期限（${p.deadline}）前至少 ${p.days} 个工作日提出，即 ${p.latest} 前（含当日）；已超过（${p.source}）`,
  "policy.extension_too_late_field": (p: { latest: string }) => `应不晚于 ${p.latest}`,

  // exports
  "export.only_overdue_major_hazards": () => "只有逾期的重大隐患可以导出为文件（level=major，overdue=true）",
  "export.only_non_filers": () => "只有未报送的企业可以导出为文件（status=missing）",
  "export.field_must_be": (p: { value: string }) => `指定 format 时须为 ${p.value}`,

  // dates, times and the holiday calendar
  "input.in_future": (p: { field: string; value: string }) =>
    `${word(FIELD_ZH, p.field)}（${p.value}）晚于当前时间`,
  "input.in_future_field": () => "不能晚于当前时间",
  "input.not_future": (p: { field: string; value: string }) =>
    `${word(FIELD_ZH, p.field)}（${p.value}）须为将来的日期`,
  "input.not_future_field": () => "须为将来的日期",
  "input.date": (p: { value: string }) => `“${p.value}”不是有效的日期，应为 YYYY-MM-DD，如 2026-12-05`,
  "input.date_out_of_range": () => "日期超出范围（0000–9999 年）",
  "input.instant": (p: { field: string }) => `${p.field} 不是有效的时间`,
  "input.time_of_day": (p: { value: string }) => `“${p.value}”不是有效的时刻，应为 24 小时制 HH:mm`,
  "input.integer_days": (p: { value: number }) => `天数须为整数，收到 ${p.value}`,
  "input.period": (p: { kind: "month" | "quarter" | "year"; value: string }) =>
    `“${p.value}”不是有效的${{ month: "月份（YYYY-MM）", quarter: "季度（YYYY-Qn，n 为 1–4）", year: "年份（YYYY）" }[p.kind]}`,
  "input.period_out_of_range": () => "期间超出范围（0000–9999 年）",
  "input.jurisdiction_code": (p: { value: string }) => `“${p.value}”不是 GB/T 2260 六位行政区划代码`,
  "input.due_rule": () => "报送期限规则有误",
  "calendar.invalid": (p: { year: string }) => `${p.year} 年节假日安排有误`,
  "calendar.duplicate_year": (p: { year: number }) => `${p.year} 年节假日安排重复提供`,
  "calendar.year_missing": (p: { year: number }) =>
    `缺少 ${p.year} 年的节假日安排，无法计算工作日：请管理员按国务院办公厅通知通过 PUT /v1/calendar/${p.year} 提交（holidays、workdays），或补充 config/holidays/${p.year}.json`,
  "calendar.year_missing_field": (p: { year: number }) => `没有 ${p.year} 年的节假日安排`,
  "calendar.date_not_in_year": (p: { date: string; year: number }) => `${p.date} 不在 ${p.year} 年内`,
  "calendar.holiday_and_workday": (p: { date: string }) => `${p.date} 同时列为节假日和调休上班日`,
  "calendar.workday_not_weekend": (p: { date: string }) => `${p.date} 不是周六或周日：只有周末才能调为上班日`,
  "calendar.implausible": (p: { days: number; date: string; direction: "after" | "before" }) =>
    `${p.date} ${p.direction === "after" ? "之后" : "之前"} ${p.days} 天内没有工作日，节假日数据不合理`,

  // zod field messages: what a form or an API client is told about one field
  "field.required": () => "必填",
  "field.too_long": (p: { max: number | bigint }) => `最多 ${p.max} 个字符`,
  "field.too_short": (p: { min: number | bigint }) => `至少 ${p.min} 个字符`,
  "field.too_big": (p: { max: number | bigint }) => `不能大于 ${p.max}`,
  "field.too_small": (p: { min: number | bigint }) => `不能小于 ${p.min}`,
  "field.too_many": (p: { max: number | bigint }) => `最多 ${p.max} 项`,
  "field.too_few": (p: { min: number | bigint }) => `至少 ${p.min} 项`,
  "field.expected_type": (p: { expected: string }) =>
    `应为${{ string: "文本", number: "数字", boolean: "true 或 false", object: "对象", array: "数组", int: "整数", date: "日期" }[p.expected] ?? p.expected}`,
  "field.one_of": (p: { values: readonly unknown[] }) => `应为以下之一：${p.values.map(String).join("、")}`,
  "field.unknown_keys": (p: { keys: readonly string[] }) => `不认识的字段：${p.keys.join("、")}`,
  "field.integer": () => "应为整数",
  "field.invalid": () => "格式不正确",
  "field.email": () => "应为电子邮箱地址",
  "field.mobile": () => "应为 11 位大陆手机号码（13–19 开头）",
  "field.mobile_or_email": () => "应为大陆手机号码或电子邮箱地址",
  "field.division_code": () => "应为 GB/T 2260 六位行政区划代码",
  "field.county_code": () => "应为区县级行政区划代码（末两位为 00 的是市或省）",
  "field.credit_code_length": (p: { length: number }) => `统一社会信用代码应为 18 位，实际 ${p.length} 位`,
  "field.credit_code_charset": (p: { position: number; char: string; allowed: string }) =>
    `统一社会信用代码第 ${p.position} 位“${p.char}”不是允许的字符${p.char !== p.char.toUpperCase() ? "（字母须大写）" : ""}；允许数字和 ${p.allowed}`,
  "field.credit_code_division": () => "统一社会信用代码第 3–8 位（登记管理机关行政区划码）应为 6 位数字",
  "field.credit_code_org_check": (p: { expected: string }) =>
    `统一社会信用代码第 17 位（组织机构代码校验码）应为 ${p.expected}，请核对是否抄错`,
  "field.credit_code_check": (p: { expected: string }) =>
    `统一社会信用代码第 18 位校验码应为 ${p.expected}，请核对是否抄错`,
  "field.credit_code_part": (p: { chars: number }) => `应为代码字符集中的 ${p.chars} 个字符`,
  "field.six_digits": () => "应为 6 位数字",
  "field.industry": (p: { list: string }) => `行业应为以下之一：${p.list}`,
  "field.official_role": (p: { list: string }) => `角色应为以下之一：${p.list}`,
  "field.enterprise_status": () => "状态应为 active（在营）或 closed（关闭）",
  "field.inspector_department": () => "监管人员须填写所属部门（即负责监管企业的部门）",
  "field.date": () => "应为 YYYY-MM-DD 格式的真实日期",
  "field.time_of_day": () => "应为 24 小时制时刻 HH:mm（00:00–23:59）",
  "field.instant": () => "应为带时区的 ISO 8601 时间，如 2026-12-05T09:00:00+08:00",
  "field.month": () => "应为月份 YYYY-MM",
  "field.quarter": () => "应为季度 YYYY-Qn（n 为 1–4）",
  "field.year": () => "应为四位年份",
  "field.id": () => "编号只能由大写字母、数字和连字符组成",
  "field.true_false": () => "应为 true 或 false",
  "field.percent_escape": () => "无效的百分号转义（%XX）",
  "field.content_type_unsupported": (p: { type: string }) => `不支持 ${p.type}`,
  "field.content_type_missing": () => "缺少 Content-Type",
  "field.date_range": (p: { from: string; to: string }) => `须在 ${p.from} 至 ${p.to} 之间`,
  "field.year_range": (p: { from: number; to: number }) => `须在 ${p.from} 至 ${p.to} 年之间`,
  "field.year_integer": () => "须为整数年份",
  "field.number": () => "须为数字",
  "field.not_negative": () => "不能为负数",
  "field.positive": () => "须大于 0",
  "field.at_most": (p: { max: string }) => `不能超过 ${p.max}`,
  "field.decimals": (p: { places: 1 | 2 }) => (p.places === 2 ? "最多两位小数（精确到分）" : "最多一位小数"),
  "field.not_empty": () => "不能为空",
  "field.single_line_chars": () => "不能含控制字符、换行或双向文本控制符",
  "field.duplicate": (p: { value: string }) => `重复：${p.value}`,
  "field.quarter_or_year": () => "应为季度 YYYY-Qn 或年份 YYYY",
  "field.control_chars": () => "不能含控制字符或双向文本控制符",
  "field.idempotency_key": () => "应为 1 到 128 个可见的 ASCII 字符，例如一个 UUID",
  "field.idempotency_key_reused": () => "已用于另一个请求，请换一个新的键",
  "field.next_token": () => "不是本接口签发的翻页令牌",
  "field.next_token_expired": () => "翻页令牌已过期",
  "field.backfill_cursor": () => "不是本迁移给出的续行位置（cursor），请从上一次的返回值中原样复制",
  "field.period_kind_id": () => "期间与报送事项不符",

  // CSV files and their lines
  "csv.malformed": (p: { line: number; problem: string }) =>
    `CSV 格式错误（第 ${p.line} 行起的记录）：${p.problem}`,
  "csv.quote_not_closed": () => "引号没有闭合",
  "csv.closing_quote": () => "右引号后面只能是逗号或换行",
  "csv.opening_quote": () => "未加引号的单元格中出现了引号（请给整个单元格加引号，并把其中的引号写两遍）",
  "csv.not_csv": () => "内容不是有效的 CSV",
  "csv.header": (p: { line: number; problems: string; expected: string }) =>
    `第 ${p.line} 行表头有误：${p.problems}。应有的列：${p.expected}`,
  "csv.missing_columns": (p: { columns: readonly string[] }) => `缺少列 ${p.columns.join("、")}`,
  "csv.unknown_columns": (p: { columns: readonly string[] }) => `不认识的列 ${p.columns.join("、")}`,
  "csv.repeated_columns": (p: { columns: readonly string[] }) => `重复的列 ${p.columns.join("、")}`,
  "csv.missing_column": () => "缺少此列",
  "csv.unknown_column": () => "不认识的列（是否写错了列名？）",
  "csv.repeated_column": () => "此列重复",
  "csv.empty_column_name": (p: { index: number }) => `（第 ${p.index} 列，列名为空）`,
  "csv.field_count": (p: { count: number; header: number }) =>
    `有 ${p.count} 个单元格，表头有 ${p.header} 列`,
  "csv.duplicate_of_line": (p: { line: number }) => `与第 ${p.line} 行重复`,
  "csv.line_problem": (p: { column: string; problems: readonly string[] }) =>
    `${p.column}：${p.problems.join("，")}`,
  "csv.encoding_unknown": () =>
    "无法读取文件：既不是 UTF-8 也不是 GBK（GB18030）编码的 CSV。请在 Excel 中“另存为”，文件类型选“CSV UTF-8（逗号分隔）”，再上传",
  "csv.workbook_not_csv": () =>
    "这是 Excel 工作簿（.xlsx），不是 CSV。请在 Excel 中“另存为”，文件类型选“CSV UTF-8（逗号分隔）”，再上传",
  "csv.department_unknown": (p: { department: string; county: string }) =>
    `${p.county}没有属于“${p.department}”的监管人员，已导入，但在导入该部门人员前，企业列入安委办汇总的“无监管人员”名单；如为笔误请更正后重新导入`,
  "csv.multipart_malformed": () => "上传的表单（multipart/form-data）格式不正确",
  "csv.multipart_one_file": (p: { count: number }) => `请在表单中上传一个 CSV 文件（收到 ${p.count} 个文件）`,
  "csv.outside_jurisdiction": (p: { column: string; code: string; jurisdiction: string }) =>
    `${p.column}：${p.code} 不在您的辖区（${p.jurisdiction}）内`,

  // the local command line
  "local.pick_demo_user": () => "请选择登录页列出的演示用户",
  "local.not_demo_user": () => "不是演示用户",
  "cli.migrate_index_keys_usage": () =>
    "用法：npm run migrate:index-keys -- --table <表名> [--region <区域>] [--cursor <续行位置>] [--budget <1–100000>]",
  "cli.token_usage": () =>
    "用法：duban token --role <enterprise|inspector|anweiban|leader|admin> --jurisdiction <行政区划代码> [--enterprise <统一社会信用代码>] [--sub <编号>] [--hours 12] [--data .duban]",
  "cli.argument": (p: { program: string; argument: string; problem: string }) =>
    `${p.program}：${p.argument}：${p.problem}`,
  "cli.clock_option": () => "--clock 取 real（真实时钟）或 virtual（虚拟时钟）",
  "cli.now_option": () => "--now 应为带时区的 ISO 8601 时间，如 2026-11-01T00:00:00+08:00",
  "cli.now_needs_virtual": () => "--now 需要同时指定 --clock virtual",
  "cli.interrupted_sends": (p: { count: number }) =>
    `上次停止时有 ${p.count} 条消息正在发送，已标记为失败（不会重发）`,
  "local.loopback_only": () => "本地接口只接受以回环地址（127.0.0.1）访问的请求",
  "local.json_only": () => "本地接口只接受 Content-Type: application/json",
  "local.clock_is_real": () => "当前是真实时钟，不能拨动；如需拨动，请以 --clock virtual 启动",
  "local.advance_body": () => '请求正文应为 {"advanceTo": 带时区的 ISO 8601 时间}',
  "local.clock_never_backwards": (p: { now: string }) => `时钟现在是 ${p.now}，不能往回拨`,
  "cli.now_before_stored": (p: { requested: string; stored: string; mode: string }) =>
    `--now ${p.requested} 早于已保存的${p.mode}时间 ${p.stored}，从已保存的时间继续（时间不会倒流）`,
  "cli.no_data_folder": (p: { data: string }) =>
    `${p.data} 中没有 npm start 生成的密钥（secret），无法签发令牌。请先在此数据目录运行 npm start；如果启动时用了 --data，请给 duban token 同样的 --data`,
  "cli.enterprise_required": () => "角色为 enterprise 时须给出 --enterprise <统一社会信用代码>",
  "cli.import_resumed": (p: { id: string }) => `导入任务 ${p.id} 在上次停止时中断，现继续执行`,
  "cli.effects_completed": (p: { count: number }) =>
    `上次停止时有 ${p.count} 个事项的后续动作（计时器、通知）未完成，已补做`,
  "cli.schedule_fired": (p: { at: string; name: string; workflow: string; phase: string }) =>
    `${p.at}  定时任务 ${p.name}（${p.workflow} / ${p.phase}）已执行`,
  "cli.timer_fired": (p: { at: string; name: string; workflow: string; phase: string }) =>
    `${p.at}  计时器 ${p.name}（${p.workflow} / ${p.phase}）已执行`,
  "cli.stopped": (p: { minutes: number; fired: number; clock: string; now: string; data: string }) =>
    `duban 已停止：运行 ${p.minutes} 分钟，执行了 ${p.fired} 次定时任务/计时器；${p.clock}时钟停在 ${p.now}；数据保留在 ${p.data}/`,
  "cli.stop_failed": (p: { error: string }) => `停止时出错：${p.error}`,
  "cli.clock_real": () => "真实",
  "local.failpoint_invalid": () => "故障点设置不正确",
  "local.failpoint_body": () =>
    '请求正文应为 JSON：{"name": 故障点名称, "n": 第几次到达时触发（可省略，默认 1）}',
  "local.failpoint_name": (p: { allowed: readonly string[] }) =>
    `故障点应为以下之一：${p.allowed.join("、")}`,
  "local.timer_ids": () => "请给出 1 到 100 个计时器编号",
  "local.timer_ids_field": () => "以 id=<计时器编号> 重复给出，1 到 100 次，每个编号 1 到 300 个字符",
  "cli.clock_virtual": () => "虚拟",
  "cli.real_clock_behind_stored": (p: { stored: string }) =>
    `数据中保存的时间 ${p.stored} 晚于现在的真实时间：在真实时间到达它之前，不会有新的定时任务触发`,
} as const;
