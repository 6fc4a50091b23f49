import * as z from "zod";
import { CreditCode } from "./credit-code";
import { departmentKey, splitDepartments } from "./department";
import { shortId } from "./hash";
import { hasControlOrBidi } from "./input-bounds";
import { CountyCode, JurisdictionCode } from "./jurisdiction";
import { message } from "./messages";

/** 监管对象目录: the enterprises under supervision and the officials who act on them. */

export const INDUSTRIES = {
  coal_mine: "煤矿",
  non_coal_mine: "非煤矿山",
  hazardous_chemicals: "危险化学品",
  fireworks: "烟花爆竹",
  metallurgy: "冶金",
  construction: "建筑施工",
  other: "其他",
} as const;

const INDUSTRY_KEYS = Object.keys(INDUSTRIES) as [keyof typeof INDUSTRIES, ...(keyof typeof INDUSTRIES)[]];

const INDUSTRY_LIST = INDUSTRY_KEYS.map((key) => `${INDUSTRIES[key]}（${key}）`).join("、");

export const Industry = z.enum(INDUSTRY_KEYS, { error: message("field.industry", { list: INDUSTRY_LIST }) });
export type Industry = z.infer<typeof Industry>;

/** Spreadsheets are filled in by county staff, who write the Chinese name; the API and exports use the key. */
export function parseIndustry(input: string): Industry | undefined {
  const value = input.trim();
  for (const key of INDUSTRY_KEYS) {
    if (value === key || value === INDUSTRIES[key]) return key;
  }
  return undefined;
}

export const MOBILE_MESSAGE = message("field.mobile");

/**
 * A mainland mobile number as people write it — "+86 139-0000-0001", "0086 13900000001", full-width
 * "１３９…" from a Chinese input method — in the one stored form, 11 ASCII digits: the number is an SMS
 * destination and a look-up key, so two spellings of one number must never both be stored.
 */
export function normaliseMobile(input: string): string {
  const compact = input.normalize("NFKC").replace(/[\s\-‐‑–—()（）.]/g, "");
  return compact.replace(/^(?:\+86|0086|86)(?=1\d{10}$)/, "");
}

export const Mobile = z
  .string()
  .transform(normaliseMobile)
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, MOBILE_MESSAGE));
export type Mobile = z.infer<typeof Mobile>;

export const Email = z
  .string()
  .trim()
  .pipe(z.email({ error: message("field.email") }));
export type Email = z.infer<typeof Email>;

/** Real catalogues leave many e-mail cells blank: blank is "no e-mail", the person is reached by SMS. */
const OptionalEmail = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
  Email.optional(),
);

export const PersonName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((t) => !hasControlOrBidi(t), message("field.control_chars"));

const Text = PersonName;

const Contact = z.object({ name: PersonName, mobile: Mobile, email: OptionalEmail });

/** One or several departments, written back in one spelling: "应急管理局、住房和城乡建设局". */
const SupervisingDepartments = z
  .string()
  .transform((text) => splitDepartments(text).join("、"))
  .pipe(Text);

export const EnterpriseStatus = z.enum(["active", "closed"], { error: message("field.enterprise_status") });
export type EnterpriseStatus = z.infer<typeof EnterpriseStatus>;

/**
 * The county is where the enterprise is supervised; it is deliberately not tied to the division inside the
 * credit code, which records the registering authority and goes stale when an enterprise moves.
 */
export const EnterpriseSchema = z.object({
  creditCode: CreditCode,
  name: Text,
  countyCode: CountyCode,
  industry: Industry,
  legalRep: z.object({ name: PersonName, mobile: Mobile }),
  safetyManager: Contact,
  infoOfficer: Contact,
  /**
   * The departments that supervise this enterprise in the county, e.g. 应急管理局 or
   * "应急管理局、住房和城乡建设局"; matched to inspectors by `departmentKey` (department.ts).
   */
  supervisingDepartment: SupervisingDepartments,
  status: EnterpriseStatus.default("active"),
});
/** `joinedAt`: when duban first held the enterprise (set by the catalogue, never by a CSV row). */
export type Enterprise = z.output<typeof EnterpriseSchema> & { joinedAt?: string };

export const OFFICIAL_ROLES = {
  inspector: "监管人员",
  anweiban: "安委办",
  leader: "党委/政府主要领导",
  admin: "管理员",
} as const;

const OFFICIAL_ROLE_KEYS = Object.keys(OFFICIAL_ROLES) as [
  keyof typeof OFFICIAL_ROLES,
  ...(keyof typeof OFFICIAL_ROLES)[],
];

export const OfficialRole = z.enum(OFFICIAL_ROLE_KEYS, {
  error: message("field.official_role", {
    list: OFFICIAL_ROLE_KEYS.map((key) => `${OFFICIAL_ROLES[key]}（${key}）`).join("、"),
  }),
});
export type OfficialRole = z.infer<typeof OfficialRole>;

/** Accepts the key or the Chinese name, like `parseIndustry`. */
export function parseOfficialRole(input: string): OfficialRole | undefined {
  const value = input.trim();
  for (const key of OFFICIAL_ROLE_KEYS) {
    if (value === key || value === OFFICIAL_ROLES[key]) return key;
  }
  return undefined;
}

/**
 * `department` is required for an inspector only: it is matched against an enterprise's
 * `supervisingDepartment` to decide which inspectors act on it. For the other roles it is descriptive
 * (安委会办公室, 县委, …) and may be empty.
 */
export const OfficialSchema = z
  .object({
    name: PersonName,
    role: OfficialRole,
    jurisdictionCode: JurisdictionCode,
    department: z.string().trim().max(100).default(""),
    mobile: Mobile,
    email: OptionalEmail,
  })
  .superRefine((official, ctx) => {
    if (official.role === "inspector" && official.department === "") {
      ctx.addIssue({
        code: "custom",
        path: ["department"],
        message: message("field.inspector_department"),
      });
    }
  });
export type Official = z.output<typeof OfficialSchema>;

/** 在职 / 已停用: a deactivated official keeps the record and its history but is told nothing more. */
export const OfficialStatus = z.enum(["active", "inactive"]);
export type OfficialStatus = z.infer<typeof OfficialStatus>;

/**
 * An official as the catalogue holds it: the imported fields, the stable `id`, the status and, while
 * deactivated, when, why and by whom.
 */
export type StoredOfficial = Official & {
  id: string;
  status: OfficialStatus;
  deactivation?: { at: string; reason: string; by: string };
};

/**
 * The official's stable id, `OF-` and 16 hex digits derived from the natural key: jurisdiction, role,
 * department (by its normalised key) and name. Deterministic, so that re-importing the same official updates
 * the record instead of adding a second one; without the mobile number, so that a new number keeps the same
 * official (and its id, its token's `sub`, its history). The role is part of the key because one person may
 * hold two roles in a jurisdiction.
 */
export function officialId(
  official: Pick<Official, "jurisdictionCode" | "role" | "department" | "name">,
): string {
  const key = [official.jurisdictionCode, official.role, departmentKey(official.department), official.name];
  return `OF-${shortId(key.join("|"))}`;
}

/**
 * The id officials had before ids became stable (it embedded the mobile number). Records stored under it
 * are moved to `officialId` (catalogue store, `migrateLegacyOfficials`), and tokens made with it still name
 * their official (me.ts).
 */
export function legacyOfficialId(official: Pick<Official, "jurisdictionCode" | "role" | "mobile">): string {
  return `${official.jurisdictionCode}:${official.role}:${official.mobile}`;
}
