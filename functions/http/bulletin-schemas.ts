import * as z from "zod";
import { Bulletin, EditBulletinBody, IssueBulletinBody, SupersedeBulletinBody } from "../domain/bulletin";
import { JurisdictionCode } from "../domain/jurisdiction";
import { PeriodSchema } from "../domain/period";

/** Shapes of the bulletin (通报) routes. */
export { EditBulletinBody, IssueBulletinBody, SupersedeBulletinBody };

export const BulletinParams = z.object({ id: z.string().regex(/^\d{6}-\d{4}-\d{2}-v\d{1,4}$/) });
export const BulletinFileParams = BulletinParams.extend({ format: z.enum(["pdf", "xlsx"]) });
export const BulletinQuery = z.object({ jurisdiction: JurisdictionCode.optional(), period: PeriodSchema });

const FileSize = z.object({ bytes: z.number().int() });

/** One bulletin with its printed document and figures; object keys stay inside. */
export const BulletinView = Bulletin.omit({ files: true }).extend({
  files: z.object({ pdf: FileSize, xlsx: FileSize }),
});

export const BulletinList = z.object({
  items: z.array(
    BulletinView.omit({ document: true, figures: true, timeline: true }).extend({ title: z.string() }),
  ),
});
