import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import sesServer from "aws-ses-v2-local";

/** aws-ses-v2-local on loopback: the SES v2 API, a viewer at `/`, what it received at `GET /store`. */
export async function startSesLocal(port = 0): Promise<{ endpoint: string; server: Server }> {
  const start = (sesServer as unknown as { default?: typeof sesServer }).default ?? sesServer;
  const server = await start({ host: "127.0.0.1", port });
  const address = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${address.port}`, server };
}

/** How many emails the viewer keeps: the outbox (`GET /v1/notifications`) is the record, not the viewer. */
export const SES_VIEWER_KEEPS = 20_000;

/**
 * aws-ses-v2-local keeps every email it was given in memory, for good: a long run grows by its whole mail.
 * Trims its store to the latest `keep` (called after each fire).
 */
export function trimSesStore(keep = SES_VIEWER_KEEPS): void {
  const store = createRequire(import.meta.url)("aws-ses-v2-local/dist/store.js") as {
    getStoreReadonly(): { emails: unknown[] };
  };
  const { emails } = store.getStoreReadonly();
  if (emails.length > keep) emails.splice(0, emails.length - keep);
}
