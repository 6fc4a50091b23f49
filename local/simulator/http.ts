import { Agent, request } from "node:http";

/**
 * A small HTTP/1.1 client over kept-alive loopback connections. The simulator makes tens of thousands of
 * requests to the API in its own process; node:http costs the event loop less per request than fetch.
 */
export function createHttpClient(base: string, sockets = 32) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const url = new URL(base);

  /**
   * A kept-alive connection the server closed while idle (its keep-alive timeout runs on the wall clock,
   * the simulation's pauses between requests can be long) fails on reuse before the request reaches the
   * server: such a request is sent again on a fresh connection, as Node's documentation advises.
   */
  function attempt(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: string | undefined,
    retries: number,
  ): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method,
          path,
          headers: body === undefined ? headers : { ...headers, "content-length": Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
          );
          res.on("error", reject);
        },
      );
      req.on("error", (error: NodeJS.ErrnoException) => {
        if (req.reusedSocket && error.code === "ECONNRESET" && retries < 3) {
          resolve(attempt(method, path, headers, body, retries + 1));
        } else reject(error);
      });
      req.end(body);
    });
  }

  return {
    send(
      method: string,
      path: string,
      headers: Record<string, string>,
      body?: string,
    ): Promise<{ status: number; text: string }> {
      return attempt(method, path, headers, body, 0);
    },
    close: () => agent.destroy(),
  };
}
export type HttpClient = ReturnType<typeof createHttpClient>;
