import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import * as sns from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import type * as sfn from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";

/** The message the notifier logs when a send fails for good (functions/domain/notifier.ts). */
export const FAILED_SEND_MESSAGE = "send failed permanently";
export const FAILED_SENDS_METRIC = { namespace: "duban", metricName: "FailedSends" } as const;
/** The message logged when a ladder step or a notice reaches nobody (functions/domain/supervision.ts). */
export const NO_RECIPIENT_MESSAGE = "ladder step reached nobody";
export const NO_RECIPIENT_METRIC = { namespace: "duban", metricName: "NoRecipient" } as const;

export interface AlarmsProps {
  /** Subscribed to the alarm topic when given. */
  readonly alarmEmail?: string;
}

/**
 * What an operator must hear about: a workflow execution that failed, a notice that could not be delivered,
 * a scheduled start that never happened. Every alarm fires on the first occurrence within five minutes.
 */
export class Alarms extends Construct {
  readonly topic: sns.Topic;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: AlarmsProps = {}) {
    super(scope, id);
    const key = new kms.Key(this, "TopicKey", {
      description: "duban: encrypts the alarm topic",
      enableKeyRotation: true,
    });
    // CloudWatch publishes alarms to an encrypted topic only if the key lets it; the AWS-managed SNS key
    // does not, which would drop every alarm silently.
    key.grant(new iam.ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
    this.topic = new sns.Topic(this, "Topic", {
      displayName: "duban alarms",
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.action = new SnsAction(this.topic);
  }

  /** Any failed execution of the machine. */
  watchExecutions(id: string, machine: sfn.StateMachine): cloudwatch.Alarm {
    return this.alarm(
      `${id}ExecutionsFailed`,
      machine.metricFailed(this.period()),
      "a workflow execution failed",
    );
  }

  /** Failed sends logged in any of these log groups, counted into one metric with one alarm. */
  watchFailedSends(logGroups: Record<string, logs.ILogGroup>): cloudwatch.Alarm {
    this.countLogged(logGroups, "FailedSends", FAILED_SEND_MESSAGE, FAILED_SENDS_METRIC);
    const metric = new cloudwatch.Metric({ ...FAILED_SENDS_METRIC, ...this.period() });
    return this.alarm("FailedSends", metric, "a notification could not be delivered after all retries");
  }

  /** A ladder step or a notice that reached nobody (a jurisdiction without officials, no level above). */
  watchNoRecipient(logGroups: Record<string, logs.ILogGroup>): cloudwatch.Alarm {
    this.countLogged(logGroups, "NoRecipient", NO_RECIPIENT_MESSAGE, NO_RECIPIENT_METRIC);
    const metric = new cloudwatch.Metric({ ...NO_RECIPIENT_METRIC, ...this.period() });
    return this.alarm("NoRecipient", metric, "a ladder step or notice reached nobody");
  }

  private countLogged(
    logGroups: Record<string, logs.ILogGroup>,
    suffix: string,
    message: string,
    metric: { namespace: string; metricName: string },
  ) {
    for (const [id, logGroup] of Object.entries(logGroups)) {
      new logs.MetricFilter(this, `${id}${suffix}`, {
        logGroup,
        metricNamespace: metric.namespace,
        metricName: metric.metricName,
        filterPattern: logs.FilterPattern.stringValue("$.message", "=", message),
        metricValue: "1",
      });
    }
  }

  /** Anything in the dead-letter queue: a scheduled start that never reached its workflow. */
  watchDeadLetters(
    id: string,
    queue: sqs.IQueue,
    what = "a scheduled workflow start failed and was dead-lettered",
  ): cloudwatch.Alarm {
    const metric = queue.metricApproximateNumberOfMessagesVisible({ ...this.period(), statistic: "Maximum" });
    return this.alarm(`${id}DeadLetters`, metric, what);
  }

  private period() {
    return { period: Duration.minutes(5), statistic: "Sum" };
  }

  private alarm(id: string, metric: cloudwatch.IMetric, what: string): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      alarmDescription: `duban: ${what}.`,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No data means nothing failed (the failure metrics are only emitted when something does).
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    return alarm;
  }
}
