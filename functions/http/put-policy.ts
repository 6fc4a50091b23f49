import { PolicyOverride } from "../domain/policy";
import { createPolicyService } from "../domain/policy-service";
import { route } from "./route";
import { PolicyParams, PolicyView } from "./schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "PUT",
    path: "/v1/policies/{jurisdiction}",
    summary:
      "Set what a jurisdiction's local rules change from the levels above (due days, reminders, acceptance days, 挂牌督办 working days, accident periods); admin or 安委办 of that jurisdiction or above. Subjects already opened keep the version they recorded. A bad value is a 422 naming its path; a body that is not JSON a 400",
    auth: true,
    access: { roles: ["admin", "anweiban"], reaches: "jurisdiction" },
    params: PolicyParams,
    body: PolicyOverride,
    invalidBody: 422,
    response: PolicyView,
    errors: [400, 401, 403, 409, 422],
  },
  ({ deps, principal, params, body }) => createPolicyService(deps).put(principal, params.jurisdiction, body),
);
