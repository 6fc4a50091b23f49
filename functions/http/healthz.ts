import { route } from "./route";
import { Health } from "./schemas";

export const { spec, create, handler } = route(
  { method: "GET", path: "/healthz", summary: "Liveness", auth: false, response: Health },
  async () => ({ status: "ok" as const }),
);
