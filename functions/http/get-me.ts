import { jurisdictionName } from "../domain/jurisdiction";
import { whoIs } from "../domain/me";
import { EVERYONE, route } from "./route";
import { MeView } from "./schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "GET",
    path: "/v1/me",
    summary: "Who the caller is (name, role, jurisdiction, enterprise) and what they may do",
    auth: true,
    access: { roles: EVERYONE, reaches: "none" },
    response: MeView,
    errors: [401],
  },
  async ({ deps, principal }) => {
    const me = await whoIs(principal, deps.catalogue);
    return {
      ...me,
      jurisdictionName: jurisdictionName(me.jurisdiction),
      now: deps.clock.now().toISOString(),
    };
  },
);
