import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import * as z from "zod";
import type { RouteSpec } from "./route";
import { route } from "./route";
import { ErrorBody } from "./schemas";

const STATUS_TEXT: Record<number, string> = {
  400: "Invalid input (fields name what is wrong)",
  401: "Missing or invalid Bearer token",
  403: "Outside the caller's jurisdiction or enterprise, or a role that may not act",
  404: "Not found",
  409: "Conflicting state or concurrent change",
  422: "Refused by a rule (e.g. a period that has not ended)",
};

const IdempotencyHeader = z.object({
  "Idempotency-Key": z
    .string()
    .min(1)
    .max(128)
    .optional()
    .meta({
      description:
        "Makes a retry safe: the same key with the same request answers the first answer (header " +
        "Idempotent-Replayed: true) and changes nothing; with another request, 422. Per caller, kept 24 hours.",
    }),
});

/** The OpenAPI 3.1 document, generated from the same zod schemas the handlers parse with. */
export function openApiDocument(specs: RouteSpec[]) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });
  for (const spec of specs) {
    registry.registerPath({
      method: spec.method.toLowerCase() as "get" | "put" | "post",
      path: spec.path,
      summary: spec.summary,
      ...(spec.auth ? { security: [{ bearer: [] }] } : {}),
      request: {
        ...(spec.method !== "GET" && spec.auth ? { headers: IdempotencyHeader } : {}),
        ...(spec.params ? { params: spec.params as z.ZodObject } : {}),
        ...(spec.query ? { query: spec.query as z.ZodObject } : {}),
        ...(spec.body === "csv"
          ? {
              body: {
                description: "CSV UTF-8 (with or without BOM) or GBK/GB18030; Chinese or English headers",
                content: {
                  "text/csv": { schema: z.string() },
                  "multipart/form-data": {
                    schema: z.object({ file: z.string().meta({ format: "binary" }) }),
                  },
                },
              },
            }
          : spec.body === "raw"
            ? {
                body: {
                  description: "The provider's callback as it sends it, verified by its own signature",
                  content: { "application/json": { schema: z.unknown() } },
                },
              }
            : spec.body
              ? { body: { content: { "application/json": { schema: spec.body } } } }
              : {}),
      },
      responses: {
        [spec.status ?? 200]: {
          description: "OK",
          content: { "application/json": { schema: spec.response } },
        },
        ...Object.fromEntries(
          (spec.errors ?? []).map((code) => [
            code,
            code === 303
              ? { description: "See Other: the file's short-lived download link is in Location" }
              : {
                  description: STATUS_TEXT[code] ?? "Error",
                  content: { "application/json": { schema: ErrorBody } },
                },
          ]),
        ),
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "duban API",
      version: "1.0.0",
      description:
        "督办 — work-safety supervision: catalogue, monthly self-inspection reports, notifications.",
    },
  });
}

export const { spec, create, handler, ports } = route(
  {
    method: "GET",
    path: "/v1/openapi.json",
    summary: "This document",
    auth: false,
    access: { public: true },
    response: z.record(z.string(), z.unknown()),
  },
  async (): Promise<unknown> => {
    const { ROUTES } = await import("./routes");
    return openApiDocument(ROUTES.map((r) => r.spec));
  },
);
