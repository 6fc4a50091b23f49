import * as closePage from "./close-page";
import * as countyDigests from "./county-digests";
import * as flushOutbox from "./flush-outbox";
import * as ladderStep from "./ladder-step";
import * as openPage from "./open-page";
import * as planPhase from "./plan-phase";
import * as reconcileEffects from "./reconcile-effects";
import * as remindPage from "./remind-page";

/**
 * Every Task handler with the substitution its workflow files name it by. CDK deploys each `entry` as a
 * function and fills `${substitution}` with its ARN; the local runner calls `create(deps)` in-process.
 */
export const TASKS = [
  {
    name: "PlanPhase",
    substitution: "PlanPhaseFunctionArn",
    entry: "functions/tasks/plan-phase.ts",
    module: planPhase,
  },
  {
    name: "OpenPage",
    substitution: "OpenPageFunctionArn",
    entry: "functions/tasks/open-page.ts",
    module: openPage,
  },
  {
    name: "RemindPage",
    substitution: "RemindPageFunctionArn",
    entry: "functions/tasks/remind-page.ts",
    module: remindPage,
  },
  {
    name: "ClosePage",
    substitution: "ClosePageFunctionArn",
    entry: "functions/tasks/close-page.ts",
    module: closePage,
  },
  {
    name: "CountyDigests",
    substitution: "CountyDigestsFunctionArn",
    entry: "functions/tasks/county-digests.ts",
    module: countyDigests,
  },
  {
    name: "FlushOutbox",
    substitution: "FlushOutboxFunctionArn",
    entry: "functions/tasks/flush-outbox.ts",
    module: flushOutbox,
  },
  {
    name: "LadderStep",
    substitution: "LadderStepFunctionArn",
    entry: "functions/tasks/ladder-step.ts",
    module: ladderStep,
  },
  {
    name: "ReconcileEffects",
    substitution: "ReconcileEffectsFunctionArn",
    entry: "functions/tasks/reconcile-effects.ts",
    module: reconcileEffects,
  },
] as const;

/** The workflows in workflows/: name → file. */
export const WORKFLOWS = {
  "monthly-report-cycle": "workflows/monthly-report-cycle.asl.json",
  "notification-dispatch": "workflows/notification-dispatch.asl.json",
  "major-hazard-supervision": "workflows/major-hazard-supervision.asl.json",
  "accident-case": "workflows/accident-case.asl.json",
  "effects-reconcile": "workflows/effects-reconcile.asl.json",
} as const;
export type WorkflowName = keyof typeof WORKFLOWS;
