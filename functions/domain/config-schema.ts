import * as z from "zod";

/**
 * The typed shape of duban's configuration. `infra/` (CDK) and `local/` read the same validated object,
 * so a schedule, a reminder day or a template is written once (DEVELOPERS.md, rule 1).
 */

const HourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day HH:mm");

/** An EventBridge Scheduler cron expression: `cron(minutes hours day-of-month month day-of-week year)`. */
export const CronExpression = z
  .string()
  .regex(
    /^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/,
    "an EventBridge cron expression: cron(min hour dom month dow year)",
  );

export const RecipientRole = z.enum(["legal_rep", "safety_manager", "info_officer"]);
export type RecipientRole = z.infer<typeof RecipientRole>;

export const Channel = z.enum(["sms", "email"]);
export type Channel = z.infer<typeof Channel>;

export const ReminderStep = z.object({
  /**
   * Day of the first month after the period, at `at` Shanghai time. Up to 31 (the annual report is due
   * by 31 January); a day the month lacks is refused below.
   */
  dayOfNextPeriod: z.number().int().min(1).max(31),
  at: HourMinute,
  template: z.string().min(1),
});

/** One periodic filing obligation: who must file what, by when, who is reminded, who gets the digest. */
export const FilingObligation = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  title: z.string().min(1),
  periodKind: z.enum(["month", "quarter", "year"]),
  /**
   * The form filed (functions/domain/filing-forms.ts): its body schema, its flags, who signs it. Several
   * obligations may share one form (quarterly and annual hazard statistics).
   */
  form: z.enum(["self-inspection", "hazard-statistics", "major-hazard-progress"]),
  /** Who owes the filing: every active enterprise, or every listed major hazard (its monthly progress). */
  subject: z.enum(["enterprise", "listed_major_hazard"]).default("enterprise"),
  /** The workflow that runs this obligation's cycle. */
  workflow: z.string().min(1),
  due: z.object({
    dayOfNextPeriod: z.number().int().min(1).max(31),
    shiftToWorkingDay: z.boolean(),
    source: z.string().min(1),
  }),
  /** When the period's obligations are opened (its first day, at this time). */
  openAt: HourMinute,
  reminders: z.array(ReminderStep).min(1),
  remindRoles: z.array(RecipientRole).min(1),
  remindChannels: z.array(Channel).min(1),
  digest: z.object({
    template: z.string().min(1),
    channels: z.array(Channel).min(1),
    /** Consecutive missed periods after which the county 安委办 tracks the enterprise (跟踪督查). */
    trackAfterMissed: z.number().int().min(2).max(12),
    /**
     * The city 安委办's digest after the county digests: the city's counties side by side, from the counts
     * the county digests made (absent: no city digest).
     */
    cityTemplate: z.string().min(1).optional(),
  }),
  overdueTemplate: z.string().min(1).optional(),
  /**
   * What an enterprise owes when it joins the catalogue: every period whose deadline has not passed yet
   * (joins on 1 December, owes November), or only the period in progress.
   */
  joining: z.enum(["owes_undue_periods", "owes_current_period"]).default("owes_undue_periods"),
  /** A receipt (回执) of each filed version to the enterprise's people; on by default. */
  receipt: z
    .object({
      template: z.string().min(1),
      roles: z.array(RecipientRole).min(1),
      channels: z.array(Channel).min(1),
    })
    .optional(),
});
export type FilingObligation = z.infer<typeof FilingObligation>;

