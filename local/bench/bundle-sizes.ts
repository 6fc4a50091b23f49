import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeMetafile, build, type Metafile } from "esbuild";
import { REPO_ROOT, RUNTIME_SDK_PACKAGES } from "../../infra/function";

/**
 * Every function's bundle as infra/function.ts makes it (esbuild, minified ESM, UTF-8), without a synth:
 * the size, the AWS SDK's share and, with `--top N`, the N largest inputs of each (esbuild's metafile).
 * `npm run bench:bundles -- [--top 15] [--only get-hazard] [--channels mainland] [--sdk]` — `--sdk` bundles
 * the AWS SDK too (as if it were not left to the runtime) to see what it would add.
 *
 * The entries are read from the registries' text, not imported: importing them would load every handler.
 */
const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const top = Number(flag("top") ?? 0);
const only = flag("only");
const channels = flag("channels") ?? "aws";
const withSdk = args.includes("--sdk");

const entries = ["functions/http/routes.ts", "functions/tasks/registry.ts"].flatMap((file) =>
  [...readFileSync(join(REPO_ROOT, file), "utf8").matchAll(/entry: "([^"]+)"/g)].map((m) => m[1] as string),
);

/** The AWS SDK's share of a bundle (with `--sdk`): @aws-sdk/*, @smithy/* and what only they use. */
const isAwsSdk = (input: string) =>
  /node_modules\/(@aws-sdk|@smithy|@aws-crypto|mnemonist|obliterator|fast-xml-parser|strnum)\//.test(input);

const KB = (bytes: number) => Math.round(bytes / 1024);
const rows: { entry: string; total: number; sdk: number }[] = [];
for (const entry of entries.filter((e) => !only || e.includes(only))) {
  const result = await build({
    entryPoints: [join(REPO_ROOT, entry)],
    bundle: true,
    write: false,
    platform: "node",
    format: "esm",
    target: "node24",
    mainFields: ["module", "main"],
    minify: true,
    charset: "utf8",
    metafile: true,
    outfile: "index.mjs",
    define: { "process.env.DUBAN_CHANNELS": JSON.stringify(channels) },
    external: withSdk ? [] : [...RUNTIME_SDK_PACKAGES],
    logLevel: "error",
  });
  const meta = result.metafile as Metafile;
  const output = Object.values(meta.outputs).find((o) => o.entryPoint);
  const total = output?.bytes ?? 0;
  const sdk = Object.entries(output?.inputs ?? {})
    .filter(([input]) => isAwsSdk(input))
    .reduce((sum, [, i]) => sum + i.bytesInOutput, 0);
  rows.push({ entry, total, sdk });
  if (top > 0) {
    const inputs = Object.entries(output?.inputs ?? {})
      .map(([input, i]) => ({ input, bytes: i.bytesInOutput }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, top);
    console.log(`\n${entry} ${KB(total)} KB`);
    for (const i of inputs) console.log(`  ${String(KB(i.bytes)).padStart(5)} KB  ${i.input}`);
    if (args.includes("--why")) console.log(await analyzeMetafile(meta, { verbose: true }));
  }
}
rows.sort((a, b) => b.total - a.total);
console.log(`\n${"function".padEnd(48)} ${"total".padStart(6)} ${"sdk".padStart(6)}`);
for (const r of rows) {
  console.log(`${r.entry.padEnd(48)} ${String(KB(r.total)).padStart(6)} ${String(KB(r.sdk)).padStart(6)}`);
}
console.log(`${"all functions".padEnd(48)} ${String(KB(rows.reduce((s, r) => s + r.total, 0))).padStart(6)}`);
