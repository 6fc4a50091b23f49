import { createOfficialService } from "../domain/official-service";
import { forgetInOffice } from "./in-office";
import { route } from "./route";
import { OfficialParams, OfficialStatusBody, OfficialView } from "./schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "POST",
    path: "/v1/officials/{officialId}/reactivate",
    summary: "Reactivate (恢复在职) a deactivated official with a reason; admins over its jurisdiction",
    auth: true,
    access: { roles: ["admin"], reaches: "official" },
    params: OfficialParams,
    body: OfficialStatusBody,
    response: OfficialView,
    errors: [400, 401, 403, 404, 409],
  },
  async ({ deps, principal, params, body }) => {
    const official = await createOfficialService(deps).reactivate(principal, params.officialId, body);
    forgetInOffice(params.officialId);
    return official;
  },
);
