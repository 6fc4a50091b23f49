import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BulletinFonts } from "../render/bulletin-pdf";

/**
 * Noto Serif SC (思源宋体, SIL OFL) from the npm package @expo-google-fonts/noto-serif-sc: full TrueType
 * faces covering all of GB 2312 (the web subsets of @fontsource lack about 1,000 of its characters).
 * On Lambda the two files sit beside the bundle in `fonts/` (infra copies them as an asset, never inlined
 * into the JS); locally they are read from node_modules.
 */
const FACES = {
  regular: "400Regular/NotoSerifSC_400Regular.ttf",
  bold: "700Bold/NotoSerifSC_700Bold.ttf",
} as const;

export const FONT_PACKAGE = "@expo-google-fonts/noto-serif-sc";

function fontPath(face: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, "fonts", face.split("/")[1] ?? face);
  if (existsSync(bundled)) return bundled;
  return createRequire(import.meta.url).resolve(`${FONT_PACKAGE}/${face}`);
}

export const fontFiles = () => ({ regular: fontPath(FACES.regular), bold: fontPath(FACES.bold) });

let loaded: Promise<BulletinFonts> | undefined;

/** Read once per process (30 MB for both faces); every render after that reuses them. */
export function loadFonts(): Promise<BulletinFonts> {
  loaded ??= (async () => {
    const files = fontFiles();
    const [regular, bold] = await Promise.all([readFile(files.regular), readFile(files.bold)]);
    return { regular, bold };
  })();
  return loaded;
}
