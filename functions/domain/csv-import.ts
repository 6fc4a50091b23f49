import { CsvError, parse } from "csv-parse/sync";
import type { z } from "zod";
import {
  type Enterprise,
  EnterpriseSchema,
  type Official,
  OfficialSchema,
  officialId,
  parseIndustry,
  parseOfficialRole,
} from "./catalogue";
import { decodeCsv } from "./csv-decode";
import { departmentKey, splitDepartments } from "./department";
import { InvalidInput } from "./errors";
import { jurisdictionName } from "./jurisdiction";
import { type MessageCode, message, said } from "./messages";

/**
 * Catalogue import from CSV, as county staff export it from Excel ("CSV UTF-8", which starts with a BOM).
 * One bad row must not block the others, so row problems are collected per line; only a file whose
 * columns cannot be trusted (missing, unknown or repeated headers) or that is not CSV at all is refused.
 */

export type LineNote = { line: number; reason: string };

/** What a file gives: the rows to import, the lines refused with why, and the rows imported with a warning. */
export type ImportParse<T> = {
  rows: { line: number; value: T }[];
  rejected: LineNote[];
  warnings: LineNote[];
};

/** What the catalogue already knows that a row is checked against. */
export type EnterpriseImportContext = {
  /** The departments the officials of a county belong to (any spelling; matched by `departmentKey`). */
  departmentsOf?: (countyCode: string) => readonly string[];
  /** A division's name for people, e.g. 530502 → 隆阳区. */
  nameOf?: (code: string) => string;
};

/** The optional trailing `status` column defaults to active when absent or empty. */
export const ENTERPRISE_CSV_COLUMNS = [
  "credit_code",
  "name",
  "county_code",
  "industry",
  "legal_rep_name",
  "legal_rep_mobile",
  "safety_manager_name",
  "safety_manager_mobile",
  "safety_manager_email",
  "info_officer_name",
  "info_officer_mobile",
  "info_officer_email",
  "supervising_department",
  "status",
] as const;
export type EnterpriseCsvColumn = (typeof ENTERPRISE_CSV_COLUMNS)[number];

/** Columns that may be left out; an empty cell of one is "not given" (no e-mail, status active). */
const ENTERPRISE_OPTIONAL_COLUMNS: readonly string[] = [
  "status",
  "safety_manager_email",
  "info_officer_email",
];

export const OFFICIAL_CSV_COLUMNS = [
  "name",
  "role",
  "jurisdiction_code",
  "department",
  "mobile",
  "email",
] as const;
export type OfficialCsvColumn = (typeof OFFICIAL_CSV_COLUMNS)[number];

/** Where each column lands in the schema, so that schema issues can be reported by column name. */
const ENTERPRISE_PATHS: Record<EnterpriseCsvColumn, readonly string[]> = {
  credit_code: ["creditCode"],
  name: ["name"],
  county_code: ["countyCode"],
  industry: ["industry"],
  legal_rep_name: ["legalRep", "name"],
  legal_rep_mobile: ["legalRep", "mobile"],
  safety_manager_name: ["safetyManager", "name"],
  safety_manager_mobile: ["safetyManager", "mobile"],
  safety_manager_email: ["safetyManager", "email"],
  info_officer_name: ["infoOfficer", "name"],
  info_officer_mobile: ["infoOfficer", "mobile"],
  info_officer_email: ["infoOfficer", "email"],
  supervising_department: ["supervisingDepartment"],
  status: ["status"],
};

const OFFICIAL_PATHS: Record<OfficialCsvColumn, readonly string[]> = {
  name: ["name"],
  role: ["role"],
  jurisdiction_code: ["jurisdictionCode"],
  department: ["department"],
  mobile: ["mobile"],
  email: ["email"],
};

type CsvRecord = { line: number; fields: string[] };

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * Physical line numbers of byte offsets. csv-parse's own `info.lines` counts a CRLF inside a quoted field
 * as two lines (csv-parse 7.0.3), so lines are counted here from the byte offsets it reports instead.
 */
