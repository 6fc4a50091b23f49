import type { Enterprise } from "./catalogue";
import { isWithin, jurisdictionName } from "./jurisdiction";
import { message } from "./messages";
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
      reason: message("import.row_outside", {
        county: `${jurisdictionName(row.countyCode)}（${row.countyCode}）`,
        jurisdiction: jurisdictionName(principal.jurisdiction),
      }),
    };
  }
  if (!before) return { ok: true };
  if (!isWithin(before.countyCode, principal.jurisdiction)) {
    // Says no more than that the row cannot be written: not which county holds the enterprise.
    return {
      ok: false,
      reason: message("import.row_not_yours", { jurisdiction: jurisdictionName(principal.jurisdiction) }),
    };
  }
  if (before.countyCode !== row.countyCode) {
    return {
      ok: false,
      reason: message("import.row_moves_county", {
        current: jurisdictionName(before.countyCode),
        creditCode: row.creditCode,
      }),
    };
  }
  if (before.status !== row.status) {
    return {
      ok: false,
      reason: message("import.row_changes_status", {
        current: STATUS_NAMES[before.status],
        closing: row.status === "closed",
        creditCode: row.creditCode,
      }),
    };
  }
  return { ok: true };
}

export const STATUS_NAMES: Record<Enterprise["status"], string> = { active: "在监管", closed: "已关闭" };
