import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import sesServer from "aws-ses-v2-local";

/** aws-ses-v2-local on loopback: the SES v2 API, a viewer at `/`, what it received at `GET /store`. */
export async function startSesLocal(port = 0): Promise<{ endpoint: string; server: Server }> {
  const start = (sesServer as unknown as { default?: typeof sesServer }).default ?? sesServer;
  const server = await start({ host: "127.0.0.1", port });
  const address = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${address.port}`, server };
}
