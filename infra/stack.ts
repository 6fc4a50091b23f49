import { CfnOutput, NestedStack, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { config, reconcileSchedule, schedulesFor } from "../config";
import { ROUTES } from "../functions/http/routes";
import * as sesEvents from "../functions/tasks/ses-events";
import { Alarms } from "./alarms";
import { Api } from "./api";
import { Console } from "./console";
import { Files } from "./files";
import { DubanFunction, grantPorts } from "./function";
import { type Channels, MainlandNotify, Notify } from "./notify";
import { type DubanParameters, isChina } from "./parameters";
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
  readonly notify: Channels;
  readonly workflows: Workflows;
  readonly schedules: Schedules;
  readonly api: Api;
  /** Not built in the China regions (CloudFront there needs an ICP-filed domain: README). */
  readonly console: Console | undefined;
  readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: DubanStackProps) {
    super(scope, id, props);
    const { parameters } = props;

    this.store = new Store(this, "Store");
    this.files = new Files(this, "Files");
    const china = isChina(parameters);
    this.notify = china
      ? new MainlandNotify(this, "Notify", {
          emailFrom: parameters.emailFrom,
          smsProvider: parameters.smsProvider,
          smsSdkAppId: parameters.smsSdkAppId,
          smsRegion: parameters.smsRegion,
          smtpHost: parameters.smtpHost,
          smtpPort: parameters.smtpPort,
        })
      : new Notify(this, "Notify", {
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
        ...this.notify.environment,
      },
    });
    // SES reports deliveries, bounces and rejects through EventBridge to a task of their own (global only:
    // the China stack has no SES; its SMS providers call POST /v1/provider-callbacks/{provider}).
    const eventFunctions: Record<string, DubanFunction> = {};
    if (this.notify instanceof Notify) {
      const fn = new DubanFunction(this, "SesEvents", {
        entry: "functions/tasks/ses-events.ts",
        kind: "task",
        description: "duban SES delivery events → receipts",
        environment: this.workflows.environment,
      });
      this.store.grantReadWrite(fn);
      // The notifier port: an undelivered message may enqueue its fallback (and set the dispatch timer).
      grantPorts(fn, sesEvents.ports, {
        files: this.files,
        notify: this.notify,
        startWorkflows: this.workflows.startWorkflows,
      });
      this.notify.deliverEventsTo(fn);
      eventFunctions.SesEvents = fn;
    }
    this.schedules = new Schedules(this, "Schedules", {
      schedules: [...schedulesFor(config), reconcileSchedule(config)],
      stateMachines: this.workflows.stateMachines,
    });
    // The routes (one function, role, policy, log group, integration, route and permission each) live in a
    // nested stack of their own: beside the workflows and the store they would pass CloudFormation's 500
    // resources per stack.
    const routes = new NestedStack(this, "Routes", {
      description: "duban: the HTTP API's routes and their functions",
    });
    this.api = new Api(this, "Api", {
      routesScope: routes,
      routes: ROUTES,
      environment: this.workflows.environment,
      store: this.store,
      files: this.files,
      notify: this.notify,
      startWorkflows: this.workflows.startWorkflows,
      jwtIssuer: parameters.jwtIssuer,
      jwtAudience: parameters.jwtAudience,
    });

    // CloudFront in the China regions serves only an ICP-filed domain with an IAM server certificate and has
    // neither CloudFront Functions nor origin access control as used here: the console is served from the
    // operator's own filed domain there (README "Deploying to AWS China").
    this.console = china
      ? undefined
      : new Console(this, "Console", {
          apiEndpoint: this.api.httpApi.apiEndpoint,
          oidc: {
            authority: parameters.jwtIssuer,
            clientId: parameters.consoleClientId,
            scope: parameters.consoleScope,
          },
        });

    // No console in the China build: nothing uploads from a browser there.
    if (this.console) this.files.allowUploadsFrom(this.console.url);

    // The alarms and the two metric filters on every function's log live in a nested stack: with them the
    // stack would pass CloudFormation's 500 resources per stack.
    const observability = new NestedStack(this, "Observability", {
      description: "duban: alarms and the metric filters on every function's log",
    });
    this.alarms = new Alarms(observability, "Alarms", { alarmEmail: parameters.alarmEmail });
    for (const [workflow, machine] of Object.entries(this.workflows.stateMachines)) {
      this.alarms.watchExecutions(workflow, machine);
    }
    // Every log group is watched, not only the functions that name the notifier port today.
    const functions = { ...this.workflows.functions, ...eventFunctions, ...this.api.functions };
    const logGroups = Object.fromEntries(Object.entries(functions).map(([name, fn]) => [name, fn.logGroup]));
    this.alarms.watchFailedSends(logGroups);
    this.alarms.watchNoRecipient(logGroups);
    this.alarms.watchDeadLetters("Schedules", this.schedules.deadLetterQueue);
    if (this.notify instanceof Notify && this.notify.emailEventsDeadLetters) {
      this.alarms.watchDeadLetters(
        "EmailEvents",
        this.notify.emailEventsDeadLetters,
        "an SES delivery event could not be applied for 12 hours and was dead-lettered (replay it from the queue)",
      );
    }

    new CfnOutput(this, "ApiUrl", { value: this.api.url, description: "The HTTP API's base URL" });
    if (this.console) {
      new CfnOutput(this, "ConsoleUrl", {
        value: this.console.url,
        description: "The console (and /v1 through the same origin)",
      });
    }
    new CfnOutput(this, "AlarmTopicArn", {
      value: this.alarms.topic.topicArn,
      description: "Subscribe operators here when alarmEmail was not given",
    });
  }
}
