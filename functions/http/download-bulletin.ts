import * as z from "zod";
import { objectsPort } from "../adapters/aws-ports/objects";
import { createBulletinReads } from "../render/bulletin-use-cases";
import { BulletinFileParams } from "./bulletin-schemas";
import { OFFICIALS, route, SeeOther } from "./route";

export const { spec, create, handler, ports } = route(
  {
    method: "GET",
    path: "/v1/bulletins/{id}/{format}",
    summary:
      "The bulletin as PDF (红头, GB/T 9704) or xlsx (one sheet per table): 303 to a short-lived download link",
    auth: true,
    access: { roles: OFFICIALS, reaches: "bulletin" },
    params: BulletinFileParams,
    response: z.object({}),
    errors: [303, 400, 401, 403, 404],
  },
  async ({ deps, principal, params }) => {
    const { location } = await createBulletinReads(deps).download(principal, params.id, params.format);
    return new SeeOther(location);
  },
  [objectsPort],
);
