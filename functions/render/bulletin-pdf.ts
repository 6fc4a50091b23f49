import PDFDocument from "pdfkit";
import { type BulletinDocument, type BulletinTable, cellText } from "../domain/bulletin-document";

/** The CJK faces the PDF embeds (as subsets: only the glyphs used travel in the file). */
export type BulletinFonts = { regular: Uint8Array; bold: Uint8Array };

const MM = 72 / 25.4;
// GB/T 9704-2012 §5.2: A4, 版心 156 mm × 225 mm; top margin 37 mm, left 28 mm.
const PAGE = { width: 210 * MM, height: 297 * MM };
const MARGIN = { top: 37 * MM, left: 28 * MM, right: 26 * MM, bottom: 35 * MM };
const WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BOTTOM = PAGE.height - MARGIN.bottom;
/** 红头: the issuer mark and the separating rule are red (GB/T 9704 §7.2.1, §7.2.4). */
const RED = "#E60012";
/** 3号 (16 pt) body text, 22 lines to the 225 mm 版心 (§5.2.2). */
const BODY = 16;
const LINE_GAP = (225 * MM) / 22 - BODY * 1.44;
const TABLE_TEXT = 10.5;
const PAD = 3;

/** The faces as pdfkit parsed them (fontkit fonts), per loaded pair of files. */
const parsedFaces = new WeakMap<BulletinFonts, { regular: unknown; bold: unknown }>();

/** The bytes as a Buffer without a copy. */
const view = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Renders a bulletin in the 红头 layout of GB/T 9704; pure: the same snapshot gives the same bytes. */
export async function renderBulletinPdf(doc: BulletinDocument, fonts: BulletinFonts): Promise<Uint8Array> {
  const pdf = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    font: undefined as unknown as string,
    // A fixed creation date keeps the bytes a function of the snapshot alone.
    info: { Title: doc.title, Author: doc.issuer, CreationDate: new Date(0), ModDate: new Date(0) },
    lang: "zh-CN",
    displayTitle: true,
  });
  const chunks: Uint8Array[] = [];
  pdf.on("data", (chunk: Uint8Array) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    pdf.on("end", resolve);
    pdf.on("error", reject);
  });
  const faces = parsedFaces.get(fonts);
  // pdfkit takes a parsed face as well as a file: the 15 MB faces are parsed once per process, not copied
  // and parsed again for every bulletin (each document still embeds its own subset).
  pdf.registerFont("song", (faces?.regular ?? view(fonts.regular)) as Uint8Array);
  pdf.registerFont("song-bold", (faces?.bold ?? view(fonts.bold)) as Uint8Array);

  header(pdf, doc);
  body(pdf, doc);
  closing(pdf, doc);
  pageNumbers(pdf);
  if (!faces) {
    const opened = (pdf as unknown as { _fontFamilies: Record<string, { font?: unknown } | undefined> })
      ._fontFamilies;
    const regular = opened.song?.font;
    const bold = opened["song-bold"]?.font;
    if (regular && bold) parsedFaces.set(fonts, { regular, bold });
  }
  pdf.end();
  await ended;
  return Buffer.concat(chunks);
}

function header(pdf: PDFKit.PDFDocument, doc: BulletinDocument) {
  // 发文机关标志: centred, red, as large as fits one line (§7.2.1 asks no more than 22 mm × 15 mm a character).
  const size = Math.min(15 * MM * 1.2, (WIDTH / doc.issuer.length) * 0.96);
  pdf.font("song-bold").fontSize(size).fillColor(RED);
  pdf.text(doc.issuer, MARGIN.left, MARGIN.top, { width: WIDTH, align: "center", lineBreak: false });
  let y = MARGIN.top + size * 1.5 + 2 * BODY;
  // 发文字号 two lines below the issuer; a draft says so instead.
  pdf.font("song").fontSize(BODY).fillColor("black");
  pdf.text(doc.documentNo ?? "（草稿 未发文）", MARGIN.left, y, { width: WIDTH, align: "center" });
  y += BODY * 1.44 + 4 * MM;
  // The red rule 4 mm under the document number, as wide as the 版心 (§7.2.4).
  pdf
    .moveTo(MARGIN.left, y)
    .lineTo(MARGIN.left + WIDTH, y)
    .lineWidth(1.2)
    .strokeColor(RED)
    .stroke();
  pdf.strokeColor("black");
  y += 2 * BODY * 1.44;
  // 标题: 2号 (22 pt), centred, one empty line under the rule (§7.3.1).
  pdf.font("song-bold").fontSize(22).fillColor("black");
  pdf.text(doc.title, MARGIN.left + 8 * MM, y, { width: WIDTH - 16 * MM, align: "center", lineGap: 4 });
  pdf.moveDown(1);
  pdf.font("song").fontSize(BODY);
  pdf.text(doc.addressees, MARGIN.left, pdf.y, { width: WIDTH, lineGap: LINE_GAP });
}

function paragraph(pdf: PDFKit.PDFDocument, text: string) {
  pdf.font("song").fontSize(BODY).fillColor("black");
  pdf.text(text, MARGIN.left, pdf.y, { width: WIDTH, indent: 2 * BODY, lineGap: LINE_GAP, align: "justify" });
}

