import { ArnFormat, Stack, Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as ses from "aws-cdk-lib/aws-ses";
import { Construct } from "constructs";

export interface NotifyProps {
  /** The sending address; it or its domain is a verified SES identity. */
  readonly emailFrom: string;
  /** The End User Messaging SMS origination identity the messages go out from. */
  readonly smsOriginationIdentity: string;
}

/**
 * The delivery channels' cloud side: an SES configuration set that reports bounces, rejects and delivery
 * failures to CloudWatch, and one policy that lets a function send email and SMS and nothing else.
 */
export class Notify extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  /** Attached to every function that sends; one place to read what sending may do. */
  readonly sendPolicy: iam.ManagedPolicy;

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
      id: "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sms-voice:<AWS::Region>:<AWS::AccountId>:*]",
      reason:
        "sms-voice:SendTextMessage is authorized against the origination identity (phone number, sender id or pool, " +
        "whichever was registered for mainland China) and the account's opt-out list; their ARNs are not known at " +
        "synth, so the grant is limited to this account and region and to this one action.",
    });
  }

  /** Lets the function send email and SMS through these channels. */
  grantSend(grantee: { role?: iam.IRole }): void {
    if (!grantee.role) throw new Error("a sending function needs a role");
    grantee.role.addManagedPolicy(this.sendPolicy);
  }
}