export const SmsTemplate = z
  .object({
    /** Template id registered with the SMS provider (Chinese providers send only approved templates). */
    templateId: z.string().min(1),
    /**
     * The same template as approved by each mainland provider, for a deployment that sends through it
     * (`checkProviderTemplates`): Aliyun's template code (`SMS_…`), Tencent's numeric template id. Tencent
     * fills `{1}`, `{2}`, … in the order of `params`; Aliyun's template names its variables as `params` does.
     */
    providerTemplateIds: z
      .object({
        aliyun: z
          .string()
          .regex(/^SMS_\d{1,20}$/, "an Aliyun template code looks like SMS_123456789")
          .optional(),
        tencent: z
          .string()
          .regex(/^\d{1,12}$/, "a Tencent template id is a number")
          .optional(),
      })
      .strict()
      .optional(),
    params: z.array(z.string().min(1)),
    /** The approved text, `${name}` for each parameter; used by the local SMS sink and for the audit log. */
    text: z.string().min(1),
    /**
     * Billed segments when rendered with the longest realistic parameters (config/README.md's table, checked
     * by test/unit/templates.test.ts): one segment is 70 characters with the sign, each of several 67. More
     * than one is an exception and says why.
     */
    segments: z.number().int().min(1).max(3).optional(),
    why: z.string().trim().min(20).max(300).optional(),
  })
  .refine((sms) => (sms.segments ?? 1) === 1 || sms.why !== undefined, {
    path: ["why"],
    message: "an SMS of more than one segment says why (it costs each recipient twice)",
  });

/**
 * The templates a deployment sending through `provider` cannot send, for want of that provider's template id
 * (an empty list when it can). A mainland provider sends only its own approved templates: a missing id is a
 * configuration error found at start, not a message that fails the day it is due.
 */
export function checkProviderTemplates(
  templates: Record<string, z.infer<typeof Template>>,
  provider: "aliyun" | "tencent",
): string[] {
  return Object.entries(templates)
    .filter(([, t]) => t.sms && !t.sms.providerTemplateIds?.[provider])
    .map(([name]) => name);
}

export const EmailTemplate = z.object({ subject: z.string().min(1), body: z.string().min(1) });

export const Template = z.object({ sms: SmsTemplate.optional(), email: EmailTemplate.optional() });
export type Template = z.infer<typeof Template>;

/** A provider's pace: a token bucket (`perSecond`, `burst`) and, for SMS, a cap per mobile number. */
export const ProviderRate = z.object({
  perSecond: z.number().min(0.01).max(10_000),
  burst: z.number().int().min(1).max(10_000),
  perNumber: z
    .object({ perMinute: z.number().int().min(1).max(1000), perHour: z.number().int().min(1).max(10_000) })
    .optional(),
});

/** The dispatcher (functions/domain/dispatcher.ts): how it shards its queue and paces each provider. */
export const DispatchConfig = z.object({
  /** Partitions of the queue index (`DISPATCH#<shard>`, from the message key's hash). */
  shards: z.number().int().min(1).max(64),
  /**
   * Per provider, by the channel's name (`ses`, `smtp`, `eum`, `aliyun`, `tencent`; locally `ses-local`
   * and `sink`). A provider without an entry is not paced.
   */
  rates: z.record(z.string().min(1).max(40), ProviderRate),
  /** One pass stops claiming after this long (a Lambda's timeout is longer) and leaves the rest to the next. */
  passSeconds: z.number().int().min(5).max(840),
  /** A provider that says "slow down" gets nothing for this long (its bucket is emptied). */
  throttlePauseSeconds: z.number().min(0).max(300),
  /** Throttling refusals after which a message is given up (they do not count as attempts). */
  maxThrottles: z.number().int().min(1).max(1000),
});

export const NotifyConfig = z.object({
  /** SMS must not reach phones at night; a message due then is deferred to the end of the quiet hours. */
  smsQuietHours: z.object({ from: HourMinute, to: HourMinute }),
  smsSignName: z.string().min(1),
  /** Where people file and decide (the console): every template may name it as `${console}`. */
  consoleUrl: z.url().default("http://127.0.0.1:3000/"),
  retry: z.object({
    maxAttempts: z.number().int().min(1).max(20),
    /** Backoff before the n-th retry: base × 2^(n-1), capped. */
    baseDelaySeconds: z.number().int().min(1),
    maxDelaySeconds: z.number().int().min(1),
  }),
  /** A sent message is kept this long (DynamoDB TTL), then expires; failed ones stay for follow-up. */
  retentionDays: z.number().int().min(30).max(3650),
  /** A message still `sending` this long after its claim was interrupted (see notifier.recoverInterrupted). */
  interruptedAfterMinutes: z.number().int().min(1).max(1440),
  /** A daily pass of the dispatcher: whatever waits and is due goes out, interrupted sends are recorded. */
  dailyDispatch: CronExpression,
  /** Parallel sends within one task invocation; providers throttle above their TPS. */
  sendConcurrency: z.number().int().min(1).max(64),
  dispatch: DispatchConfig,
});

