import { ArnFormat, Duration, Stack, Validations } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as ses from "aws-cdk-lib/aws-ses";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { FunctionEnvironment } from "./function";
import { nagValue } from "./workflows";

export interface NotifyProps {
  /** The sending address; on AWS it or its domain is a verified SES identity, in China the SMTP mailbox's. */
  readonly emailFrom: string;
  /** The End User Messaging SMS origination identity the messages go out from. */
  readonly smsOriginationIdentity: string;
}

export interface MainlandNotifyProps {
  readonly emailFrom: string;
  readonly smsProvider: "aliyun" | "tencent";
  /** Tencent Cloud SMS: the SMS application's SmsSdkAppId and the API's region. */
  readonly smsSdkAppId?: string;
  readonly smsRegion: string;
  readonly smtpHost: string;
  readonly smtpPort: number;
}

/** What a sending function's environment says about its channels (functions/adapters/lambda-deps.ts). */
export type ChannelEnvironment = Pick<
  FunctionEnvironment,
  | "EMAIL_FROM"
  | "DUBAN_CHANNELS"
  | "SES_CONFIGURATION_SET"
  | "SMS_ORIGINATION_IDENTITY"
  | "SMS_SETTINGS"
  | "EMAIL_SETTINGS"
>;

/** The delivery channels of a deployment, whichever they are: what functions are told and what senders may do. */
export interface Channels {
  readonly environment: ChannelEnvironment;
  /** Lets the function send through these channels and nothing more. */
  grantSend(fn: lambda.IFunction): void;
}

/**
 * The AWS China regions have neither SES nor End User Messaging SMS: email goes out by SMTP (a mailbox such
 * as 阿里企业邮 or 腾讯企业邮) and SMS through Aliyun 短信服务 or Tencent Cloud SMS. Their credentials live in
 * two secrets the operator fills after the first deploy (README "Deploying to AWS China"); only the functions
 * that send may read them.
 */
export class MainlandNotify extends Construct implements Channels {
  readonly smsCredentials: secretsmanager.Secret;
  readonly smtpCredentials: secretsmanager.Secret;
  readonly environment: ChannelEnvironment;

  constructor(scope: Construct, id: string, props: MainlandNotifyProps) {
    super(scope, id);
    const keys =
      props.smsProvider === "aliyun"
        ? '{"accessKeyId": "…", "accessKeySecret": "…", "callbackToken": "…"} (a RAM user allowed dysms:SendSms and dysms:QuerySendDetails only)'
        : '{"secretId": "…", "secretKey": "…", "callbackToken": "…"} (a CAM user allowed sms:SendSms and sms:PullSmsSendStatus only)';
    this.smsCredentials = new secretsmanager.Secret(this, "SmsCredentials", {
      description: `duban: ${props.smsProvider} SMS credentials, JSON ${keys}`,
    });
    this.smtpCredentials = new secretsmanager.Secret(this, "SmtpCredentials", {
      description: `duban: SMTP login of ${props.emailFrom} at ${props.smtpHost}, JSON {"user": "…", "pass": "…"}`,
    });
    for (const secret of [this.smsCredentials, this.smtpCredentials]) {
      Validations.of(secret).acknowledge({
        id: "AwsSolutions-SMG4",
        reason:
          "The value is a credential issued by a mainland provider (SMS access key, mailbox password); it is rotated at the provider, then put here by hand — Secrets Manager has no rotation function that could call the provider.",
      });
    }
    const stack = Stack.of(this);
    const sms =
      props.smsProvider === "aliyun"
        ? { provider: "aliyun", secretArn: this.smsCredentials.secretArn }
        : {
            provider: "tencent",
            secretArn: this.smsCredentials.secretArn,
            sdkAppId: props.smsSdkAppId,
            region: props.smsRegion,
          };
    this.environment = {
      EMAIL_FROM: props.emailFrom,
      DUBAN_CHANNELS: "mainland",
      SMS_SETTINGS: stack.toJsonString(sms),
      EMAIL_SETTINGS: stack.toJsonString({
        provider: "smtp",
        host: props.smtpHost,
        port: props.smtpPort,
        // TLS from the first byte: a mailbox password never crosses the network in the clear.
        secure: true,
        from: props.emailFrom,
        secretArn: this.smtpCredentials.secretArn,
      }),
    };
  }

  grantSend(fn: lambda.IFunction): void {
    this.smsCredentials.grantRead(fn);
    this.smtpCredentials.grantRead(fn);
  }
}

/**
 * The delivery channels' cloud side: an SES configuration set that reports bounces, rejects and delivery
 * failures to CloudWatch, and one policy that lets a function send email and SMS and nothing else.
 */
export class Notify extends Construct implements Channels {
  readonly configurationSet: ses.ConfigurationSet;
  /** Attached to every function that sends; one place to read what sending may do. */
  readonly sendPolicy: iam.ManagedPolicy;
  readonly environment: ChannelEnvironment;

