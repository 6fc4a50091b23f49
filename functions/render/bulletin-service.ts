import { type BulletinFonts, renderBulletinPdf } from "./bulletin-pdf";
import { type BulletinReadDeps, type BulletinRender, bulletinUseCases } from "./bulletin-use-cases";
import { renderBulletinXlsx } from "./bulletin-xlsx";

export * from "./bulletin-use-cases";

export type BulletinDeps = BulletinReadDeps & {
  /** The CJK faces (read once per process by adapters/fonts.ts). */
  fonts: () => Promise<BulletinFonts>;
};

/** The PDF (红头, GB/T 9704) and the xlsx of a bulletin's document, timed. */
export function bulletinRenderer(fonts: () => Promise<BulletinFonts>): BulletinRender {
  return async (document) => {
    const faces = await fonts();
    let t = performance.now();
    const pdf = await renderBulletinPdf(document, faces);
    const pdfMs = performance.now() - t;
    t = performance.now();
    const xlsx = await renderBulletinXlsx(document);
    const xlsxMs = performance.now() - t;
    return { pdf, xlsx, renderMs: { pdf: Math.round(pdfMs), xlsx: Math.round(xlsxMs) } };
  };
}

/**
 * Every use case of the bulletin, the renders included (./bulletin-use-cases.ts): for the handlers that
 * draft, edit, issue or correct one, and for the local runtime. A handler that only reads imports
 * `createBulletinReads` from ./bulletin-use-cases instead, and bundles no renderer.
 */
export function createBulletinService(deps: BulletinDeps) {
  return bulletinUseCases({ ...deps, render: bulletinRenderer(deps.fonts) });
}

export type BulletinService = ReturnType<typeof createBulletinService>;
