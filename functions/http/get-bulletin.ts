import { createBulletinReads } from "../render/bulletin-use-cases";
import { BulletinParams, BulletinView } from "./bulletin-schemas";
import { OFFICIALS, route } from "./route";

export const { spec, create, handler, ports } = route(
  {
    method: "GET",
    path: "/v1/bulletins/{id}",
    summary:
      "One bulletin with its figures, its printed document and its timeline; another jurisdiction's is 404",
    auth: true,
    access: { roles: OFFICIALS, reaches: "bulletin" },
    params: BulletinParams,
    response: BulletinView,
    errors: [400, 401, 403, 404],
  },
  ({ deps, principal, params }) => createBulletinReads(deps).get(principal, params.id),
);
