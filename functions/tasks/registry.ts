import * as cityDigests from "./city-digests";
import * as closePage from "./close-page";
import * as countyDigests from "./county-digests";
import * as draftBulletin from "./draft-bulletin";
import * as finishImport from "./finish-import";
import * as flushOutbox from "./flush-outbox";
import * as importPage from "./import-page";
import * as ladderStep from "./ladder-step";
import * as openPage from "./open-page";
import * as planImport from "./plan-import";
import * as planPhase from "./plan-phase";
import * as planSweep from "./plan-sweep";
import * as reconcileEffects from "./reconcile-effects";
import * as remindBulletin from "./remind-bulletin";
import * as remindPage from "./remind-page";
import * as rollUpSweep from "./roll-up-sweep";
import * as sweepCounty from "./sweep-county";

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
    name: "CityDigests",
    substitution: "CityDigestsFunctionArn",
    entry: "functions/tasks/city-digests.ts",
    module: cityDigests,
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
    name: "PlanImport",
    substitution: "PlanImportFunctionArn",
    entry: "functions/tasks/plan-import.ts",
    module: planImport,
  },
  {
    name: "ImportPage",
    substitution: "ImportPageFunctionArn",
    entry: "functions/tasks/import-page.ts",
    module: importPage,
  },
  {
    name: "FinishImport",
    substitution: "FinishImportFunctionArn",
    entry: "functions/tasks/finish-import.ts",
    module: finishImport,
  },
  {
    name: "PlanSweep",
    substitution: "PlanSweepFunctionArn",
    entry: "functions/tasks/plan-sweep.ts",
    module: planSweep,
  },
  {
    name: "SweepCounty",
    substitution: "SweepCountyFunctionArn",
    entry: "functions/tasks/sweep-county.ts",
    module: sweepCounty,
  },
  {
    name: "RollUp",
    substitution: "RollUpFunctionArn",
    entry: "functions/tasks/roll-up-sweep.ts",
    module: rollUpSweep,
  },
  {
    name: "DraftBulletin",
    substitution: "DraftBulletinFunctionArn",
    entry: "functions/tasks/draft-bulletin.ts",
    module: draftBulletin,
  },
  {
    name: "RemindBulletin",
    substitution: "RemindBulletinFunctionArn",
    entry: "functions/tasks/remind-bulletin.ts",
    module: remindBulletin,
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
  "enterprise-import": "workflows/enterprise-import.asl.json",
  "compliance-sweep": "workflows/compliance-sweep.asl.json",
  "effects-reconcile": "workflows/effects-reconcile.asl.json",
} as const;
export type WorkflowName = keyof typeof WORKFLOWS;
