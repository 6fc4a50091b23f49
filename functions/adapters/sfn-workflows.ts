import { type SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import type { WorkflowStarter } from "../domain/ports";

/** Starts a Step Functions execution named by the id: starting the same id twice starts it once. */
export function createSfnWorkflows(sfn: SFNClient, arns: Record<string, string>): WorkflowStarter {
  return {
    async start(workflow, id, input) {
      const arn = arns[workflow];
      if (!arn) throw new Error(`no state machine for workflow ${workflow}`);
      try {
        await sfn.send(
          new StartExecutionCommand({ stateMachineArn: arn, name: id, input: JSON.stringify(input) }),
        );
      } catch (error) {
        if ((error as Error).name !== "ExecutionAlreadyExists") throw error;
      }
    },
  };
}
