import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Context } from "aws-lambda";
import { StateMachine } from "aws-local-stepfunctions";
import type { Deps } from "../functions/adapters/deps";
import { TASKS, WORKFLOWS, type WorkflowName } from "../functions/tasks/registry";

type Json = Record<string, unknown>;
type StateDef = {
  Type: string;
  Resource?: string;
  ItemProcessor?: { States: Record<string, StateDef> };
  Iterator?: { States: Record<string, StateDef> };
};

const ROOT = join(import.meta.dirname, "..");

/** Every Task state of a definition, nested Map processors included: state name → resource. */
function taskStates(states: Record<string, StateDef>, into: Map<string, string> = new Map()) {
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === "Task" && state.Resource) into.set(name, state.Resource);
    const inner = state.ItemProcessor ?? state.Iterator;
    if (inner) taskStates(inner.States, into);
  }
  return into;
}

function lambdaContext(name: string): Context {
  return {
    functionName: `duban-${name}`,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:duban-${name}`,
    memoryLimitInMB: "512",
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/duban-${name}`,
    logStreamName: "local",
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * Runs the files in workflows/ with aws-local-stepfunctions. Each `${XFunctionArn}` substitution becomes a
 * stand-in Lambda ARN, and its Task state is overridden to call the same handler module in-process.
 */
export function createWorkflowRunner(deps: Deps) {
  const machines = new Map<
    string,
    { machine: StateMachine; handlers: Record<string, (input: unknown) => Promise<never>> }
  >();
  for (const [name, file] of Object.entries(WORKFLOWS)) {
    let text = readFileSync(join(ROOT, file), "utf8");
    for (const task of TASKS) {
      text = text.replaceAll(
        `\${${task.substitution}}`,
        `arn:aws:lambda:local:000000000000:function:duban-${task.name}`,
      );
    }
    const definition = JSON.parse(text);
    const handlers: Record<string, (input: unknown) => Promise<never>> = {};
    for (const [state, resource] of taskStates(definition.States)) {
      const task = TASKS.find((t) => resource.endsWith(`:function:duban-${t.name}`));
      if (!task) throw new Error(`${file}: state ${state} names unknown resource ${resource}`);
      const handler = task.module.create(deps);
      handlers[state] = (input) => handler(input, lambdaContext(task.name)) as Promise<never>;
    }
    machines.set(name, { machine: new StateMachine(definition), handlers });
  }
  const stats = { executions: {} as Record<string, number>, taskInvocations: {} as Record<string, number> };
  for (const entry of machines.values()) {
    for (const [state, handler] of Object.entries(entry.handlers)) {
      entry.handlers[state] = (input) => {
        stats.taskInvocations[state] = (stats.taskInvocations[state] ?? 0) + 1;
        return handler(input);
      };
    }
  }
  return {
    /** Executions per workflow and Task invocations per state (each one a Lambda invocation on AWS). */
    stats: () => structuredClone(stats),
    async run(workflow: WorkflowName | string, input: Json): Promise<unknown> {
      stats.executions[workflow] = (stats.executions[workflow] ?? 0) + 1;
      const entry = machines.get(workflow);
      if (!entry) throw new Error(`no workflow "${workflow}"`);
      const execution = entry.machine.run(input as never, {
        // Retries keep their shape but not their seconds-long pauses: the local clock may be virtual.
        overrides: {
          taskResourceLocalHandlers: entry.handlers,
          retryIntervalOverrides: Object.fromEntries(Object.keys(entry.handlers).map((s) => [s, 100])),
        },
      });
      return execution.result;
    },
  };
}
export type WorkflowRunner = ReturnType<typeof createWorkflowRunner>;
