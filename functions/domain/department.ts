/**
 * Supervising departments (负有安全生产监督管理职责的部门) as people write them: an enterprise may be
 * supervised by several ("应急管理局、市场监督管理局"), and one department is spelt many ways (full-width
 * letters, spaces, a bracketed note). Matching goes by a normalised key so that no spelling drops an
 * enterprise out of its inspectors' digests.
 */

/** The separators a spreadsheet cell uses between departments. */
const SEPARATORS = /[、,，;；/／|｜\n]+/;

/** The departments named in one cell, trimmed, in order, without repeats (by key). */
export function splitDepartments(text: string): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const part of text.split(SEPARATORS)) {
    const name = part.normalize("NFKC").trim().replace(/\s+/g, " ");
    const key = departmentKey(name);
    if (key === "" || seen.has(key)) continue;
    seen.add(key);
    names.push(name);
  }
  return names;
}

/** The key two spellings of one department share: NFKC, no spaces, no bracketed notes, lower case. */
export function departmentKey(name: string): string {
  return name
    .normalize("NFKC")
    .replace(/[(（【[][^)）】\]]*[)）】\]]/g, "")
    .replace(/[\s\u3000·•]/g, "")
    .toLowerCase();
}

/** The keys of every department in a cell (an enterprise's `supervisingDepartment`). */
export function departmentKeys(text: string): string[] {
  return splitDepartments(text).map(departmentKey);
}

/** Whether an official of `department` supervises an enterprise whose cell names `supervising`. */
export function supervises(department: string, supervising: string): boolean {
  const key = departmentKey(department);
  return key !== "" && departmentKeys(supervising).includes(key);
}
