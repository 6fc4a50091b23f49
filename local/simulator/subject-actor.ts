import { toShanghaiIso } from "../../functions/domain/calendar";
import { provinceOf } from "../../functions/domain/jurisdiction";
import type { SubjectClient } from "./subject-client";
import type { AccidentAction, AccidentPlan, Caller, HazardAction, HazardPlan } from "./subjects";

export type SubjectReceipt = {
  subject: string;
  action: string;
  at: string;
  httpStatus: number;
  error?: string;
};

/**
 * A subject as a GET shows it, with the ladder's bookkeeping (`planVersion`, `firedSteps`) read from the
 * store beside it (the API does not show it); only what the invariants read.
 */
export type SubjectView = {
  id: string;
  status: string;
  planVersion: number;
  firedSteps: string[];
  overdue: boolean;
  upcoming: { step: string; dueAt: string }[];
  timeline: { at: string; what: string }[];
  extensionRequests?: { decision?: { approved: boolean } }[];
  closure?: unknown;
};

export type Sample = {
  subject: string;
  at: string;
  httpStatus: number;
  planVersion?: number;
  status?: string;
  upcoming?: { step: string; dueAt: string }[];
};

const iso = (t: Date) => toShanghaiIso(t);

/** Performs the planned actions of hazards and accident cases and reads them back. */
/** The ladder's bookkeeping of a subject as stored (the API does not show it). */
export type Bookkeeping = (
  kind: "hazard" | "accident",
  id: string,
) => Promise<{ planVersion: number; firedSteps: string[] } | undefined>;

