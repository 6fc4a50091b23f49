import { OFFICIAL_ROLES, officialId } from "../functions/domain/catalogue";
import { DEMO_JURISDICTIONS, demoCatalogue } from "./demo-data";

export type DemoUser = {
  /** What the sign-in page shows: 隆阳区 · 安委办 · 张三. */
  label: string;
  role: "enterprise" | "inspector" | "anweiban" | "leader" | "admin";
  jurisdiction: string;
  jurisdictionName: string;
  department?: string;
  enterprise?: string;
  sub: string;
};

let cached: DemoUser[] | undefined;

/**
 * The people of the demo catalogue one may sign in as locally: every official of 云南省, 保山市 and its
 * counties, and the first enterprises of each county.
 */
export function demoUsers(enterprisesPerCounty = 2): DemoUser[] {
  if (cached) return cached;
  const demo = demoCatalogue();
  const nameOf = (code: string) => DEMO_JURISDICTIONS.find((j) => j.code === code)?.name ?? code;
  const officials: DemoUser[] = demo.officials.map((o) => ({
    label: `${nameOf(o.jurisdictionCode)} · ${OFFICIAL_ROLES[o.role]}${o.department ? `（${o.department}）` : ""} · ${o.name}`,
    role: o.role,
    jurisdiction: o.jurisdictionCode,
    jurisdictionName: nameOf(o.jurisdictionCode),
    ...(o.department ? { department: o.department } : {}),
    sub: officialId(o),
  }));
  const enterprises: DemoUser[] = [];
  for (const county of DEMO_JURISDICTIONS.filter((j) => j.level === "county")) {
    for (const e of demo.enterprises
      .filter((x) => x.countyCode === county.code)
      .slice(0, enterprisesPerCounty)) {
      enterprises.push({
        label: `${county.name} · ${e.name}（安全管理人员 ${e.safetyManager.name}）`,
        role: "enterprise",
        jurisdiction: e.countyCode,
        jurisdictionName: county.name,
        enterprise: e.creditCode,
        sub: `enterprise:${e.creditCode}`,
      });
    }
  }
  cached = [...enterprises, ...officials];
  return cached;
}
