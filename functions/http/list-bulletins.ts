import { createBulletinReads } from "../render/bulletin-use-cases";
import { BulletinList, BulletinQuery } from "./bulletin-schemas";
import { OFFICIALS, route } from "./route";

export const { spec, create, handler, ports } = route(
  {
    method: "GET",
    path: "/v1/bulletins",
    summary:
      "The versions of a jurisdiction's monthly bulletin (通报): drafts, issued, superseded; officials of that jurisdiction or above",
    auth: true,
    access: { roles: OFFICIALS, reaches: "jurisdiction" },
    query: BulletinQuery,
    response: BulletinList,
    errors: [400, 401, 403],
  },
  ({ deps, principal, query }) => createBulletinReads(deps).list(principal, query),
);
