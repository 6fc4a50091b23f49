import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TASKS, WORKFLOWS } from "../../functions/tasks/registry";

/** asl-validator 4 is CommonJS (`export =`) without type declarations. */
type AslValidator = (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => { isValid: boolean; errorsText: (separator?: string) => string };
const aslValidator = createRequire(import.meta.url)("asl-validator") as AslValidator;

type State = {
  Type: string;
  QueryLanguage?: string;
  Resource?: string;
  Retry?: unknown[];
  Seconds?: number;
  MaxConcurrency?: number;
  ItemProcessor?: { ProcessorConfig?: { Mode?: string }; States: Record<string, State> };
  Iterator?: { States: Record<string, State> };
  Branches?: { States: Record<string, State> }[];
};
type Definition = { QueryLanguage?: string; States: Record<string, State> };

const ROOT = join(import.meta.dirname, "..", "..");
const FILES = readdirSync(join(ROOT, "workflows"))
  .filter((f) => f.endsWith(".asl.json"))
  .map((f) => `workflows/${f}`)
  .sort();
/** DEVELOPERS.md rule 3: anything longer is a durable timer, not a Wait. */
const LONGEST_WAIT_SECONDS = 300;

const text = (file: string) => readFileSync(join(ROOT, file), "utf8");
const substitutionsIn = (file: string) => [...text(file).matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1] ?? "");

/** What CDK does at deploy time: each `${XFunctionArn}` becomes the ARN of its task's function. */
function deployed(file: string): Definition {
  let definition = text(file);
  for (const task of TASKS) {
    definition = definition.replaceAll(
      `\${${task.substitution}}`,
      `arn:aws-cn:lambda:cn-northwest-1:123456789012:function:duban-${task.name}`,
    );
  }
  return JSON.parse(definition) as Definition;
}

/** Every state of a definition with its path, nested Map processors and Parallel branches included. */
function allStates(states: Record<string, State>, prefix = ""): [string, State][] {
  return Object.entries(states).flatMap(([name, state]) => {
    const path = `${prefix}${name}`;
    const nested = [
      ...(state.ItemProcessor ? [state.ItemProcessor.States] : []),
      ...(state.Iterator ? [state.Iterator.States] : []),
      ...(state.Branches ?? []).map((b) => b.States),
    ];
    return [[path, state] as [string, State], ...nested.flatMap((s) => allStates(s, `${path}/`))];
  });
}
const statesOf = (file: string, type?: string) =>
  allStates(deployed(file).States).filter(([, s]) => !type || s.Type === type);

describe("the workflow files", () => {
  it("every file in workflows/ is registered in WORKFLOWS, and every registered file exists", () => {
    const registered = Object.values(WORKFLOWS).sort();

    expect(FILES).toEqual(registered);
  });

  it("asl-validator rejects a definition whose Next names no state, so a pass below means something", () => {
    const broken = { StartAt: "A", States: { A: { Type: "Pass", Next: "Nowhere" } } };

    const result = aslValidator(broken);

    expect(result.isValid).toBe(false);
  });
});

describe.each(FILES)("%s", (file) => {
  it("passes asl-validator once its substitutions are ARNs, as CDK makes them at deploy time", () => {
    const result = aslValidator(deployed(file));

    expect(result.errorsText("\n")).toBe("");
    expect(result.isValid).toBe(true);
  });

  it("names in its ${…} substitutions only tasks of the registry", () => {
    const known = TASKS.map((t) => t.substitution as string);

    const used = substitutionsIn(file);

    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((name) => !known.includes(name))).toEqual([]);
  });

  it("takes every Task resource from a substitution, never from a hard-coded ARN", () => {
    const raw = JSON.parse(text(file)) as Definition;

    const resources = allStates(raw.States)
      .filter(([, s]) => s.Type === "Task")
      .map(([path, s]) => [path, s.Resource]);

    expect(resources.length).toBeGreaterThan(0);
    for (const [path, resource] of resources) expect(resource, path).toMatch(/^\$\{\w+FunctionArn\}$/);
  });

  it("has no Wait state longer than 300 seconds: long waits are durable timers (rule 3)", () => {
    const waits = statesOf(file, "Wait");

    // A wait read from the input (SecondsPath) or until a timestamp has no bound the definition shows.
    const tooLong = waits.filter(([, w]) => w.Seconds === undefined || w.Seconds > LONGEST_WAIT_SECONDS);

    expect(tooLong.map(([path]) => path)).toEqual([]);
  });

  it("uses JSONPath, never JSONata, at the top and in every state", () => {
    const raw = JSON.parse(text(file)) as Definition;

    const languages = [raw.QueryLanguage, ...allStates(raw.States).map(([, s]) => s.QueryLanguage)];

    expect(languages.filter((l) => l !== undefined && l !== "JSONPath")).toEqual([]);
  });

  it("gives every Task state a Retry", () => {
    const tasks = statesOf(file, "Task");

    expect(tasks.length).toBeGreaterThan(0);
    for (const [path, task] of tasks) expect(task.Retry?.length ?? 0, path).toBeGreaterThan(0);
  });

  it("runs every Map INLINE with a fixed MaxConcurrency", () => {
    const maps = statesOf(file, "Map");

    const offending = maps.filter(
      ([, m]) => m.ItemProcessor?.ProcessorConfig?.Mode !== "INLINE" || !(Number(m.MaxConcurrency) >= 1),
    );

    expect(offending.map(([path]) => path)).toEqual([]);
  });
});
