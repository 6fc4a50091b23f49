import iconv from "iconv-lite";
import { InvalidInput } from "./errors";
import { said } from "./messages";

/**
 * The text of an uploaded CSV file, as officials' spreadsheets save it: Excel's "CSV UTF-8" (with a BOM),
 * plain UTF-8 from WPS or a script, or Chinese Excel's default "CSV (逗号分隔)", which is GBK (read as its
 * superset GB18030). A file that is neither is refused as a whole: a guess would store mojibake, and an
 * enterprise whose legal representative's name is garbled can never sign a report.
 */
export type CsvEncoding = "utf-8" | "gb18030";

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04] as const;

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((b, i) => bytes[i] === b);

/** Control characters other than tab and line breaks do not occur in a spreadsheet's text. */
const isBinary = (text: string) =>
  [...text].some((c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 && c !== "\t" && c !== "\n" && c !== "\r";
  });

export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  // An .xlsx workbook is a zip archive: say what to do rather than "not UTF-8".
  if (startsWith(bytes, ZIP_MAGIC)) throw new InvalidInput(said("csv.workbook_not_csv"));
  const hasBom = startsWith(bytes, UTF8_BOM);
  const utf8 = decodeUtf8(hasBom ? bytes.subarray(UTF8_BOM.length) : bytes);
  let decoded: { text: string; encoding: CsvEncoding } | undefined;
  if (utf8 !== undefined) decoded = { text: utf8, encoding: "utf-8" };
  else if (!hasBom) {
    const gb = iconv.decode(bytes as Buffer, "gb18030");
    // iconv-lite marks every byte sequence GB18030 does not define with U+FFFD: the file is neither.
    if (!gb.includes("\uFFFD")) decoded = { text: gb, encoding: "gb18030" };
  }
  if (decoded === undefined || isBinary(decoded.text)) throw new InvalidInput(said("csv.encoding_unknown"));
  return decoded;
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
