import { type Enterprise, INDUSTRIES, type Industry, type Official } from "../functions/domain/catalogue";
import { CREDIT_CODE_CHARSET, completeCreditCode } from "../functions/domain/credit-code";
import { type JurisdictionLevel, jurisdictionLevel, jurisdictionOf } from "../functions/domain/jurisdiction";

/**
 * Demo and simulation data for 云南省保山市. Deterministic for a seed so that tests, screenshots and
 * simulations see the same catalogue. Every contact address uses example.* domains (RFC 2606) and every
 * mobile number is made up; none may reach a real person.
 */

export type DemoJurisdiction = { code: string; name: string; level: JurisdictionLevel };

/** 云南省, 保山市 and its five county-level units, names and levels from the GB/T 2260 table. */
export const DEMO_JURISDICTIONS: DemoJurisdiction[] = [
  "530000",
  "530500",
  "530502",
  "530521",
  "530523",
  "530524",
  "530581",
].map((code) => {
  const { name, level } = jurisdictionOf(code);
  return { code, name, level };
});

/**
 * Where China is not ordinary, for the simulator: a district of a 直辖市 (东城区 under 北京市, no city between)
 * and a 省直辖县级行政区 (仙桃市 under 湖北省). Their escalations climb the real parents.
 */
export const UNUSUAL_JURISDICTIONS: DemoJurisdiction[] = ["110000", "110101", "420000", "429004"].map(
  (code) => {
    const { name, level } = jurisdictionOf(code);
    return { code, name, level };
  },
);

export const DEMO_COUNTY_CODES = DEMO_JURISDICTIONS.filter((j) => j.level === "county").map((j) => j.code);

export const DEMO_SEED = 2015;

/** mulberry32: a small, fast PRNG whose sequence depends only on the seed. Returns values in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = {
  int: (maxExclusive: number) => number;
  pick: <T>(items: readonly T[]) => T;
};

function random(seed: number): Random {
  const next = mulberry32(seed);
  const int = (maxExclusive: number) => Math.floor(next() * maxExclusive);
  const pick = <T>(items: readonly T[]): T => {
    const item = items[int(items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  };
  return { int, pick };
}

const SURNAMES = [
  ..."王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文",
];
const GIVEN_NAME_CHARS = [
  ..."伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红梅春云飞鹏辉林波斌宇浩凯健俊帆晨阳兴正东海鑫志宏",
];

function personName(rng: Random): string {
  const given =
    rng.int(3) === 0
      ? rng.pick(GIVEN_NAME_CHARS)
      : `${rng.pick(GIVEN_NAME_CHARS)}${rng.pick(GIVEN_NAME_CHARS)}`;
  return `${rng.pick(SURNAMES)}${given}`;
}

/** 字号 (trade names) are built from two syllables, giving thousands of distinct names per county. */
const TRADE_NAME_SYLLABLES = [
  ..."永昌兴隆盛泰丰源宏达鑫恒瑞福华安顺通利康宁祥和光明金山石龙凤云腾高黎贡怒江澜沧博南天成新远大众诚信德",
];

const INDUSTRY_SUFFIXES: Record<Industry, readonly string[]> = {
  coal_mine: ["煤业有限公司", "煤矿有限责任公司"],
  non_coal_mine: ["矿业有限公司", "石材开发有限公司"],
  hazardous_chemicals: ["化工有限公司", "气体有限公司", "石油燃料有限公司"],
  fireworks: ["烟花爆竹有限公司", "烟花爆竹经营部"],
  metallurgy: ["钢铁有限公司", "冶炼有限公司"],
  construction: ["建筑工程有限公司", "建设集团有限公司"],
  other: ["商贸有限公司", "食品有限公司", "木业有限公司"],
};

/** Industry weights roughly as in a mountain county: many builders and shops, few coal mines. */
const INDUSTRY_WEIGHTS: Record<Industry, number> = {
  coal_mine: 1,
  non_coal_mine: 2,
  hazardous_chemicals: 2,
  fireworks: 1,
  metallurgy: 1,
  construction: 4,
  other: 4,
};

const INDUSTRY_KEYS = Object.keys(INDUSTRIES) as Industry[];