function body(pdf: PDFKit.PDFDocument, doc: BulletinDocument) {
  if (doc.foreword) for (const p of doc.foreword.split(/\n+/)) paragraph(pdf, p);
  const tables = new Map(doc.tables.map((t) => [t.key, t]));
  for (const section of doc.sections) {
    ensureRoom(pdf, BODY * 4);
    pdf.font("song-bold").fontSize(BODY);
    pdf.text(section.heading, MARGIN.left + 2 * BODY, pdf.y, { width: WIDTH - 2 * BODY, lineGap: LINE_GAP });
    for (const p of section.paragraphs) paragraph(pdf, p);
    for (const key of section.tables) {
      const table = tables.get(key);
      if (table) drawTable(pdf, table);
    }
  }
  if (doc.remarks) {
    ensureRoom(pdf, BODY * 4);
    for (const p of doc.remarks.split(/\n+/)) paragraph(pdf, p);
  }
}

function ensureRoom(pdf: PDFKit.PDFDocument, height: number) {
  if (pdf.y + height > BOTTOM) pdf.addPage();
}

function drawTable(pdf: PDFKit.PDFDocument, table: BulletinTable) {
  pdf.moveDown(0.3);
  ensureRoom(pdf, 60);
  pdf.font("song-bold").fontSize(12).fillColor("black");
  pdf.text(table.title, MARGIN.left, pdf.y, { width: WIDTH, align: "center" });
  pdf.moveDown(0.3);
  if (table.rows.length === 0) {
    paragraph(pdf, table.emptyText);
    return;
  }
  const total = table.columns.reduce((s, c) => s + c.width, 0);
  const widths = table.columns.map((c) => (c.width / total) * WIDTH);
  const texts = (cells: (string | number | null)[]) =>
    table.columns.map((c, i) => cellText(cells[i] ?? null, c.kind));
  const drawRow = (cells: string[], bold: boolean, shade: boolean) => {
    pdf.font(bold ? "song-bold" : "song").fontSize(TABLE_TEXT);
    const height =
      Math.max(...cells.map((t, i) => pdf.heightOfString(t, { width: (widths[i] ?? 0) - 2 * PAD }))) +
      2 * PAD;
    if (pdf.y + height > BOTTOM) {
      pdf.addPage();
      if (!shade)
        drawRow(
          table.columns.map((c) => c.header),
          true,
          true,
        );
    }
    const top = pdf.y;
    let x = MARGIN.left;
    cells.forEach((text, i) => {
      const w = widths[i] ?? 0;
      if (shade) pdf.rect(x, top, w, height).fillColor("#EFEFEF").fill();
      pdf.rect(x, top, w, height).lineWidth(0.5).strokeColor("black").stroke();
      const kind = table.columns[i]?.kind;
      pdf
        .fillColor("black")
        .font(bold ? "song-bold" : "song")
        .fontSize(TABLE_TEXT);
      pdf.text(text, x + PAD, top + PAD, {
        width: w - 2 * PAD,
        align: kind === "text" && !shade ? "left" : "center",
      });
      x += w;
    });
    pdf.x = MARGIN.left;
    pdf.y = top + height;
  };
  drawRow(
    table.columns.map((c) => c.header),
    true,
    true,
  );
  for (const row of table.rows) drawRow(texts(row), false, false);
  if (table.total) drawRow(texts(table.total), true, false);
  pdf.moveDown(0.5);
}

function closing(pdf: PDFKit.PDFDocument, doc: BulletinDocument) {
  ensureRoom(pdf, BODY * 8);
  pdf.moveDown(1);
  // 发文机关署名 and 成文日期, right-aligned, four characters in from the edge (§7.3.5.2).
  pdf.font("song").fontSize(BODY).fillColor("black");
  const right = { width: WIDTH - 4 * BODY, align: "right" as const };
  pdf.text(doc.issuer, MARGIN.left, pdf.y, right);
  pdf.text(doc.dateText, MARGIN.left, pdf.y, right);
  // 版记: 抄送 and 印发 between rules, at the foot of the last page (§7.4).
  const lines = [
    doc.copyTo ? `抄送：${doc.copyTo}` : undefined,
    `${doc.issuer}　　${doc.dateText}印发`,
  ].filter((l): l is string => !!l);
  const height = lines.length * 14 * 1.9 + 6;
  if (pdf.y + height + BODY > BOTTOM) pdf.addPage();
  let y = BOTTOM - height;
  pdf
    .moveTo(MARGIN.left, y)
    .lineTo(MARGIN.left + WIDTH, y)
    .lineWidth(0.8)
    .strokeColor("black")
    .stroke();
  pdf.fontSize(14);
  for (const line of lines) {
    y += 4;
    pdf.text(line, MARGIN.left + 14, y, { width: WIDTH - 28, lineBreak: false, ellipsis: true });
    y += 14 * 1.9 - 4;
    pdf
      .moveTo(MARGIN.left, y)
      .lineTo(MARGIN.left + WIDTH, y)
      .lineWidth(0.5)
      .stroke();
  }
}

/** 页码: "— 1 —" in 4号, odd pages right, even pages left (§7.5). */
function pageNumbers(pdf: PDFKit.PDFDocument) {
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const n = i + 1;
    pdf.font("song").fontSize(14).fillColor("black");
    const y = BOTTOM + 7 * MM;
    // Writing below the bottom margin would add a page: lift the margin for this one line.
    const saved = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf.text(`— ${n} —`, MARGIN.left + BODY, y, {
      width: WIDTH - 2 * BODY,
      align: n % 2 === 1 ? "right" : "left",
      lineBreak: false,
    });
    pdf.page.margins.bottom = saved;
  }
}
