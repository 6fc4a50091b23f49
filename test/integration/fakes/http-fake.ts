import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What a fake provider does with the next send: answer it, refuse it one of three ways, or lose the answer. */
export type Behaviour = "ok" | "throttle" | "transient" | "permanent" | "lose";

export type FakeRequest = {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
};

/** A loopback HTTP server whose handler sees each request with its whole body. */
export async function startHttpFake(
  handle: (request: FakeRequest, response: ServerResponse) => void | Promise<void>,
): Promise<{ server: Server; endpoint: string; port: number; stop: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      Promise.resolve(
        handle(
          {
            method: req.method ?? "GET",
            url: req.url ?? "/",
            headers: req.headers,
            body: Buffer.concat(chunks),
          },
          res,
        ),
      ).catch((error) => {
        res.writeHead(500).end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json;charset=utf-8" }).end(JSON.stringify(body));
}

/** "20261202" for an instant, in Beijing time. */
export function beijingDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, "");
}

/** "2026-12-02 10:11:12" for an instant, in Beijing time. */
export function beijingTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
}
