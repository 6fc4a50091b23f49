/**
 * The monthly bulletin (通报) of a jurisdiction: drafted from the compliance sweep's stored result, issued by
 * the 安委办 under a document number, corrected only by a new version that supersedes it. Pure: the
 * document is a function of the stored figures and lists; the use case (render/bulletin-service.ts) reads
 * them, renders and stores.
 */
import * as z from "zod";
import { BulletinDocument, type BulletinTable } from "./bulletin-document";
import { shanghaiDateOf } from "./calendar";
import { jurisdictionName } from "./jurisdiction";
import { formatRate, type Ranked, rank } from "./rollup";
import {
  type DepartmentFigures,
  Figures,
  type Rate,
  type SweepListEntry,
  type SweepListName,
  type SweepResult,
} from "./statistics";

const Instant = z.iso.datetime({ offset: true });
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month YYYY-MM");

export const BulletinStatus = z.enum(["draft", "issued", "superseded"]);
export type BulletinStatus = z.infer<typeof BulletinStatus>;

const StoredFile = z.object({ key: z.string().min(1), bytes: z.number().int().min(0) }).strict();
const Actor = z.object({ sub: z.string(), role: z.string(), jurisdiction: z.string() }).strict();

/** What the 安委办 adds to a draft: a foreword (前言) and remarks (工作要求). */
export const BulletinTexts = {
  foreword: z.string().trim().min(1).max(2000).optional(),
  remarks: z.string().trim().min(1).max(2000).optional(),
};

/**
 * 发文字号 such as 隆安办〔2026〕12号. At most 24 characters, so that the SMS naming the bulletin stays one
 * segment (70 characters).
 */
export const DocumentNo = z.string().trim().min(4).max(24);

export const EditBulletinBody = z.object(BulletinTexts).strict();
export const IssueBulletinBody = z.object({ documentNo: DocumentNo, ...BulletinTexts }).strict();
export const SupersedeBulletinBody = z.object({ reason: z.string().trim().min(2).max(500) }).strict();

/** The stored bulletin: one item per (jurisdiction, period, version). */
export const Bulletin = z
  .object({
    id: z.string().min(1),
    jurisdiction: z.string().regex(/^\d{6}$/),
    jurisdictionName: z.string().min(1),
    level: z.enum(["county", "city", "province"]),
    period: Month,
    version: z.number().int().min(1),
    status: BulletinStatus,
    /** The version this one corrects, and the one that corrected this. */
    supersedes: z.string().optional(),
    supersededBy: z.string().optional(),
    supersedeReason: z.string().optional(),
    /** The child jurisdictions (a city's counties, a province's cities) whose 安委办 receive it. */
    children: z.array(z.string().regex(/^\d{6}$/)),
    draftedAt: Instant,
    /** The sweep whose result the figures are (a re-run sweep re-drafts a draft, never an issued one). */
    sweptAt: Instant,
    figures: Figures,
    document: BulletinDocument,
    foreword: z.string().optional(),
    remarks: z.string().optional(),
    documentNo: z.string().optional(),
    issuedAt: Instant.optional(),
    issuedBy: Actor.optional(),
    files: z.object({ pdf: StoredFile, xlsx: StoredFile }).strict(),
    /** Milliseconds the renders took (the simulator prints them). */
    renderMs: z.object({ pdf: z.number().min(0), xlsx: z.number().min(0) }).strict(),
    timeline: z.array(
      z.object({ at: Instant, what: z.string(), actor: Actor.optional(), details: z.string().optional() }),
    ),
    rev: z.number().int().min(1),
  })
  .strict();
export type Bulletin = z.infer<typeof Bulletin>;

/** Deterministic: the same jurisdiction, month and version is always the same bulletin. */
export function bulletinId(jurisdiction: string, period: string, version: number): string {
  return `${jurisdiction}-${period}-v${version}`;
}

export function periodText(period: string): string {
  const [y, m] = period.split("-");
  return `${y}年${Number(m)}月`;
}