export function createSubjectActor(client: SubjectClient, bookkeeping: Bookkeeping) {
  /** Plan key → the id duban gave the subject. */
  const ids = new Map<string, string>();

  function hazardRequest(h: HazardPlan, a: HazardAction): [string, Record<string, string>, unknown?] {
    const id = ids.get(h.key) ?? "";
    const e = h.enterprise;
    switch (a.kind) {
      case "register":
        return [
          "RegisterHazard",
          { creditCode: e.creditCode },
          {
            level: h.level,
            title: h.title,
            description: `${h.title}：${h.source === "self_inspection" ? "企业自查发现" : "监管部门检查发现"}`,
            location: h.level === "major" ? "生产区" : "作业现场",
            foundAt: iso(h.foundAt),
            source: h.source,
            ...(h.rectifyBy ? { rectifyBy: h.rectifyBy } : {}),
          },
        ];
      case "plan":
        return [
          "PutHazardPlan",
          { id },
          {
            objectives: "消除重大事故隐患",
            measures: "停产整改，加固支护，更换失效设备",
            responsible: { name: e.safetyManager.name, mobile: e.safetyManager.mobile },
            funds: { amountYuan: 500_000, source: "企业自筹" },
            deadline: a.deadline,
            safetyMeasures: "设置警戒区，专人值守",
            contingencyPlan: "专项应急预案",
          },
        ];
      case "list":
        return [
          "PostHazardListing",
          { id },
          { level: a.level, department: a.department, documentNo: a.documentNo },
        ];
      case "progress":
        return [
          "PostHazardProgress",
          { id },
          {
            period: a.period,
            summary: `${a.period}治理进展：按方案推进`,
            percentComplete: a.percent,
            fundsSpentYuan: a.percent * 5000,
          },
        ];
      case "rectify":
        return ["RectifyHazard", { id }, { rectifiedAt: iso(a.at), note: "已整改完毕" }];
      case "requestExtension":
        return ["RequestHazardExtension", { id }, { newDeadline: a.newDeadline, reason: "设备到货延迟" }];
      case "decideExtension":
        return [
          "DecideHazardExtension",
          { id, n: String(a.n) },
          { approved: a.approved, note: a.approved ? "同意延期" : "理由不充分，不予延期" },
        ];
      case "evaluate":
        return [
          "RecordHazardEvaluation",
          { id },
          {
            agency: "云南安科安全评价有限公司",
            agencyLicenseNo: "APJ-(滇)-008",
            conclusion: a.conclusion,
            reportNo: `PJ-${h.key}-${a.at.getTime()}`,
            evaluatedAt: iso(a.at),
          },
        ];
      case "requestAcceptance":
        return ["RequestHazardAcceptance", { id }];
      case "accept":
        return [
          "RecordHazardAcceptance",
          { id },
          {
            result: a.result,
            inspectedAt: iso(a.at),
            note: a.result === "passed" ? "现场复查合格，予以销号" : "复查不合格，限期重新整改",
            ...(a.newDeadline ? { newDeadline: a.newDeadline } : {}),
          },
        ];
    }
  }

  function accidentRequest(s: AccidentPlan, a: AccidentAction): [string, Record<string, string>, unknown?] {
    const id = ids.get(s.key) ?? "";
    switch (a.kind) {
      case "create":
        return [
          "CreateAccident",
          {},
          {
            jurisdiction: s.jurisdiction,
            ...(s.enterprise ? { enterpriseCreditCode: s.enterprise.creditCode } : {}),
            occurredAt: iso(s.occurredAt),
            level: "general",
            deaths: Number(s.key.slice(-1)) % 3 === 0 ? 1 : 0,
            injuries: Number(s.key.slice(-1)) % 4,
            directLossYuan: 100_000 + Number(s.key.slice(-2)) * 1000,
            summary: "作业人员高处坠落",
          },
        ];
      case "extend":
        return ["ExtendAccidentInvestigation", { id }, { days: a.days, approvedBy: "县人民政府" }];
      case "submit":
        return ["SubmitAccidentReport", { id }, { submittedAt: iso(a.at), reportNo: `DC-${s.key}` }];
      case "close":
        return ["CloseAccident", { id }, { closedAt: iso(a.at), reportNo: `DC-${s.key}` }];
      case "evaluate":
        return [
          "RecordAccidentEvaluation",
          { id },
          { completedAt: iso(a.at), reportNo: `PG-${s.key}`, findings: "整改措施已落实" },
        ];
    }
  }

  async function perform(
    s: HazardPlan | AccidentPlan,
    a: HazardAction | AccidentAction,
  ): Promise<SubjectReceipt> {
    const receipt = { subject: s.key, action: a.kind, at: a.at.toISOString() };
    const creates = a.kind === "register" || a.kind === "create";
    if (!creates && !ids.has(s.key)) {
      return { ...receipt, httpStatus: 0, error: "not created (its registration failed)" };
    }
    const [name, params, body] =
      s.kind === "hazard" ? hazardRequest(s, a as HazardAction) : accidentRequest(s, a as AccidentAction);
    const answer = await client.call(name, a.by, params, body);
    if (creates && answer.status < 300 && typeof answer.body.id === "string") ids.set(s.key, answer.body.id);
    const error = answer.body.error as { code?: string; message?: string } | undefined;
    return {
      ...receipt,
      httpStatus: answer.status,
      ...(error ? { error: `${error.code}: ${error.message}` } : {}),
    };
  }

  const reader = (s: HazardPlan | AccidentPlan): Caller => {
    const county = s.kind === "hazard" ? s.enterprise.countyCode : s.jurisdiction;
    const province = provinceOf(county);
    return { sub: `admin:${province}`, role: "admin", jurisdiction: province };
  };

  async function read(s: HazardPlan | AccidentPlan): Promise<{ status: number; view?: SubjectView }> {
    const id = ids.get(s.key);
    if (!id) return { status: 0 };
    const answer = await client.call(s.kind === "hazard" ? "GetHazard" : "GetAccident", reader(s), { id });
    if (answer.status !== 200) return { status: answer.status };
    const stored = await bookkeeping(s.kind, id);
    const view = { ...(answer.body as SubjectView), ...stored };
    return { status: answer.status, view };
  }

  return {
    ids,
    perform,
    read,
    async sample(s: HazardPlan | AccidentPlan, at: Date): Promise<Sample | undefined> {
      if (!ids.has(s.key)) return undefined;
      const { status, view } = await read(s);
      return {
        subject: s.key,
        at: at.toISOString(),
        httpStatus: status,
        ...(view
          ? {
              planVersion: view.planVersion,
              status: view.status,
              upcoming: view.upcoming.map((u) => ({ step: u.step, dueAt: u.dueAt })),
            }
          : {}),
      };
    },
  };
}
export type SubjectActor = ReturnType<typeof createSubjectActor>;
