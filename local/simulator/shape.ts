import { allJurisdictions, jurisdictionChain, jurisdictionOf } from "../../functions/domain/jurisdiction";
import { type DemoJurisdiction, UNUSUAL_JURISDICTIONS } from "../demo-data";

/**
 * A province's shape for the simulator (`--counties N --cities M [--province 53]`): real GB/T 2260 codes
 * from the jurisdiction table, never invented ones. The first M cities of the province in code order, and N
 * of their county-level units taken round-robin (each city's first, then each city's second, …) so that a
 * small N still spreads over every city; the province's own 省直辖县 join the round as cities of one. Beside
 * them, as in the county-scale run, 东城区 (a district of the 直辖市 北京市) and 仙桃市 (a 省直辖县 of 湖北省),
 * whose "level above" is not `xxxx00` (issue 9). `--counties 130 --cities 16` is the whole of 云南省.
 */
export type ProvinceShape = {
  province: string;
  /** County-level codes to spread the enterprises over, the two unusual ones last. */
  counties: string[];
  /** Every jurisdiction with a government in the shape (counties, cities, provinces): who gets officials. */
  jurisdictions: DemoJurisdiction[];
};

export function provinceShape(options: {
  province: string;
  cities: number;
  counties: number;
}): ProvinceShape {
  const province = jurisdictionOf(options.province);
  if (province.level !== "province") throw new Error(`${options.province} is not a province-level code`);
  const current = allJurisdictions().filter((j) => !j.withdrawn);
  const cities = current
    .filter((j) => j.level === "city" && j.parent === province.code)
    .map((j) => j.code)
    .sort();
  if (cities.length < options.cities)
    throw new Error(`${province.name} has ${cities.length} cities, fewer than --cities ${options.cities}`);
  const chosen = cities.slice(0, options.cities);
  // The province's 省直辖县 (and the districts of a 直辖市) have the province as parent: one more "city".
  const groups = [...chosen, province.code].map((parent) =>
    current
      .filter((j) => j.level === "county" && j.parent === parent)
      .map((j) => j.code)
      .sort(),
  );
  const available = groups.reduce((n, g) => n + g.length, 0);
  if (available < options.counties)
    throw new Error(
      `${options.cities} cities of ${province.name} have ${available} county-level units, fewer than --counties ${options.counties}`,
    );
  const counties: string[] = [];
  for (let i = 0; counties.length < options.counties; i++) {
    for (const g of groups) {
      const code = g[i];
      if (code !== undefined && counties.length < options.counties) counties.push(code);
    }
  }
  counties.sort();
  for (const j of UNUSUAL_JURISDICTIONS)
    if (j.level === "county" && !counties.includes(j.code)) counties.push(j.code);
  const codes = new Set(counties.flatMap((c) => jurisdictionChain(c)));
  const jurisdictions = [...codes].sort().map((code) => {
    const { name, level } = jurisdictionOf(code);
    return { code, name, level };
  });
  return { province: province.code, counties, jurisdictions };
}