function weightedIndustry(rng: Random): Industry {
  const total = INDUSTRY_KEYS.reduce((sum, key) => sum + INDUSTRY_WEIGHTS[key], 0);
  let roll = rng.int(total);
  for (const key of INDUSTRY_KEYS) {
    roll -= INDUSTRY_WEIGHTS[key];
    if (roll < 0) return key;
  }
  return "other";
}

/** 住房和城乡建设部门 supervises construction sites; 应急管理部门 supervises the other industries. */
export function supervisingDepartmentFor(industry: Industry): string {
  return industry === "construction" ? "住房和城乡建设局" : "应急管理局";
}

function namePrefix(countyCode: string): string {
  const county = jurisdictionOf(countyCode);
  // Districts (区) are usually written with their city (or municipality): 保山市隆阳区…, 北京市东城区…;
  // counties and county-level cities alone.
  if (county.name.endsWith("区") && county.parent)
    return `${jurisdictionOf(county.parent).name}${county.name}`;
  return county.name;
}

/** Draws until a value not in `used` comes up; the pools are large enough that this takes few draws. */
function drawUnique(used: Set<string>, draw: () => string): string {
  for (;;) {
    const value = draw();
    if (!used.has(value)) {
      used.add(value);
      return value;
    }
  }
}

function mobileDrawer(rng: Random, prefix: string): () => string {
  return () => `${prefix}${String(rng.int(100_000_000)).padStart(8, "0")}`;
}

export type GenerateEnterprisesOptions = {
  count: number;
  seed: number;
  /** County codes to spread the enterprises over, round-robin; defaults to the five counties of 保山市. */
  counties?: string[];
};

export function generateEnterprises({
  count,
  seed,
  counties = DEMO_COUNTY_CODES,
}: GenerateEnterprisesOptions): Enterprise[] {
  if (counties.length === 0) throw new Error("generateEnterprises needs at least one county");
  for (const county of counties) {
    if (jurisdictionLevel(county) !== "county") throw new Error(`not a county code: ${county}`);
  }
  const rng = random(seed);
  const creditCodes = new Set<string>();
  const names = new Set<string>();
  const mobiles = new Set<string>();
  const mobile = mobileDrawer(rng, "139");
  const orgBodyChars = [...CREDIT_CODE_CHARSET];

  const enterprises: Enterprise[] = [];
  for (let i = 0; i < count; i++) {
    const n = i + 1;
    const countyCode = counties[i % counties.length] ?? DEMO_COUNTY_CODES[0] ?? "530502";
    // The first seven cover every industry so that even a small demo set exercises all of them.
    const industry = i < INDUSTRY_KEYS.length ? (INDUSTRY_KEYS[i] ?? "other") : weightedIndustry(rng);
    const prefix = namePrefix(countyCode);
    const suffixes = INDUSTRY_SUFFIXES[industry];
    let attempts = 0;
    const name = drawUnique(names, () => {
      attempts++;
      const trade = `${rng.pick(TRADE_NAME_SYLLABLES)}${rng.pick(TRADE_NAME_SYLLABLES)}`;
      // After many collisions (very large sets) a branch number keeps the name unique.
      const branch = attempts > 20 ? `${n}号` : "";
      return `${prefix}${trade}${branch}${rng.pick(suffixes)}`;
    });
    // Enterprises registered since 2015 get an organisation code beginning "MA" from market regulation.
    const creditCode = drawUnique(creditCodes, () =>
      completeCreditCode({
        registrationDept: "9",
        orgType: "1",
        division: countyCode,
        orgBody: `MA${Array.from({ length: 6 }, () => rng.pick(orgBodyChars)).join("")}`,
      }),
    );
    enterprises.push({
      creditCode,
      name,
      countyCode,
      industry,
      legalRep: { name: personName(rng), mobile: drawUnique(mobiles, mobile) },
      safetyManager: {
        name: personName(rng),
        mobile: drawUnique(mobiles, mobile),
        email: `anquan.${n}@example.cn`,
      },
      infoOfficer: {
        name: personName(rng),
        mobile: drawUnique(mobiles, mobile),
        email: `xinxi.${n}@example.com`,
      },
      supervisingDepartment: supervisingDepartmentFor(industry),
      status: "active",
    });
  }
  return enterprises;
}

