import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Enterprise } from "../../functions/domain/catalogue";
import { createCatalogueService } from "../../functions/domain/catalogue-service";
import { openApiDocument } from "../../functions/http/openapi";
import { ROUTES } from "../../functions/http/routes";
import { generateEnterprises, generateOfficials } from "../../local/demo-data";
import type { Stack } from "../../local/stack";
import { startTestStack, tokenFor } from "./support";

/**
 * A fuzz test generated from the OpenAPI document: every operation, with its path and query parameters and
 * its body filled from its own schema (enum values, formats) mixed with values at and past every bound —
 * ±2^53, 1e308, 1e-200, negative and fractional counts, dates outside 1949–2100, control and bidi
 * characters, long text, malformed % escapes, wrong types and media types. Fixed seed; the server must never
 * answer 5xx.
 */

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
};
type Operation = {
  method: string;
  path: string;
  parameters: { name: string; in: "path" | "query"; schema: Schema }[];
  body?: { type: string; schema: Schema };
};

const SEED = 20261202;
const RUNS_PER_OPERATION = 8;

const [E] = generateEnterprises({ count: 1, seed: 5, counties: ["530502"] }) as [Enterprise];

const hostileNumbers = [
  2 ** 53,
  -(2 ** 53),
  2 ** 53 + 2,
  1e308,
  -1e308,
  1e-200,
  -1e-200,
  0,
  -1,
  0.5,
  1e16,
  1e13 + 0.001,
];
const hostileStrings = [
  "",
  "%E0%A4%A",
  "%",
  "%ZZ",
  "x".repeat(5000),
  "\u0000",
  "井口\u202E塌陷",
  "\u001b[31m",
  "=cmd|' /c calc'!A0",
  "1949-09-30",
  "2101-01-01",
  "0001-01-01T00:00:00Z",
  "9999-12-31T23:59:59+08:00",
  "2026-02-30",
  "2026-13",
  "1e308",
  "-9007199254740993",
  "NaN",
  "../../etc/passwd",
];
const hostile: unknown[] = [...hostileNumbers, ...hostileStrings, null, true, [], {}, [1], { a: 1 }];

function resolve(doc: Record<string, unknown>, schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.split("/").pop() as string;
  return (doc as { components: { schemas: Record<string, Schema> } }).components.schemas[name] ?? {};
}

/** A value from the schema itself (what a careful caller sends), so the fuzz reaches past the first check. */
function plausible(doc: Record<string, unknown>, raw: Schema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(doc, raw);
  const alternatives = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => plausible(doc, s, depth + 1)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === "object" && depth < 4) {
    const props = Object.entries(schema.properties ?? {});
    return fc.record(Object.fromEntries(props.map(([k, s]) => [k, plausible(doc, s, depth + 1)])), {
      requiredKeys: schema.required ?? [],
    });
  }
  if (type === "array") return fc.array(plausible(doc, schema.items ?? {}, depth + 1), { maxLength: 3 });
  if (type === "integer")
    return fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constantFrom(...hostileNumbers));
  if (type === "number") return fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(...hostileNumbers));
  if (type === "boolean") return fc.boolean();
  if (schema.format === "date-time")
    return fc.constantFrom("2026-11-01T10:00:00+08:00", "2026-11-01T10:00:00Z");
  if (schema.pattern?.includes("\\d{4}-")) return fc.constantFrom("2026-10", "2026-11-01", "2027-03-31");
  return fc.oneof(
    fc.constantFrom("保山", E.creditCode, "530502", "13800000000"),
    fc.string({ maxLength: 20 }),
  );
}

/** A value for a field: mostly plausible, often hostile. */
function fieldValue(doc: Record<string, unknown>, schema: Schema): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 2, arbitrary: plausible(doc, schema) },
    { weight: 3, arbitrary: fc.constantFrom(...hostile) },
  );
}