/** Effects recorded with a change (functions/domain/effects.ts) and the reconciler that completes them. */
export const EffectsConfig = z.object({
  /** How often the reconciler looks for subjects whose effects are behind (EventBridge cron). */
  reconcile: CronExpression,
  /** Effects younger than this are left to the change that recorded them (it is applying them now). */
  reconcileAfterSeconds: z.number().int().min(1).max(86_400),
  /** Locally: how often (wall-clock seconds) the running process reconciles. */
  localReconcileSeconds: z.number().int().min(1).max(3600),
});

export const StoreConfig = z.object({
  /** Partitions per period index: a province has hundreds of thousands of enterprises (ARCHITECTURE.md). */
  writeShards: z.number().int().min(1).max(64),
  pageSize: z.number().int().min(10).max(1000),
});

/**
 * Who a ladder step reaches. Enterprise roles come from the enterprise's record; the others are resolved
 * against the officials of the subject's jurisdiction chain (county → city → province).
 */
export const Audience = z.enum([
  "legal_rep",
  "safety_manager",
  "info_officer",
  /** Inspectors of the enterprise's supervising department in its county, when an official found the hazard. */
  "finding_inspectors",
  /** Inspectors of the enterprise's supervising departments in its county, whoever found the hazard. */
  "department_inspectors",
  /** Inspectors of the listing department in the listing jurisdiction. */
  "listing_inspectors",
  "listing_anweiban",
  "listing_leaders",
  /** The 安委办 and leaders one level up from the listing (or case) jurisdiction. */
  "parent_anweiban",
  "parent_leaders",
  /** The 安委办 and leaders of the jurisdiction that handles an accident case. */
  "case_anweiban",
  "case_leaders",
]);
export type Audience = z.infer<typeof Audience>;

/** A notice of an event (not a ladder step): its template and who gets it. */
export const EventNotice = z.object({ template: z.string().min(1), audience: z.array(Audience).min(1) });

/**
 * The dates of a subject a ladder step may count from. An enum, so that a misspelt anchor fails validation
 * instead of silently dropping its step (a step whose anchor the subject lacks is left out by design).
 */
export const LadderAnchor = z.enum([
  "rectifyBy",
  "deadline",
  "acceptanceDue",
  "investigationDue",
  "evaluationOpens",
  "evaluationDue",
  "approvalDue",
  /** The day a major hazard was listed, and delisted (青岛 "3+X": filing and publication within N working days). */
  "listedOn",
  "delistedOn",
  /** The day an extension was requested: the ladder of an undecided request counts from it. */
  "extensionRequested",
]);
export type LadderAnchor = z.infer<typeof LadderAnchor>;

/** One step of a reminder or escalation ladder: data, not code (ARCHITECTURE.md, "Ladders are data"). */
export const LadderStep = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** The date of the subject the step counts from: a deadline, a closing date, a window's opening. */
  anchor: LadderAnchor,
  /** Days after (positive) or before (negative) the anchor date; working days follow the holiday calendar. */
  offset: z.object({ days: z.number().int().min(-400).max(400), unit: z.enum(["calendar", "working"]) }),
  at: HourMinute,
  audience: z.array(Audience).min(1),
  template: z.string().min(1),
  /** The step that turns the subject overdue (the day after its deadline). */
  marksOverdue: z.boolean().default(false),
  /**
   * A step whose date is a holiday or weekend: sent that day (`keep`, the default) or on the working day
   * before (`previous_working_day`), so that "30 days before" never lands on 元旦 or a Sunday unseen.
   */
  onDayOff: z.enum(["keep", "previous_working_day"]).optional(),
});
export type LadderStep = z.infer<typeof LadderStep>;