class LineIndex {
  private readonly breaks: number[] = [];
  constructor(private readonly bytes: Uint8Array) {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === LF || (b === CR && bytes[i + 1] !== LF)) this.breaks.push(i);
    }
  }

  /** The line on which the first non-blank byte at or after `offset` stands (blank lines are skipped). */
  lineOfRecordStartingAt(offset: number): number {
    let start = offset;
    while (start < this.bytes.length) {
      const b = this.bytes[start];
      if (b !== LF && b !== CR && b !== SPACE && b !== TAB) break;
      start++;
    }
    let low = 0;
    let high = this.breaks.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.breaks[mid] ?? 0) < start) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  }
}

const CSV_ERROR_MESSAGES: Record<string, MessageCode> = {
  CSV_QUOTE_NOT_CLOSED: "csv.quote_not_closed",
  CSV_INVALID_CLOSING_QUOTE: "csv.closing_quote",
  INVALID_OPENING_QUOTE: "csv.opening_quote",
};

function readRecords(text: string): CsvRecord[] {
  const bytes = new TextEncoder().encode(text);
  const lines = new LineIndex(bytes);
  const records: CsvRecord[] = [];
  let previousEnd = 0;
  try {
    parse(bytes, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      on_record: (fields: string[], context) => {
        records.push({ line: lines.lineOfRecordStartingAt(previousEnd), fields });
        previousEnd = context.bytes;
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = lines.lineOfRecordStartingAt(previousEnd);
    const problem = message((CSV_ERROR_MESSAGES[error.code] ?? "csv.not_csv") as "csv.not_csv");
    throw new InvalidInput(said("csv.malformed", { line, problem }), [
      { path: `line ${line}`, message: problem },
    ]);
  }
  return records;
}

/**
 * The key a header cell is matched by: case, spaces, underscores and a bracketed note ("手机（必填）") do not
 * matter, so that both the English column names and the Chinese ones officials type are recognised.
 */
function headerKey(raw: string): string {
  return raw
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[(（][^)）]*[)）]/g, "")
    .replace(/[\s_\-*]/g, "");
}

/** Header cells in English or Chinese, in any order; the file's own spelling is kept for its line errors. */
function readHeader<C extends string>(
  header: CsvRecord,
  plan: { columns: readonly C[]; optional: readonly string[]; labels: Record<C, readonly string[]> },
): { indexOf: Map<C, number>; labelOf: Map<C, string> } {
  const byKey = new Map<string, C>();
  for (const column of plan.columns) {
    byKey.set(headerKey(column), column);
    for (const label of plan.labels[column]) byKey.set(headerKey(label), column);
  }
  const indexOf = new Map<C, number>();
  const labelOf = new Map<C, string>();
  const unknown: string[] = [];
  const repeated: string[] = [];
  header.fields.forEach((raw, index) => {
    const column = byKey.get(headerKey(raw));
    if (column === undefined)
      unknown.push(raw === "" ? message("csv.empty_column_name", { index: index + 1 }) : raw);
    else if (indexOf.has(column)) repeated.push(raw);
    else {
      indexOf.set(column, index);
      labelOf.set(column, raw);
    }
  });
  const missing = plan.columns.filter((c) => !indexOf.has(c) && !plan.optional.includes(c));
  const missingNames = missing.map((c) => plan.labels[c][0] ?? c);
  const problems: { path: string; message: string }[] = [
    ...missing.map((c) => ({ path: c, message: message("csv.missing_column") })),
    ...unknown.map((name) => ({ path: name, message: message("csv.unknown_column") })),
    ...repeated.map((name) => ({ path: name, message: message("csv.repeated_column") })),
  ];
  if (problems.length > 0) {
    const parts = [
      missing.length > 0 ? message("csv.missing_columns", { columns: missingNames }) : undefined,
      // An unknown column is usually a misspelt one whose data would otherwise be silently dropped.
      unknown.length > 0 ? message("csv.unknown_columns", { columns: unknown }) : undefined,
      repeated.length > 0 ? message("csv.repeated_columns", { columns: repeated }) : undefined,
    ].filter((part) => part !== undefined);
    const expected = plan.columns.map((c) => `${plan.labels[c][0] ?? c}（${c}）`).join("、");
    throw new InvalidInput(
      said("csv.header", { line: header.line, problems: parts.join("；"), expected }),
      problems,
    );
  }
  return { indexOf, labelOf };
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path.at(-1);
  if (last !== undefined) node[last] = value;
}

