import { CfnOutput, NestedStack, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { config, reconcileSchedule, schedulesFor } from "../config";
import { ROUTES } from "../functions/http/routes";
import { Alarms } from "./alarms";
import { Api } from "./api";
import { Console } from "./console";
import { Files } from "./files";
import { Notify } from "./notify";
import type { DubanParameters } from "./parameters";
import { Schedules } from "./schedules";
import { Store } from "./store";
import { Workflows } from "./workflows";

export interface DubanStackProps extends StackProps {
  readonly parameters: DubanParameters;
}

/** duban on AWS: the table, the delivery channels, the workflows and their schedules, the API, the alarms. */
export class DubanStack extends Stack {
  readonly store: Store;
  readonly files: Files;
  readonly notify: Notify;
  readonly workflows: Workflows;
  readonly schedules: Schedules;
  readonly api: Api;
  readonly console: Console;
  readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: DubanStackProps) {
    super(scope, id, props);
    const { parameters } = props;

    this.store = new Store(this, "Store");
    this.files = new Files(this, "Files");
    this.notify = new Notify(this, "Notify", {
      emailFrom: parameters.emailFrom,
      smsOriginationIdentity: parameters.smsOriginationIdentity,
    });
    this.workflows = new Workflows(this, "Workflows", {
      store: this.store,
      files: this.files,
      notify: this.notify,
      environment: {
        TABLE_NAME: this.store.table.tableName,
        FILES_BUCKET: this.files.bucket.bucketName,
        EMAIL_FROM: parameters.emailFrom,
        SES_CONFIGURATION_SET: this.notify.configurationSet.configurationSetName,
        SMS_ORIGINATION_IDENTITY: parameters.smsOriginationIdentity,
      },
    });
    this.schedules = new Schedules(this, "Schedules", {
      schedules: [...schedulesFor(config), reconcileSchedule(config)],
      stateMachines: this.workflows.stateMachines,
    });
    this.api = new Api(this, "Api", {
      routes: ROUTES,
      environment: this.workflows.environment,
      store: this.store,
      files: this.files,
      notify: this.notify,
      startWorkflows: this.workflows.startWorkflows,
      jwtIssuer: parameters.jwtIssuer,
      jwtAudience: parameters.jwtAudience,
    });

    this.console = new Console(this, "Console", {
      apiEndpoint: this.api.httpApi.apiEndpoint,
      oidc: {
        authority: parameters.jwtIssuer,
        clientId: parameters.consoleClientId,
        scope: parameters.consoleScope,
      },
    });

    this.files.allowUploadsFrom(this.console.url);

    // The alarms and the two metric filters on every function's log live in a nested stack: with them the
    // stack would pass CloudFormation's 500 resources per stack.
    const observability = new NestedStack(this, "Observability", {
      description: "duban: alarms and the metric filters on every function's log",
    });
    this.alarms = new Alarms(observability, "Alarms", { alarmEmail: parameters.alarmEmail });
    for (const [workflow, machine] of Object.entries(this.workflows.stateMachines)) {
      this.alarms.watchExecutions(workflow, machine);
    }
    // Every function holds a notifier (lambda-deps), so every log group is watched, not only today's senders.
    const functions = { ...this.workflows.functions, ...this.api.functions };
    const logGroups = Object.fromEntries(Object.entries(functions).map(([name, fn]) => [name, fn.logGroup]));
    this.alarms.watchFailedSends(logGroups);
    this.alarms.watchNoRecipient(logGroups);
    this.alarms.watchDeadLetters("Schedules", this.schedules.deadLetterQueue);

    new CfnOutput(this, "ApiUrl", { value: this.api.url, description: "The HTTP API's base URL" });
    new CfnOutput(this, "ConsoleUrl", {
      value: this.console.url,
      description: "The console (and /v1 through the same origin)",
    });
    new CfnOutput(this, "AlarmTopicArn", {
      value: this.alarms.topic.topicArn,
      description: "Subscribe operators here when alarmEmail was not given",
    });
  }
}