export function dateText(instant: Date): string {
  const [y, m, d] = shanghaiDateOf(instant).split("-");
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** 全县, 全区, 全市, 全州, 全省: how a bulletin speaks of its own jurisdiction. */
function scopeWord(name: string): string {
  return `全${name.slice(-1)}`;
}

export function issuerOf(name: string): string {
  return `${name}安全生产委员会办公室`;
}

/** The short form an SMS names the issuer by (隆阳区安委办). */
export function issuerShort(name: string): string {
  return `${name}安委办`;
}

export function bulletinTitle(name: string, period: string): string {
  return `关于${periodText(period)}${name}安全生产隐患排查治理情况的通报`;
}

function addresseesOf(level: Bulletin["level"], name: string): string {
  if (level === "county") return `${name}安委会各成员单位，各乡镇（街道）安委办：`;
  if (level === "city") return `各县（市、区）安委办，${name}安委会各成员单位：`;
  return `各市（州）安委办，${name}安委会各成员单位：`;
}

/** A named list as the bulletin prints it: the first `namedRows` entries and how many there are. */
export type NamedList<L extends SweepListName> = { entries: SweepListEntry<L>[]; total: number };
export type NamedLists = { [L in SweepListName]: NamedList<L> };

export type DraftInput = {
  result: SweepResult;
  previous?: SweepResult;
  lists: NamedLists;
  /** Missed periods in a row that put an enterprise under 跟踪督查. */
  trackAfterMissed: number;
  /** The drafting date, or the issue date once issued. */
  date: Date;
  documentNo?: string;
  foreword?: string;
  remarks?: string;
};

/** A row of a ranking: a child jurisdiction (city, province bulletin) or a department (county bulletin). */
type Part = { name: string; figures: DepartmentFigures };

export function partsOf(result: SweepResult): Part[] {
  if (result.level === "county")
    return result.departments.map((d) => ({ name: d.department, figures: d.figures }));
  return result.children.map((c) => ({ name: c.name, figures: c.figures }));
}

const LISTING_LEVEL = { county: "县级", city: "市级", province: "省级" } as const;
const ACCIDENT_LEVEL = {
  general: "一般",
  larger: "较大",
  major: "重大",
  especially_major: "特别重大",
} as const;
const ACCIDENT_STATE = {
  investigation_overdue: "调查报告逾期",
  evaluation_in_window: "整改评估期内",
  evaluation_overdue: "整改评估逾期",
  evaluation_done: "本月完成评估",
} as const;

function filingRow(r: Ranked<Part>) {
  const f = r.item.figures.filing;
  return [r.rank, r.item.name, f.active, f.onTime, f.late, f.missing, f.filingRate, f.onTimeRate];
}

function hazardRow(r: Ranked<Part>) {
  const { general: g, major: m } = r.item.figures.hazards;
  const sum = (x: { county: number; city: number; province: number }) => x.county + x.city + x.province;
  return [
    r.rank,
    r.item.name,
    g.found,
    g.rectifiedOfFound,
    g.rectificationRate,
    m.found,
    m.delisted,
    m.rectificationRate,
    sum(m.listed),
    sum(m.listedAtEnd),
    m.overdueAtEnd,
  ];
}

/** "共 N 家，以下列出前 M 家" when a list is longer than the bulletin prints. */
function shownNote(list: NamedList<SweepListName>, unit: string): string {
  return list.total > list.entries.length
    ? `共${list.total}${unit}，以下列出前${list.entries.length}${unit}，完整名单可在系统中导出。`
    : "";
}

function pointsChange(cur: Rate, prev: Rate): string | undefined {
  if (cur === null || prev === null) return undefined;
  const diff = Math.round((cur - prev) * 1000) / 10;
  if (diff === 0) return `持平（${formatRate(cur)}）`;
  return `${diff > 0 ? "上升" : "下降"}${Math.abs(diff).toFixed(1)}个百分点（${formatRate(prev)}→${formatRate(cur)}）`;
}

function countChange(cur: number, prev: number, unit: string): string {
  if (cur === prev) return `持平（${cur}${unit}）`;
  return `由${prev}${unit}${cur > prev ? "增加" : "减少"}到${cur}${unit}`;
}

/** The short generated paragraph on what changed since the previous month (环比). */
export function changeParagraph(result: SweepResult, previous: SweepResult | undefined): string {
  if (!previous) return `${periodText(result.period)}之前没有巡查数据，本期不作环比。`;
  const cur = result.figures;
  const prev = previous.figures;
  const parts: string[] = [];
  const filing = pointsChange(cur.filing.filingRate, prev.filing.filingRate);
  parts.push(filing ? `月报报送率${filing}` : "月报报送率无可比数据");
  const rectification = pointsChange(
    cur.hazards.general.rectificationRate,
    prev.hazards.general.rectificationRate,
  );
  parts.push(rectification ? `一般隐患整改率${rectification}` : "一般隐患整改率无可比数据");
  parts.push(`未报送企业${countChange(cur.filing.missing, prev.filing.missing, "家")}`);
  parts.push(
    `逾期未销号重大隐患${countChange(cur.hazards.major.overdueAtEnd, prev.hazards.major.overdueAtEnd, "项")}`,
  );
  let text = `与${periodText(previous.period)}相比，${parts.join("；")}。`;
  // Who moved most: the child (or department) whose filing rate rose or fell the most.
  const before = new Map(partsOf(previous).map((p) => [p.name, p.figures.filing.filingRate]));
  const moves = partsOf(result)
    .map((p) => {
      const was = before.get(p.name);
      const now = p.figures.filing.filingRate;
      return was === undefined || was === null || now === null
        ? undefined
        : { name: p.name, diff: Math.round((now - was) * 1000) / 10 };
    })
    .filter((m): m is { name: string; diff: number } => !!m && m.diff !== 0)
    .sort((a, b) => b.diff - a.diff);
  const best = moves[0];
  const worst = moves.at(-1);
  if (best && best.diff > 0) text += `报送率提升最多的是${best.name}（${best.diff.toFixed(1)}个百分点）`;
  if (worst && worst.diff < 0)
    text += `${best && best.diff > 0 ? "，" : ""}下降最多的是${worst.name}（${Math.abs(worst.diff).toFixed(1)}个百分点）`;
  if ((best && best.diff > 0) || (worst && worst.diff < 0)) text += "。";
  return text;
}

/** The whole bulletin as it is printed: headings, paragraphs and tables (both renders draw from it). */
export function draftDocument(input: DraftInput): BulletinDocument {
  const { result, lists } = input;
  const f = result.figures;
  const g = f.hazards.general;
  const m = f.hazards.major;
  const a = f.accidents;
  const scope = scopeWord(result.name);
  const period = periodText(result.period);
  const county = result.level === "county";
  const partHeader = county ? "监管部门" : "地区";
  const parts = partsOf(result);
  const sum = (x: { county: number; city: number; province: number }) => x.county + x.city + x.province;
  const name = (code: string) => jurisdictionName(code);

  const filing: BulletinTable = {
    key: "filing",
    title: county ? "各部门月报报送情况排名" : "各地区月报报送情况排名",
    columns: [
      { header: "排名", kind: "rank", width: 1 },
      { header: partHeader, kind: "text", width: 2.6 },
      { header: "应报", kind: "count", width: 1.2 },
      { header: "按时", kind: "count", width: 1.2 },
      { header: "逾期", kind: "count", width: 1.2 },
      { header: "未报", kind: "count", width: 1.2 },
      { header: "报送率", kind: "rate", width: 1.6 },
      { header: "按时率", kind: "rate", width: 1.6 },
    ],
    rows: rank(parts, (p) => p.figures.filing.filingRate).map(filingRow),
    total: filingRow({ item: { name: "合计", figures: f }, rank: null }).map((c, i) => (i === 0 ? "" : c)),
    emptyText: "本期无应报企业。",
  };
  const hazards: BulletinTable = {
    key: "hazards",
    title: county ? "各部门隐患排查治理情况" : "各地区隐患排查治理情况",
    columns: [
      { header: "排名", kind: "rank", width: 1 },
      { header: partHeader, kind: "text", width: 2.4 },
      { header: "一般隐患", kind: "count", width: 1.2 },
      { header: "已整改", kind: "count", width: 1.2 },
      { header: "整改率", kind: "rate", width: 1.5 },
      { header: "重大隐患", kind: "count", width: 1.2 },
      { header: "销号", kind: "count", width: 1.1 },
      { header: "重大整改率", kind: "rate", width: 1.5 },
      { header: "本月挂牌", kind: "count", width: 1.2 },
      { header: "挂牌在办", kind: "count", width: 1.2 },
      { header: "逾期未销号", kind: "count", width: 1.3 },
    ],
    rows: rank(parts, (p) => p.figures.hazards.general.rectificationRate).map(hazardRow),
    total: hazardRow({ item: { name: "合计", figures: f }, rank: null }).map((c, i) => (i === 0 ? "" : c)),
    emptyText: "本期无隐患数据。",
  };
  const overdue: BulletinTable = {
    key: "overdue",
    title: "逾期未销号重大隐患",
    columns: [
      { header: "企业", kind: "text", width: 3 },
      { header: "所属地区", kind: "text", width: 1.5 },
      { header: "隐患", kind: "text", width: 3 },
      { header: "整改期限", kind: "date", width: 1.8 },
      { header: "逾期天数", kind: "count", width: 1.2 },
      { header: "挂牌级别", kind: "text", width: 1.2 },
    ],
    rows: [...lists.overdueMajorHazards.entries]
      .sort((x, y) => y.daysOverdue - x.daysOverdue)
      .map((e) => [
        e.enterpriseName,
        name(e.countyCode),
        e.title,
        e.deadline,
        e.daysOverdue,
        LISTING_LEVEL[e.listingLevel],
      ]),
    emptyText: "本期无逾期未销号重大隐患。",
  };
  const enterpriseColumns = [
    { header: "企业名称", kind: "text", width: 3.4 },
    { header: "统一社会信用代码", kind: "text", width: 2.8 },
    { header: "所属地区", kind: "text", width: 1.5 },
    { header: "监管部门", kind: "text", width: 2 },
    { header: "连续未报月数", kind: "count", width: 1.4 },
  ] as const;
  const streakRow = (e: SweepListEntry<"missing">) => [
    e.enterpriseName,
    e.creditCode,
    name(e.countyCode),
    e.department,
    e.missedStreak,
  ];
  const tracked: BulletinTable = {
    key: "tracked",
    title: "跟踪督查企业",
    columns: [...enterpriseColumns],
    rows: lists.tracked.entries.map(streakRow),
    emptyText: "本期无跟踪督查企业。",
  };
  const missing: BulletinTable = {
    key: "missing",
    title: "本月未报送月报企业",
    columns: [...enterpriseColumns],
    rows: lists.missing.entries.map(streakRow),
    emptyText: "本期所有企业均已报送。",
  };
  const quality = new Map<string, SweepListEntry<"zeroHazardReports">>();
  for (const e of [...lists.zeroInspectionReports.entries, ...lists.zeroHazardReports.entries])
    if (!quality.has(e.creditCode)) quality.set(e.creditCode, e);
  const qualityTable: BulletinTable = {
    key: "quality",
    title: "零隐患、零自查月报",
    columns: [
      { header: "企业名称", kind: "text", width: 3.4 },
      { header: "所属地区", kind: "text", width: 1.5 },
      { header: "监管部门", kind: "text", width: 2 },
      { header: "自查次数", kind: "count", width: 1.2 },
      { header: "发现隐患", kind: "count", width: 1.2 },
    ],
    rows: [...quality.values()].map((e) => [
      e.enterpriseName,
      name(e.countyCode),
      e.department,
      e.selfInspections,
      e.hazardsFound,
    ]),
    emptyText: "本期无零隐患、零自查月报。",
  };
  const accidents: BulletinTable = {
    key: "accidents",
    title: "事故调查和整改评估",
    columns: [
      { header: "事故概况", kind: "text", width: 4 },
      { header: "发生日期", kind: "date", width: 1.8 },
      { header: "级别", kind: "text", width: 1 },
      { header: "状态", kind: "text", width: 1.8 },
      { header: "期限", kind: "date", width: 1.8 },
      { header: "逾期天数", kind: "count", width: 1.2 },
    ],
    rows: lists.accidents.entries.map((e) => [
      e.summary.slice(0, 200),
      shanghaiDateOf(new Date(e.occurredAt)),
      ACCIDENT_LEVEL[e.level],
      ACCIDENT_STATE[e.state],
      shanghaiDateOf(new Date(e.dueAt)),
      e.daysOverdue,
    ]),
    emptyText: "本期无到期或逾期的事故调查、整改评估。",
  };

  const overview =
    `${period}，${scope}应报送安全生产自查月报企业${f.filing.active}家，按时报送${f.filing.onTime}家，` +
    `逾期报送${f.filing.late}家，未报送${f.filing.missing}家，报送率${formatRate(f.filing.filingRate)}，` +
    `按时报送率${formatRate(f.filing.onTimeRate)}。排查发现一般隐患${g.found}项，当月整改${g.rectifiedOfFound}项，` +
    `整改率${formatRate(g.rectificationRate)}；发现重大隐患${m.found}项，销号${m.delisted}项。` +
    `月末挂牌督办在办重大隐患${sum(m.listedAtEnd)}项，其中逾期未销号${m.overdueAtEnd}项。`;
  const sections = [
    { heading: "一、总体情况", paragraphs: [overview], tables: [] },
    {
      heading: "二、月报报送情况",
      paragraphs: [
        `按报送率由高到低排名（报送率相同的并列，无应报企业的不排名）。${scope}报送率${formatRate(f.filing.filingRate)}。`,
      ],
      tables: ["filing"],
    },
    {
      heading: "三、隐患排查治理情况",
      paragraphs: [
        `本月发现一般隐患${g.found}项、整改${g.rectifiedOfFound}项，整改率${formatRate(g.rectificationRate)}；` +
          `本月整改（含以前月份发现的）${g.rectified}项，其中按期整改${g.rectifiedOnTime}项；月末逾期未整改一般隐患${g.overdueAtEnd}项。` +
          `按一般隐患整改率排名。`,
      ],
      tables: ["hazards"],
    },
    {
      heading: "四、重大隐患挂牌督办情况",
      paragraphs: [
        `本月新挂牌督办重大隐患${sum(m.listed)}项（省级${m.listed.province}项、市级${m.listed.city}项、县级${m.listed.county}项），` +
          `销号${m.delisted}项；月末挂牌在办${sum(m.listedAtEnd)}项，逾期未销号${m.overdueAtEnd}项` +
          `${m.overdueAtEnd > 0 ? "，点名如下。" : "。"}${shownNote(lists.overdueMajorHazards, "项")}`,
      ],
      tables: ["overdue"],
    },
    {
      heading: "五、跟踪督查和未报送企业",
      paragraphs: [
        `连续${input.trackAfterMissed}个月及以上未报送、列入跟踪督查的企业${lists.tracked.total}家；` +
          `本月未报送月报企业${lists.missing.total}家。${shownNote(lists.tracked, "家")}${shownNote(lists.missing, "家")}`,
      ],
      tables: ["tracked", "missing"],
    },
    {
      heading: "六、自查质量",
      paragraphs: [
        `本月报送的月报中，未发现任何隐患的（零隐患）${f.filing.zeroHazardReports}份，自查次数为零的${f.filing.zeroInspectionReports}份。` +
          `请有关部门核查自查自报是否流于形式。`,
      ],
      tables: ["quality"],
    },
    {
      heading: "七、事故调查和整改评估",
      paragraphs: [
        `月末调查报告尚未批复的事故${a.investigating}起，其中调查逾期${a.investigationOverdue}起；` +
          `整改评估在期限内待完成${a.evaluationsInWindow}起，逾期未评估${a.evaluationsOverdue}起，本月完成评估${a.evaluationsDone}起。`,
      ],
      tables: ["accidents"],
    },
    { heading: "八、与上月相比", paragraphs: [changeParagraph(result, input.previous)], tables: [] },
  ];
  return BulletinDocument.parse({
    issuer: issuerOf(result.name),
    ...(input.documentNo ? { documentNo: input.documentNo } : {}),
    title: bulletinTitle(result.name, result.period),
    addressees: addresseesOf(result.level, result.name),
    ...(input.foreword ? { foreword: input.foreword } : {}),
    sections,
    ...(input.remarks ? { remarks: input.remarks } : {}),
    tables: [filing, hazards, overdue, tracked, missing, qualityTable, accidents],
    dateText: dateText(input.date),
    copyTo: `${result.name}委办公室，${result.name}人民政府办公室`,
    draft: !input.documentNo,
  });
}