type RowPlan<C extends string, T> = {
  columns: readonly C[];
  /** The Chinese header names of each column, the first one the name shown to people. */
  labels: Record<C, readonly string[]>;
  optional: readonly string[];
  paths: Record<C, readonly string[]>;
  schema: z.ZodType<T>;
  /** Per-column rewriting before validation, e.g. Chinese industry names to keys. */
  normalise: (column: C, value: string) => unknown;
  /** The key under which two rows of one file are the same subject, with the column to blame. */
  identity: (value: T) => { column: C; key: string };
};

function importCsv<C extends string, T>(input: string | Uint8Array, plan: RowPlan<C, T>): ImportParse<T> {
  return importCsvLabelled(input, plan).parsed;
}

/** The parse, and the file's own spelling of each column's header, for line notes added afterwards. */
function importCsvLabelled<C extends string, T>(
  input: string | Uint8Array,
  plan: RowPlan<C, T>,
): { parsed: ImportParse<T>; labelOf: Map<C, string> } {
  const text = typeof input === "string" ? input : decodeCsv(input).text;
  const [header, ...records] = readRecords(text);
  const result: ImportParse<T> = { rows: [], rejected: [], warnings: [] };
  if (header === undefined) return { parsed: result, labelOf: new Map() };
  const { indexOf, labelOf } = readHeader(header, plan);

  const firstLineOf = new Map<string, number>();
  for (const record of records) {
    if (record.fields.length !== header.fields.length) {
      result.rejected.push({
        line: record.line,
        reason: message("csv.field_count", { count: record.fields.length, header: header.fields.length }),
      });
      continue;
    }
    const candidate: Record<string, unknown> = {};
    for (const column of plan.columns) {
      const index = indexOf.get(column);
      const raw = index === undefined ? undefined : record.fields[index];
      // An empty optional cell means "not given", so that the schema's default applies.
      if (raw === undefined || (raw === "" && plan.optional.includes(column))) continue;
      setPath(candidate, plan.paths[column], plan.normalise(column, raw));
    }

    const parsed = plan.schema.safeParse(candidate);
    const problems = new Map<C, string[]>();
    const blame = (column: C, message: string) =>
      problems.set(column, [...(problems.get(column) ?? []), message]);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.join(".");
        const column = plan.columns.find((c) => plan.paths[c].join(".") === path) ?? plan.columns[0];
        if (column !== undefined) blame(column, issue.message);
      }
    }
    // Only a row that stands on its own claims its subject: a row rejected for its own faults must not
    // make the corrected row further down a "duplicate".
    if (parsed.success) {
      const identity = plan.identity(parsed.data);
      const first = firstLineOf.get(identity.key);
      if (first !== undefined) blame(identity.column, message("csv.duplicate_of_line", { line: first }));
      else firstLineOf.set(identity.key, record.line);
    }

    if (parsed.success && problems.size === 0) {
      result.rows.push({ line: record.line, value: parsed.data });
    } else {
      const reason = plan.columns
        .filter((column) => problems.has(column))
        .map((column) =>
          message("csv.line_problem", {
            column: labelOf.get(column) ?? column,
            problems: problems.get(column) ?? [],
          }),
        )
        .join("；");
      result.rejected.push({ line: record.line, reason });
    }
  }
  return { parsed: result, labelOf };
}

