import type { Enterprise } from "./catalogue";
import { isWithin } from "./jurisdiction";
import type { Principal } from "./principal";

/**
 * Who may write which catalogue row through an import. An import adds enterprises to the caller's
 * jurisdiction and refreshes the profiles of enterprises the caller already supervises; it never moves an
 * enterprise to another county or closes or reopens one: those are explicit operations with a reason,
 * recorded in the enterprise's timeline (`POST /v1/enterprises/{creditCode}/transfer` and `/status`).
 * Without this rule a county could "re-import" a neighbour's enterprise under its own county code and
 * take it over — contacts, reminders and all.
 */
export type RowVerdict = { ok: true } | { ok: false; reason: string };

export function judgeImportRow(
  principal: Principal,
  row: Enterprise,
  before: Enterprise | undefined,
): RowVerdict {
  if (!isWithin(row.countyCode, principal.jurisdiction)) {
    return {
      ok: false,
      reason: `county_code: ${row.countyCode} 不在您的辖区 ${principal.jurisdiction} 内`,
    };
  }
  if (!before) return { ok: true };
  if (!isWithin(before.countyCode, principal.jurisdiction)) {
    // Says no more than that the row cannot be written: not which county holds the enterprise.
    return {
      ok: false,
      reason: `credit_code: 该企业不在您的辖区 ${principal.jurisdiction} 内，不能通过导入修改`,
    };
  }
  if (before.countyCode !== row.countyCode) {
    return {
      ok: false,
      reason: `county_code: 该企业现属 ${before.countyCode}，变更所属县区须由共同上级通过企业迁移办理（POST /v1/enterprises/${row.creditCode}/transfer），导入不能改变`,
    };
  }
  if (before.status !== row.status) {
    return {
      ok: false,
      reason: `status: 该企业现为${STATUS_NAMES[before.status]}，${row.status === "closed" ? "关闭" : "恢复"}企业须通过状态变更并说明原因（POST /v1/enterprises/${row.creditCode}/status），导入不能改变`,
    };
  }
  return { ok: true };
}

export const STATUS_NAMES: Record<Enterprise["status"], string> = { active: "在监管", closed: "已关闭" };
