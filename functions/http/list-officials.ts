import { createDirectoryService } from "../domain/directory-service";
import { OFFICIALS, route } from "./route";
import { OfficialList, OfficialListQuery } from "./schemas";

export const { spec, create, handler, ports } = route(
  {
    method: "GET",
    path: "/v1/officials",
    summary:
      "Officials of one jurisdiction (the caller's or one within it), of one role or all; with below=true " +
      "those of every jurisdiction below it too (a city's and its counties'), sorted by jurisdiction; officials only",
    auth: true,
    access: { roles: OFFICIALS, reaches: "jurisdiction" },
    query: OfficialListQuery,
    response: OfficialList,
    errors: [400, 401, 403],
  },
  ({ deps, principal, query }) => createDirectoryService(deps).officials(principal, query),
);