/** Chinese header names as county catalogues write them; the first is the one duban shows. */
export const ENTERPRISE_CSV_LABELS: Record<EnterpriseCsvColumn, readonly string[]> = {
  credit_code: ["统一社会信用代码", "信用代码", "社会信用代码"],
  name: ["企业名称", "单位名称", "生产经营单位名称"],
  county_code: ["所在区县代码", "区县代码", "行政区划代码"],
  industry: ["行业", "行业类别", "所属行业"],
  legal_rep_name: ["法定代表人", "法定代表人姓名", "法人代表"],
  legal_rep_mobile: ["法定代表人手机", "法定代表人手机号", "法定代表人电话", "法人代表手机"],
  safety_manager_name: ["安全管理人员", "安全管理人员姓名", "安全负责人"],
  safety_manager_mobile: ["安全管理人员手机", "安全管理人员手机号", "安全管理人员电话", "安全负责人手机"],
  safety_manager_email: ["安全管理人员邮箱", "安全管理人员电子邮箱", "安全负责人邮箱"],
  info_officer_name: ["信息员", "信息员姓名"],
  info_officer_mobile: ["信息员手机", "信息员手机号", "信息员电话"],
  info_officer_email: ["信息员邮箱", "信息员电子邮箱"],
  supervising_department: ["监管部门", "行业监管部门", "负有安全生产监督管理职责的部门", "主管部门"],
  status: ["状态", "经营状态"],
};

export const OFFICIAL_CSV_LABELS: Record<OfficialCsvColumn, readonly string[]> = {
  name: ["姓名"],
  role: ["角色", "身份"],
  jurisdiction_code: ["辖区代码", "行政区划代码", "区划代码"],
  department: ["部门", "所属部门", "单位"],
  mobile: ["手机", "手机号", "手机号码"],
  email: ["邮箱", "电子邮箱"],
};

const ENTERPRISE_PLAN: RowPlan<EnterpriseCsvColumn, Enterprise> = {
  columns: ENTERPRISE_CSV_COLUMNS,
  labels: ENTERPRISE_CSV_LABELS,
  optional: ENTERPRISE_OPTIONAL_COLUMNS,
  paths: ENTERPRISE_PATHS,
  schema: EnterpriseSchema,
  normalise: (column, value) => (column === "industry" ? (parseIndustry(value) ?? value) : value),
  identity: (enterprise) => ({ column: "credit_code", key: enterprise.creditCode }),
};

const OFFICIAL_PLAN: RowPlan<OfficialCsvColumn, Official> = {
  columns: OFFICIAL_CSV_COLUMNS,
  labels: OFFICIAL_CSV_LABELS,
  optional: ["email"],
  paths: OFFICIAL_PATHS,
  schema: OfficialSchema,
  normalise: (column, value) => (column === "role" ? (parseOfficialRole(value) ?? value) : value),
  identity: (official) => ({ column: "name", key: officialId(official) }),
};

/** The departments of an enterprise that no official of its county belongs to. */
function unknownDepartments(enterprise: Enterprise, known: readonly string[]): string[] {
  const keys = new Set(known.map(departmentKey));
  return splitDepartments(enterprise.supervisingDepartment).filter((d) => !keys.has(departmentKey(d)));
}

/**
 * Rows are validated with `EnterpriseSchema`; `industry` may be the key or the Chinese name; headers may be
 * English or Chinese in any order; bytes are decoded as UTF-8 or GBK/GB18030 (`decodeCsv`). A credit code
 * repeated in the file rejects the later rows ("the first wins"); only a row valid on its own claims its
 * code. A supervising department that no official of the county belongs to imports the row with a warning:
 * its enterprises would otherwise silently reach no inspector.
 */
export function parseEnterpriseCsv(
  input: string | Uint8Array,
  context: EnterpriseImportContext = {},
): ImportParse<Enterprise> {
  const { parsed, labelOf } = importCsvLabelled(input, ENTERPRISE_PLAN);
  return withDepartmentWarnings(parsed, labelOf, context);
}

