/**
 * The sample bulletin shown in the README: the 保山市 city bulletin of the test fixture, issued, rendered
 * to PDF and its first two pages to PNG with poppler's pdftoppm (`npm run docs:bulletin`).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadFonts } from "../../functions/adapters/fonts";
import { draftDocument } from "../../functions/domain/bulletin";
import { renderBulletinPdf } from "../../functions/render/bulletin-pdf";
import { sampleCityResult, sampleLists } from "../../test/fixtures/sweep-result";

const out = process.argv[2] ?? "docs/bulletin/sample";
const document = draftDocument({
  result: sampleCityResult(),
  lists: sampleLists(),
  trackAfterMissed: 2,
  date: new Date("2026-12-07T10:00:00+08:00"),
  documentNo: "保安办〔2026〕12号",
  foreword:
    "为推动企业落实安全生产主体责任，现将2026年11月全市生产经营单位隐患排查治理月报报送和重大隐患挂牌督办情况通报如下。",
  remarks: "请各县（市、区）安委办督促未报送企业于12月15日前补报，对逾期未销号重大隐患逐项落实整改责任。",
});
const dir = mkdtempSync(join(tmpdir(), "duban-sample-"));
try {
  const pdf = join(dir, "bulletin.pdf");
  writeFileSync(pdf, await renderBulletinPdf(document, await loadFonts()));
  // The first page (红头, title, overview) and the second (the county ranking).
  for (const page of ["1", "2"]) {
    execFileSync("pdftoppm", [
      "-png",
      "-r",
      "60",
      "-f",
      page,
      "-l",
      page,
      "-singlefile",
      pdf,
      `${out}-page-${page}`,
    ]);
    console.log(`${out}-page-${page}.png`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
