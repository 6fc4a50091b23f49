import { createOfficialService } from "../domain/official-service";
import { forgetInOffice } from "./in-office";
import { route } from "./route";
import { OfficialParams, OfficialStatusBody, OfficialView } from "./schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/officials/{officialId}/deactivate",
    summary:
      "Deactivate (停用) an official with a reason: told nothing from then on, record and history kept; admins over its jurisdiction",
    auth: true,
    access: { roles: ["admin"], reaches: "official" },
    params: OfficialParams,
    body: OfficialStatusBody,
    response: OfficialView,
    errors: [400, 401, 403, 404, 409, 422],
  },
  async ({ deps, principal, params, body }) => {
    const official = await createOfficialService(deps).deactivate(principal, params.officialId, body);
    forgetInOffice(params.officialId);
    return official;
  },
);