/**
 * The same, parsing the file once when the departments are known only after the parse has found the
 * file's counties: `contextFor` loads them for those counties.
 */
export async function parseEnterpriseCsvFor(
  input: string | Uint8Array,
  contextFor: (counties: string[]) => Promise<EnterpriseImportContext>,
): Promise<ImportParse<Enterprise>> {
  const { parsed, labelOf } = importCsvLabelled(input, ENTERPRISE_PLAN);
  const counties = [...new Set(parsed.rows.map((r) => r.value.countyCode))];
  return withDepartmentWarnings(parsed, labelOf, await contextFor(counties));
}

/** Adds the warnings of rows whose supervising department no official of their county belongs to. */
function withDepartmentWarnings(
  parsed: ImportParse<Enterprise>,
  labelOf: Map<EnterpriseCsvColumn, string>,
  context: EnterpriseImportContext,
): ImportParse<Enterprise> {
  const { departmentsOf, nameOf = jurisdictionName } = context;
  if (!departmentsOf) return parsed;
  const column = labelOf.get("supervising_department") ?? "supervising_department";
  const warnings = parsed.rows.flatMap(({ line, value }) =>
    unknownDepartments(value, departmentsOf(value.countyCode)).map((department) => ({
      line,
      reason: message("csv.line_problem", {
        column,
        problems: [message("csv.department_unknown", { department, county: nameOf(value.countyCode) })],
      }),
    })),
  );
  return { ...parsed, warnings: [...parsed.warnings, ...warnings].sort((a, b) => a.line - b.line) };
}

/**
 * Rows are validated with `OfficialSchema`; `role` may be the key or the Chinese name. The same official
 * (jurisdiction, role, department and name, see `officialId`) twice in the file rejects the later rows; a
 * row of an official already in the catalogue updates it (a new mobile number keeps the same official).
 */
export function parseOfficialCsv(input: string | Uint8Array): ImportParse<Official> {
  return importCsv(input, OFFICIAL_PLAN);
}

/** RFC 4180: quote a field holding a delimiter, quote or line break; double the quotes inside. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

function csvText(header: readonly string[], rows: readonly (readonly string[])[]): string {
  // CRLF as RFC 4180 and Excel write it; a leading BOM, if Excel should open the file, is the caller's.
  return [header, ...rows]
    .map((fields) => fields.map(csvField).join(","))
    .join("\r\n")
    .concat("\r\n");
}

/** The fields of one enterprise in `ENTERPRISE_CSV_COLUMNS` order (industry as its key). */
export function enterpriseToCsvRow(enterprise: Enterprise): string[] {
  return [
    enterprise.creditCode,
    enterprise.name,
    enterprise.countyCode,
    enterprise.industry,
    enterprise.legalRep.name,
    enterprise.legalRep.mobile,
    enterprise.safetyManager.name,
    enterprise.safetyManager.mobile,
    enterprise.safetyManager.email ?? "",
    enterprise.infoOfficer.name,
    enterprise.infoOfficer.mobile,
    enterprise.infoOfficer.email ?? "",
    enterprise.supervisingDepartment,
    enterprise.status,
  ];
}

export function toEnterpriseCsv(enterprises: readonly Enterprise[]): string {
  return csvText(ENTERPRISE_CSV_COLUMNS, enterprises.map(enterpriseToCsvRow));
}

/** The fields of one official in `OFFICIAL_CSV_COLUMNS` order. */
export function officialToCsvRow(official: Official): string[] {
  return [
    official.name,
    official.role,
    official.jurisdictionCode,
    official.department,
    official.mobile,
    official.email ?? "",
  ];
}

export function toOfficialCsv(officials: readonly Official[]): string {
  return csvText(OFFICIAL_CSV_COLUMNS, officials.map(officialToCsvRow));
}