export const Ladder = z.array(LadderStep).min(1);
export type Ladder = z.infer<typeof Ladder>;

/**
 * The monthly bulletin (通报): drafted by the compliance sweep for every jurisdiction with a 安委办, issued
 * by that 安委办. A draft left unissued reminds the 安委办 along `draftReminders` (a ladder, as data).
 */
export const BulletinConfig = z.object({
  draftReminders: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9-]+$/),
        /** Calendar days after the draft was made, at `at` Shanghai time. */
        afterDays: z.number().int().min(1).max(60),
        at: HourMinute,
        template: z.string().min(1),
      }),
    )
    .min(1),
  /** Sent on issue: email with the PDF attached, and a one-segment SMS naming the bulletin. */
  issuedTemplate: z.string().min(1),
  /** Named lists (non-filers, overdue hazards, …) print at most this many rows; the rest are counted. */
  namedRows: z.number().int().min(10).max(500),
  /** A download link of a render is for the person who asked, now. */
  linkSeconds: z.number().int().min(30).max(3600),
});
export type BulletinConfig = z.infer<typeof BulletinConfig>;

export const DubanConfig = z
  .object({
    timeZone: z.literal("Asia/Shanghai"),
    obligations: z.array(FilingObligation).min(1),
    templates: z.record(z.string(), Template),
    notify: NotifyConfig,
    effects: EffectsConfig,
    store: StoreConfig,
    ladders: z.object({
      generalHazard: Ladder,
      majorHazard: Ladder,
      acceptance: Ladder,
      accidentInvestigation: Ladder,
      accidentApproval: Ladder,
      accidentEvaluation: Ladder,
      /** An extension request not yet decided: reminds the officials who may decide, then escalates. */
      extensionDecision: Ladder,
      /** After delisting (销号): none by default; 青岛 publishes the delisting within 5 working days. */
      delisting: z.array(LadderStep).max(30).default([]),
    }),
    /** The monthly compliance sweep: after the close of the obligation it follows, at `at` Shanghai time. */
    sweep: z.object({
      workflow: z.string().min(1),
      afterObligation: z.string().min(1),
      at: HourMinute,
    }),
    /**
     * "One level up" (`parent_anweiban`, `parent_leaders`) from a province or municipality, which has no
     * government above it in duban: its own leaders (the default), its own 安委办 and leaders, or nobody
     * (then the step raises the no-recipient alarm and says so in the subject's timeline).
     */
    bulletins: BulletinConfig,
    escalation: z
      .object({ atTop: z.enum(["province_leaders", "province_anweiban_and_leaders", "nobody"]) })
      .default({ atTop: "province_leaders" }),
    hazards: z.object({
      /** The department inspects on site within this many days of a written application (第二十三条). */
      acceptanceDueDays: z.number().int().min(1).max(60),
      /**
       * Who hears of each event of a major hazard that is not a ladder step, and by which template; an event
       * left out tells nobody.
       */
      notices: z
        .object({
          registered: EventNotice.optional(),
          extensionRequested: EventNotice.optional(),
          extensionDecided: EventNotice.optional(),
          evaluationRecorded: EventNotice.optional(),
        })
        .default({}),
    }),
    accidents: z.object({
      /** 《生产安全事故报告和调查处理条例》第二十九条: report within 60 days, extendable once by at most 60. */
      investigationDays: z.number().int().min(1),
      maxExtensionDays: z.number().int().min(1),
      /** 条例 第三十二条: the government approves the investigation report within 15 days, 30 for 特别重大. */
      approvalDays: z.number().int().min(1).max(60),
      approvalDaysEspeciallyMajor: z.number().int().min(1).max(90),
      /** 国务院安委办〔2021〕4号: evaluation between 10 and 12 months after closing (安全生产法 第八十六条). */
      evaluationOpensAfterMonths: z.number().int().min(1).max(12),
      evaluationDueAfterMonths: z.number().int().min(1).max(24),
    }),
  })
  .superRefine((config, ctx) => {
    const templateNames = new Set(Object.keys(config.templates));
    config.obligations.forEach((o, i) => {
      const used = [
        ...o.reminders.map((r) => r.template),
        o.digest.template,
        ...(o.digest.cityTemplate ? [o.digest.cityTemplate] : []),
        ...(o.receipt ? [o.receipt.template] : []),
      ];
      if (o.overdueTemplate) used.push(o.overdueTemplate);
      for (const name of used) {
        if (!templateNames.has(name)) {
          ctx.addIssue({ code: "custom", path: ["obligations", i], message: `unknown template "${name}"` });
        }
      }
      // The shortest first month after a period: any February for months, 30 days (April) for quarters.
      const shortest = o.periodKind === "month" ? 28 : o.periodKind === "quarter" ? 30 : 31;
      for (const [j, r] of o.reminders.entries()) {
        if (r.dayOfNextPeriod > shortest) {
          ctx.addIssue({
            code: "custom",
            path: ["obligations", i, "reminders", j],
            message: `day ${r.dayOfNextPeriod} does not exist in every first month after a ${o.periodKind}`,
          });
        }
        if (r.dayOfNextPeriod > o.due.dayOfNextPeriod) {
          ctx.addIssue({
            code: "custom",
            path: ["obligations", i, "reminders", j],
            message: "a reminder after the due day is an overdue notice, not a reminder",
          });
        }
      }
    });
    if (!config.obligations.some((o) => o.id === config.sweep.afterObligation && o.periodKind === "month")) {
      ctx.addIssue({
        code: "custom",
        path: ["sweep", "afterObligation"],
        message: "the sweep follows a monthly obligation of this configuration",
      });
    }
    for (const [name, ladder] of Object.entries(config.ladders)) {
      for (const [j, step] of ladder.entries()) {
        if (!templateNames.has(step.template)) {
          ctx.addIssue({
            code: "custom",
            path: ["ladders", name, j],
            message: `unknown template "${step.template}"`,
          });
        }
      }
    }
    const bulletinTemplates = [
      ...config.bulletins.draftReminders.map((r) => r.template),
      config.bulletins.issuedTemplate,
    ];
    for (const name of bulletinTemplates) {
      if (!templateNames.has(name)) {
        ctx.addIssue({ code: "custom", path: ["bulletins"], message: `unknown template "${name}"` });
      }
    }
    const issued = config.templates[config.bulletins.issuedTemplate];
    if (issued && !(issued.email && issued.sms)) {
      ctx.addIssue({
        code: "custom",
        path: ["bulletins", "issuedTemplate"],
        message:
          "an issued bulletin goes out by email (with the PDF) and by SMS: the template needs both forms",
      });
    }
    for (const [name, t] of Object.entries(config.templates)) {
      if (!t.sms && !t.email) {
        ctx.addIssue({ code: "custom", path: ["templates", name], message: "needs an sms or an email form" });
      }
      const placeholders = t.sms ? [...t.sms.text.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]) : [];
      for (const p of placeholders) {
        if (p && !t.sms?.params.includes(p)) {
          ctx.addIssue({
            code: "custom",
            path: ["templates", name, "sms"],
            message: `text uses \${${p}} which is not a declared parameter`,
          });
        }
      }
    }
  });
export type DubanConfig = z.infer<typeof DubanConfig>;

/** A recurring schedule: CDK renders it as AWS::Scheduler::Schedule; the local scheduler reads the same list. */
export type RecurringSchedule = {
  name: string;
  cron: string;
  timeZone: "Asia/Shanghai";
  workflow: string;
  phase: string;
  input: Record<string, unknown>;
};
