import { SFNClient } from "@aws-sdk/client-sfn";
import { countCalls } from "../aws-calls";
import type { PortFactory } from "../lambda-deps";
import { createSfnWorkflows } from "../sfn-workflows";

/** Starts a workflow now (Step Functions). */
export const workflowsPort: PortFactory<"workflows"> = {
  port: "workflows",
  build: ({ env }) => createSfnWorkflows(countCalls(new SFNClient({})), env.WORKFLOW_ARNS),
};