  constructor(scope: Construct, id: string, props: NotifyProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.configurationSet = new ses.ConfigurationSet(this, "EmailConfigurationSet", {
      reputationMetrics: true,
      sendingEnabled: true,
      // A hard bounce or a complaint today means the next reminder bounces too; SES stops trying for us.
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSet.addEventDestination("CloudWatch", {
      destination: ses.EventDestination.cloudWatchDimensions([
        {
          name: "ses:configuration-set",
          source: ses.CloudWatchDimensionSource.MESSAGE_TAG,
          defaultValue: this.configurationSet.configurationSetName,
        },
      ]),
      events: [
        ses.EmailSendingEvent.SEND,
        ses.EmailSendingEvent.DELIVERY,
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.REJECT,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.RENDERING_FAILURE,
        ses.EmailSendingEvent.DELIVERY_DELAY,
      ],
    });

    this.environment = {
      EMAIL_FROM: props.emailFrom,
      DUBAN_CHANNELS: "aws",
      SES_CONFIGURATION_SET: this.configurationSet.configurationSetName,
      SMS_ORIGINATION_IDENTITY: props.smsOriginationIdentity,
    };

    const address = props.emailFrom;
    const domain = address.slice(address.lastIndexOf("@") + 1);
    const sesArn = (resource: string, resourceName: string) =>
      stack.formatArn({ service: "ses", resource, resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });

    this.sendPolicy = new iam.ManagedPolicy(this, "SendPolicy", {
      description: "duban: send notification email (SES) and SMS (End User Messaging SMS)",
      statements: [
        new iam.PolicyStatement({
          actions: ["ses:SendEmail"],
          // SES authorizes against whichever identity is verified: the address itself or its domain.
          resources: [
            sesArn("identity", address),
            sesArn("identity", domain),
            sesArn("configuration-set", this.configurationSet.configurationSetName),
          ],
        }),
        new iam.PolicyStatement({
          actions: ["sms-voice:SendTextMessage"],
          resources: [stack.formatArn({ service: "sms-voice", resource: "*" })],
        }),
      ],
    });
    Validations.of(this.sendPolicy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:${nagValue(stack.partition, "AWS::Partition")}:sms-voice:${nagValue(stack.region, "AWS::Region")}:<AWS::AccountId>:*]`,
      reason:
        "sms-voice:SendTextMessage is authorized against the origination identity (phone number, sender id or pool, " +
        "whichever was registered for mainland China) and the account's opt-out list; their ARNs are not known at " +
        "synth, so the grant is limited to this account and region and to this one action.",
    });
  }

  /** Lets the function send email and SMS through these channels. */
  grantSend(fn: lambda.IFunction): void {
    if (!fn.role) throw new Error("a sending function needs a role");
    fn.role.addManagedPolicy(this.sendPolicy);
  }

  /**
   * SES's delivery events as receipts (functions/tasks/ses-events.ts): the configuration set publishes
   * deliveries, bounces, complaints and rejects to the account's default event bus (the only bus SES v2 can
   * publish to), and a rule hands those of this configuration set — SES tags each event with it — to `fn`,
   * one event per invocation. Only EventBridge, for this rule, may invoke `fn` (the permission names the
   * rule's ARN): that is the events' proof of origin, since they carry no signature.
   */
  deliverEventsTo(fn: lambda.IFunction): events.Rule {
    const bus = events.EventBus.fromEventBusName(this, "DefaultBus", "default");
    this.configurationSet.addEventDestination("EventBridge", {
      destination: ses.EventDestination.eventBus(bus),
      events: [
        ses.EmailSendingEvent.DELIVERY,
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.REJECT,
      ],
    });
    const rule = new events.Rule(this, "EmailEventsRule", {
      description: "duban: SES delivery events of duban's configuration set → delivery receipts",
      eventBus: bus,
      eventPattern: {
        source: ["aws.ses"],
        detailType: [...SES_RECEIPT_EVENTS],
        detail: {
          mail: { tags: { "ses:configuration-set": [this.configurationSet.configurationSetName] } },
        },
      },
    });
    // A receipt that cannot be applied at once (a throttled table, a cold start failing) is retried by
    // EventBridge for hours; one that never is is kept in a dead-letter queue (alarmed in the stack), so an
    // operator can replay it instead of the message staying `sent` without anyone knowing.
    this.emailEventsDeadLetters = new sqs.Queue(this, "EmailEventsDeadLetters", {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.emailEventsDeadLetters).acknowledge({
      id: "AwsSolutions-SQS3",
      reason: "This queue is itself the dead-letter queue of the SES delivery events rule's target.",
    });
    rule.addTarget(
      new targets.LambdaFunction(fn, {
        retryAttempts: 20,
        maxEventAge: Duration.hours(12),
        deadLetterQueue: this.emailEventsDeadLetters,
      }),
    );
    return rule;
  }

  /** Where SES delivery events end that could not be applied in 12 hours (after `deliverEventsTo`). */
  emailEventsDeadLetters?: sqs.Queue;
}

/** The EventBridge detail types of the SES events that are receipts (or follow one: a complaint). */
export const SES_RECEIPT_EVENTS = [
  "Email Delivered",
  "Email Bounced",
  "Email Complaint Received",
  "Email Rejected",
] as const;
