import { Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { arnRefInPolicy } from "./nag-refs";

/**
 * The object store: bulletin renders (PDF, xlsx), exports and uploaded catalogue files (imports read them
 * from here: a city's catalogue is too large for an API request). They name enterprises and their contacts,
 * so the bucket is private, encrypted, TLS-only and versioned by construction (no props turn that off);
 * downloads leave it only through presigned URLs the API hands to an authorised caller.
 */
export class Files extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const accessLogs = new s3.Bucket(this, "AccessLogs", {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({
      id: "AwsSolutions-S1",
      reason: "This bucket receives the file bucket's access logs; logging it to itself would loop.",
    });
    this.bucket = new s3.Bucket(this, "Bucket", {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: "files/",
      removalPolicy: RemovalPolicy.RETAIN,
      // The console follows an export's 303 to its presigned URL with fetch (the bearer token cannot ride on
      // a plain link), a cross-origin read. Any origin may GET: the presigned signature is the credential,
      // no cookies are involved, and the bucket stays private to everything without one.
      cors: [
        {
          allowedMethods: [s3.HttpMethods.GET],
          allowedOrigins: ["*"],
          exposedHeaders: ["Content-Disposition"],
          maxAge: 3600,
        },
      ],
      lifecycleRules: [
        // Exports are made on request and downloaded at once; a day is plenty.
        {
          id: "exports",
          prefix: "exports/",
          expiration: Duration.days(1),
          noncurrentVersionExpiration: Duration.days(1),
        },
        // Issued bulletins are official documents: kept, older versions moved to cheaper storage.
        {
          id: "bulletins",
          prefix: "bulletins/",
          transitions: [
            { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) },
          ],
          noncurrentVersionExpiration: Duration.days(365),
        },
        // Catalogue files uploaded for an import (POST /v1/imports/uploads) name every enterprise's contacts;
        // the import has read them within minutes, a week leaves time to look into a failed one.
        {
          id: "imports",
          prefix: "imports/",
          expiration: Duration.days(7),
          noncurrentVersionExpiration: Duration.days(1),
        },
        { id: "incomplete-uploads", abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
  }

  /**
   * The console uploads a large catalogue file straight to the presigned PUT URL of POST /v1/imports/uploads,
   * a cross-origin write from the console's origin only; the signature stays the credential.
   */
  allowUploadsFrom(origin: string): void {
    this.bucket.addCorsRule({
      allowedMethods: [s3.HttpMethods.PUT],
      allowedOrigins: [origin],
      allowedHeaders: ["*"],
      maxAge: 3600,
    });
  }

  /** Read and write under the bucket's own keys: renders, exports and the presigned reads of them. */
  grantReadWrite(fn: lambda.Function): void {
    this.bucket.grantReadWrite(fn);
    const policy = fn.role?.node.tryFindChild("DefaultPolicy");
    if (!policy) return;
    const bucketArn = arnRefInPolicy(this.bucket.node.defaultChild as s3.CfnBucket, fn);
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketArn}>/*]`,
      reason:
        "Object keys are made at run time (bulletin id, export id); bucket/* is this bucket's objects only.",
    });
    Validations.of(policy).acknowledge({
      id: "AwsSolutions-IAM5[Action::s3:GetObject*]",
      reason: "CDK's grantReadWrite: reading objects and their versions, tags and attributes of this bucket.",
    });
    Validations.of(policy).acknowledge({
      id: "AwsSolutions-IAM5[Action::s3:GetBucket*]",
      reason: "CDK's grantReadWrite: bucket location and attributes the SDK reads for this bucket only.",
    });
    Validations.of(policy).acknowledge({
      id: "AwsSolutions-IAM5[Action::s3:List*]",
      reason: "CDK's grantReadWrite: listing multipart upload parts of this bucket's objects.",
    });
    Validations.of(policy).acknowledge({
      id: "AwsSolutions-IAM5[Action::s3:DeleteObject*]",
      reason: "CDK's grantReadWrite: aborting a failed multipart export upload deletes its parts.",
    });
    Validations.of(policy).acknowledge({
      id: "AwsSolutions-IAM5[Action::s3:Abort*]",
      reason: "CDK's grantReadWrite: an export that fails mid-stream aborts its multipart upload.",
    });
  }
}