function operationsOf(doc: Record<string, unknown>): Operation[] {
  const paths = (doc as { paths: Record<string, Record<string, Record<string, unknown>>> }).paths;
  return Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const content = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)
        ?.content;
      const [type, media] = Object.entries(content ?? {})[0] ?? [];
      return {
        method: method.toUpperCase(),
        path,
        parameters: ((op.parameters as Operation["parameters"]) ?? []).filter(
          (p) => p.in === "path" || p.in === "query",
        ),
        ...(type && media ? { body: { type, schema: media.schema } } : {}),
      };
    }),
  );
}

let stack: Stack;
const doc = openApiDocument(ROUTES.map((r) => r.spec)) as unknown as Record<string, unknown>;
const operations = operationsOf(doc);

beforeAll(async () => {
  stack = await startTestStack({ now: "2026-11-10T10:00:00+08:00" });
  await createCatalogueService(stack.deps).load([E], generateOfficials());
});

afterAll(async () => {
  await stack?.stop();
});

describe("the API under inputs generated from its OpenAPI document", () => {
  it("covers every operation of the route table", () => {
    expect(operations.length).toBe(ROUTES.length);
  });

  for (const op of operations) {
    it(`${op.method} ${op.path} never answers 5xx`, async () => {
      const tokens = await Promise.all([
        tokenFor(stack.secret, { role: "admin", jurisdiction: "530000" }),
        tokenFor(stack.secret, { role: "enterprise", jurisdiction: "530502", enterprise: E.creditCode }),
      ]);
      const params = fc.record(
        Object.fromEntries(
          op.parameters.map((p) => [
            `${p.in}:${p.name}`,
            fc.oneof(plausible(doc, p.schema), fc.constantFrom(...hostile)).map((v) => String(v)),
          ]),
        ),
        { requiredKeys: op.parameters.filter((p) => p.in === "path").map((p) => `${p.in}:${p.name}`) },
      );
      const body = op.body
        ? fc.oneof(
            {
              weight: 4,
              arbitrary:
                op.body.type === "text/csv" ? fc.string({ maxLength: 200 }) : fieldsOf(op.body.schema),
            },
            { weight: 1, arbitrary: fc.constantFrom(...hostile) },
          )
        : fc.constant(undefined);
      const contentType = fc.constantFrom(
        op.body?.type ?? "application/json",
        op.body?.type ?? "application/json",
        "text/plain",
        "application/json",
      );

      await fc.assert(
        fc.asyncProperty(
          params,
          body,
          contentType,
          fc.constantFrom(...tokens),
          async (values, payload, type, token) => {
            let path = op.path;
            const query = new URLSearchParams();
            for (const [key, value] of Object.entries(values)) {
              const [where, name] = key.split(":") as [string, string];
              // Malformed escapes are sent as they are; anything else is escaped like a client would.
              if (where === "path")
                path = path.replace(`{${name}}`, /%/.test(value) ? value : encodeURIComponent(value));
              else query.set(name, value);
            }
            const url = `${stack.urls.api}${path}${query.size ? `?${query}` : ""}`;
            const text =
              payload === undefined
                ? undefined
                : typeof payload === "string" && type !== "application/json"
                  ? payload
                  : JSON.stringify(payload);
            const res = await fetch(url, {
              method: op.method,
              headers: {
                authorization: `Bearer ${token}`,
                ...(text !== undefined ? { "content-type": type } : {}),
              },
              ...(text !== undefined ? { body: text } : {}),
            });
            const answer = await res.text();
            expect(
              res.status,
              `${op.method} ${url} ${text?.slice(0, 300)} → ${answer.slice(0, 300)}`,
            ).toBeLessThan(500);
          },
        ),
        { seed: SEED, numRuns: RUNS_PER_OPERATION },
      );
    });
  }

  function fieldsOf(raw: Schema): fc.Arbitrary<unknown> {
    const schema = resolve(doc, raw);
    const props = Object.entries(schema.properties ?? {});
    if (props.length === 0) return plausible(doc, schema);
    return fc.record(Object.fromEntries(props.map(([k, s]) => [k, fieldValue(doc, s)])), {
      requiredKeys: schema.required ?? [],
    });
  }
});
