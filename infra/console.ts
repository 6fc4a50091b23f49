import { existsSync } from "node:fs";
import { join } from "node:path";
import { Duration, Fn, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as origins from "aws-cdk-lib/aws-cloudfront-origins";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as s3deploy from "aws-cdk-lib/aws-s3-deployment";
import { Construct } from "constructs";
import { REPO_ROOT } from "./function";

/** The same policy the local server sends (local/console-server.ts): scripts and data from this origin only. */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' https:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

export type ConsoleProps = {
  /** The HTTP API's endpoint (https://{id}.execute-api.{region}.amazonaws.com). */
  apiEndpoint: string;
  /** OpenID Connect: the issuer the API's JWT authorizer trusts, and the console's public client. */
  oidc: { authority: string; clientId: string; scope: string };
  /** The built console (npm run console:build); defaults to console/dist. */
  dist?: string;
};

/**
 * The console on AWS: a private bucket that only CloudFront reads (origin access control); `/v1/*` goes to
 * the HTTP API as a second origin, so the browser sees one origin and needs no CORS. Security headers on
 * every response; unknown paths without a file extension answer index.html (the console's router owns them).
 */
export class Console extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: ConsoleProps) {
    super(scope, id);
    const dist = props.dist ?? join(REPO_ROOT, "console", "dist");
    if (!existsSync(join(dist, "index.html"))) {
      throw new Error(`the console is not built (${dist}/index.html missing): run npm run console:build`);
    }

    const logs = new s3.Bucket(this, "Logs", {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logs).acknowledge({
      id: "AwsSolutions-S1",
      reason:
        "This bucket receives the console bucket's and the distribution's logs; logging it to itself would loop.",
    });

    this.bucket = new s3.Bucket(this, "Bucket", {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: "console-bucket/",
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, "SecurityHeaders", {
      comment: "duban console: CSP, HSTS, nosniff, no framing",
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: CONSOLE_CSP, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          preload: false,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });

    // SPA fallback on the console's behaviour only: custom error responses would also rewrite the API's 404s.
    const spaFallback = new cloudfront.Function(this, "SpaFallback", {
      comment: "Paths without a file extension are the console's routes: answer index.html",
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(
        "function handler(event){var r=event.request;if(!/\\.[A-Za-z0-9]+$/.test(r.uri)){r.uri='/index.html';}return r;}",
      ),
    });

    const apiDomain = Fn.select(2, Fn.split("/", props.apiEndpoint));
    this.distribution = new cloudfront.Distribution(this, "Distribution", {
      comment: "duban console and API",
      defaultRootObject: "index.html",
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: "cloudfront/",
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        functionAssociations: [
          { function: spaFallback, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
      additionalBehaviors: {
        "/v1/*": {
          origin: new origins.HttpOrigin(apiDomain, {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          // The Authorization header, the query and the body reach the API; the Host is the API's own.
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
        },
      },
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: "AwsSolutions-CFR1",
        reason:
          "The console serves officials and enterprises across mainland China and travelling staff; no geo restriction.",
      },
      {
        id: "AwsSolutions-CFR2",
        reason:
          "WAF is an account-level decision of the operator (a web ACL shared by the bureau's sites); the API authenticates every /v1 call with a JWT.",
      },
      {
        id: "AwsSolutions-CFR4",
        reason:
          "With the default cloudfront.net certificate CloudFront fixes the policy at TLSv1; a deployment with a custom domain adds its certificate and TLSv1.2_2021.",
      },
    );

    new s3deploy.BucketDeployment(this, "Deploy", {
      destinationBucket: this.bucket,
      sources: [
        s3deploy.Source.asset(dist),
        s3deploy.Source.jsonData("console-config.json", {
          mode: "oidc",
          authority: props.oidc.authority,
          clientId: props.oidc.clientId,
          scope: props.oidc.scope,
          redirectPath: "/auth/callback",
        }),
      ],
      distribution: this.distribution,
      distributionPaths: ["/index.html", "/console-config.json"],
      memoryLimit: 512,
    });
    // CDK's provider function for BucketDeployment (one per stack) and its role: its permissions are CDK's.
    const bucketId = Stack.of(this).resolve((this.bucket.node.defaultChild as s3.CfnBucket).logicalId);
    const provider = Stack.of(this).node.children.filter((c) =>
      c.node.id.startsWith("Custom::CDKBucketDeployment"),
    );
    for (const fn of provider) {
      Validations.of(fn).acknowledge({
        id: "AwsSolutions-L1",
        reason:
          "The BucketDeployment provider's runtime is chosen by the CDK release in use, not by this stack.",
      });
      const role = fn.node.tryFindChild("ServiceRole");
      if (role) {
        Validations.of(role).acknowledge({
          id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
          reason:
            "CDK's BucketDeployment provider writes only its own CloudWatch logs with this managed policy.",
        });
      }
      const policy = role?.node.tryFindChild("DefaultPolicy");
      if (!policy) continue;
      const copy =
        "CDK's BucketDeployment provider copies the console's asset from the CDK asset bucket into the console bucket";
      for (const id of [
        "Action::s3:GetBucket*",
        "Action::s3:GetObject*",
        "Action::s3:List*",
        "Action::s3:Abort*",
        "Action::s3:DeleteObject*",
        "Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*",
        `Resource::<${bucketId}.Arn>/*`,
      ]) {
        Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[${id}]`, reason: `${copy} (${id}).` });
      }
      Validations.of(policy).acknowledge({
        id: "AwsSolutions-IAM5[Resource::*]",
        reason:
          "cloudfront:CreateInvalidation/GetInvalidation support no resource-level permission narrower than the account.",
      });
    }
  }

  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}