/** 县委/县政府, 区委/区政府, 市委/市政府, 省委/省政府 after the last character of the division's name. */
function leadershipOrgans(name: string): [party: string, government: string] {
  const unit = name.slice(-1);
  return [`${unit}委`, `${unit}政府`];
}

export const DEMO_OFFICIALS_SEED = 2260;

/**
 * Per county: two 应急管理局 inspectors, one 住房和城乡建设局 inspector, one 安委办 and the two principal
 * leaders (党委 and 政府). 保山市: 安委办, two leaders, one 应急管理局 inspector and the admin. 云南省:
 * 安委办 and one leader.
 */
export function generateOfficials(
  seed: number = DEMO_OFFICIALS_SEED,
  extra: DemoJurisdiction[] = [],
): Official[] {
  // Only the extras, so that the demo catalogue's people stay the same.
  return officialsOf([...DEMO_JURISDICTIONS, ...extra], seed, (j) => extra.includes(j));
}

/**
 * The same people for exactly `jurisdictions` (a simulated province's shape): a province-level unit acts as
 * the city of the counties right below it (a 直辖市's districts, a province's 省直辖县) when the list has one.
 */
export function officialsFor(
  jurisdictions: DemoJurisdiction[],
  seed: number = DEMO_OFFICIALS_SEED,
): Official[] {
  const direct = new Set(
    jurisdictions.filter((j) => j.level === "county").map((j) => jurisdictionOf(j.code).parent),
  );
  return officialsOf(jurisdictions, seed, (j) => direct.has(j.code));
}

function officialsOf(
  jurisdictions: DemoJurisdiction[],
  seed: number,
  actsAsCity: (province: DemoJurisdiction) => boolean,
): Official[] {
  const rng = random(seed);
  const mobiles = new Set<string>();
  // 137 never collides with the enterprises' 139 numbers.
  const mobile = mobileDrawer(rng, "137");
  const officials: Official[] = [];
  const add = (jurisdiction: DemoJurisdiction, role: Official["role"], department: string) => {
    const n = officials.filter((o) => o.jurisdictionCode === jurisdiction.code && o.role === role).length + 1;
    officials.push({
      name: personName(rng),
      role,
      jurisdictionCode: jurisdiction.code,
      department,
      mobile: drawUnique(mobiles, mobile),
      email: `${role}.${n}.${jurisdiction.code}@example.gov.cn`,
    });
  };

  for (const jurisdiction of jurisdictions) {
    const [party, government] = leadershipOrgans(jurisdiction.name);
    // A province-level unit with counties directly below it (a 直辖市, a province over 省直辖县) also lists
    // hazards as their "city": it needs the city's inspector and admin too.
    if (jurisdiction.level === "province" && actsAsCity(jurisdiction)) {
      add(jurisdiction, "anweiban", "安委会办公室");
      add(jurisdiction, "leader", party);
      add(jurisdiction, "leader", government);
      add(jurisdiction, "inspector", "应急管理局");
      add(jurisdiction, "admin", "应急管理局");
      continue;
    }
    switch (jurisdiction.level) {
      case "county":
        add(jurisdiction, "inspector", "应急管理局");
        add(jurisdiction, "inspector", "应急管理局");
        add(jurisdiction, "inspector", "住房和城乡建设局");
        add(jurisdiction, "anweiban", "安委会办公室");
        add(jurisdiction, "leader", party);
        add(jurisdiction, "leader", government);
        break;
      case "city":
        add(jurisdiction, "anweiban", "安委会办公室");
        add(jurisdiction, "leader", party);
        add(jurisdiction, "leader", government);
        add(jurisdiction, "inspector", "应急管理局");
        add(jurisdiction, "admin", "应急管理局");
        break;
      case "province":
        add(jurisdiction, "anweiban", "安委会办公室");
        add(jurisdiction, "leader", government);
        break;
    }
  }
  return officials;
}

export type DemoCatalogue = {
  jurisdictions: DemoJurisdiction[];
  enterprises: Enterprise[];
  officials: Official[];
};

export function demoCatalogue(count = 300): DemoCatalogue {
  return {
    jurisdictions: DEMO_JURISDICTIONS,
    enterprises: generateEnterprises({ count, seed: DEMO_SEED }),
    officials: generateOfficials(),
  };
}
