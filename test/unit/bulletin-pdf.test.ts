import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as fontkit from "fontkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fontFiles, loadFonts } from "../../functions/adapters/fonts";
import { cellText } from "../../functions/domain/bulletin-document";
import { renderBulletinPdf } from "../../functions/render/bulletin-pdf";
import { sampleDocument } from "../fixtures/bulletin-document";

/**
 * Every character of GB 2312 (rows 0xA1–0xF7, cells 0xA1–0xFE), decoded with the platform's GBK table.
 * GBK maps the unassigned cells to the Private Use Area (left out) and adds 46 symbols in these rows
 * (vertical forms, pinyin letters), which are checked too.
 */
function gb2312Characters(): { hanzi: string[]; all: string[] } {
  const decoder = new TextDecoder("gbk", { fatal: true });
  const hanzi: string[] = [];
  const all: string[] = [];
  for (let row = 0xa1; row <= 0xf7; row++) {
    for (let cell = 0xa1; cell <= 0xfe; cell++) {
      const ch = decoder.decode(new Uint8Array([row, cell]));
      const cp = ch.codePointAt(0) ?? 0;
      if (cp >= 0xe000 && cp <= 0xf8ff) continue;
      all.push(ch);
      if (row >= 0xb0) hanzi.push(ch);
    }
  }
  return { hanzi, all };
}

let dir: string;
let pdfPath: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "duban-pdf-"));
  pdfPath = join(dir, "bulletin.pdf");
  writeFileSync(pdfPath, await renderBulletinPdf(sampleDocument, await loadFonts()));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the bulletin PDF", () => {
  it("uses faces that hold a glyph for every one of the 7,445 characters of GB 2312", () => {
    const { hanzi, all: chars } = gb2312Characters();
    expect(hanzi.length).toBe(6763);
    expect(chars.length).toBe(7445 + 46);
    for (const file of Object.values(fontFiles())) {
      const font = fontkit.openSync(file) as fontkit.Font;
      const missing = chars.filter((c) => !font.hasGlyphForCodePoint(c.codePointAt(0) ?? 0));
      expect(missing).toEqual([]);
    }
  });

  it("embeds the CJK faces as subsets (pdffonts)", () => {
    const out = execFileSync("pdffonts", [pdfPath], { encoding: "utf8" });
    const rows = out.split("\n").filter((l) => /NotoSerifSC/.test(l));
    expect(rows).toHaveLength(2);
    for (const row of rows)
      expect(row).toMatch(/^[A-Z]{6}\+NotoSerifSC-\w+\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
  });

  it("holds the issuer, the document number, the title and every county and figure of its tables (pdftotext)", () => {
    // -raw keeps the drawing order: a cell's wrapped lines stay together.
    const text = execFileSync("pdftotext", ["-raw", pdfPath, "-"], { encoding: "utf8" });
    const flat = text.replace(/\s+/g, "");
    for (const needle of [sampleDocument.issuer, "保安办〔2026〕12号", "关于2026年11月全市安全生产隐患排查"])
      expect(flat).toContain(needle.replace(/\s+/g, ""));
    for (const table of sampleDocument.tables) {
      for (const row of [...table.rows, ...(table.total ? [table.total] : [])]) {
        const line = row
          .map((cell, i) => cellText(cell, table.columns[i]?.kind ?? "text"))
          .filter((t) => t !== "");
        for (const cell of line) expect(flat).toContain(cell.replace(/\s+/g, ""));
      }
    }
    // A rate with nothing to divide is a dash, never NaN or 0 %.
    expect(text).not.toMatch(/NaN|Infinity/);
    expect(flat).toMatch(/昌宁县0000——/);
  });

  it("is A4 and numbers its pages in the GB/T 9704 way", () => {
    const info = execFileSync("pdfinfo", [pdfPath], { encoding: "utf8" });
    expect(info).toMatch(/Page size:\s+595\.2\d? x 841\.8\d? pts \(A4\)/);
    const text = execFileSync("pdftotext", [pdfPath, "-"], { encoding: "utf8" });
    expect(text).toMatch(/— ?1 ?—/);
  });
});
