import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../infra/create-app";
import { REPO_ROOT } from "../../infra/function";
import { readStackTemplates } from "./templates";

type Resource = { Type: string; Properties?: Record<string, unknown> };
type TemplateJson = { Resources: Record<string, Resource> };
type Violation = { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] };

// One synth of the China stack per mainland SMS provider. Bundling is skipped ("aws:cdk:bundling-stacks": []):
// the bundles are checked in stack.test.ts, and this test is about the template (resources, ARNs, grants,
// principals).
type Provider = "tencent" | "aliyun";
const synths: Record<Provider, { json: TemplateJson; violations: Violation[] }> = {} as never;
const outdirs: string[] = [];
let json: TemplateJson;
let violations: Violation[];

function synth(provider: Provider) {
  const outdir = mkdtempSync(join(tmpdir(), `duban-cdk-cn-${provider}-`));
  outdirs.push(outdir);
  const context = {
    ...JSON.parse(readFileSync(join(REPO_ROOT, "cdk.json"), "utf8")).context,
    "aws:cdk:bundling-stacks": [],
    region: "cn-northwest-1",
    smsProvider: provider,
    ...(provider === "tencent" ? { smsSdkAppId: "1400000000" } : {}),
    smtpHost: "smtp.qiye.aliyun.com",
    emailFrom: "duban@example.gov.cn",
  };
  const { app, stack } = createApp({ outdir, context });
  try {
    app.synth();
  } catch (error) {
    if (!existsSync(join(outdir, "validation-report.json"))) throw error;
  }
  const report = JSON.parse(readFileSync(join(outdir, "validation-report.json"), "utf8"));
  return {
    json: readStackTemplates(outdir, stack).merged,
    violations: report.pluginReports.flatMap((p: { violations: Violation[] }) => p.violations),
  };
}

beforeAll(() => {
  synths.tencent = synth("tencent");
  synths.aliyun = synth("aliyun");
}, 600_000);

afterAll(() => {
  for (const outdir of outdirs) rmSync(outdir, { recursive: true, force: true });
});

const resourcesOf = (type: string) => Object.entries(json.Resources).filter(([, r]) => r.Type === type);
const policyDocuments = () =>
  [...resourcesOf("AWS::IAM::Policy"), ...resourcesOf("AWS::IAM::ManagedPolicy")].map(
    ([id, r]) => [id, JSON.stringify(r.Properties?.PolicyDocument ?? {})] as const,
  );

/** A JSON setting CloudFormation joins at deploy time, with each secret's reference written as <logical id>. */
function settingsOf(value: unknown): unknown {
  const parts = (value as { "Fn::Join": [string, (string | { Ref: string })[]] })["Fn::Join"][1];
  return JSON.parse(parts.map((p) => (typeof p === "string" ? p : `<${p.Ref}>`)).join(""));
}

describe.each(["tencent", "aliyun"] as const)(
  "the AWS China stack (-c region=cn-northwest-1 -c smsProvider=%s)",
  (provider) => {
    beforeAll(() => {
      ({ json, violations } = synths[provider]);
    });

    it("has no SES and no End User Messaging: no resource, no permission", () => {
      const types = Object.values(json.Resources).map((r) => r.Type);
      expect(
        types.filter((t) => t.startsWith("AWS::SES::") || t.startsWith("AWS::PinpointSMSVoice")),
      ).toEqual([]);
      for (const [id, document] of policyDocuments()) {
        expect(document, id).not.toMatch(/"(ses|sms-voice|mobiletargeting):/);
      }
      expect(JSON.stringify(json)).not.toContain("SES_CONFIGURATION_SET");
    });

    it("writes every ARN in the aws-cn partition, or the partition of wherever it is deployed", () => {
      // Properties only: the metadata holds cdk-nag's acknowledgements, which name ARNs as patterns.
      const text = JSON.stringify(Object.values(json.Resources).map((r) => r.Properties ?? {}));
      const partitions = [...text.matchAll(/arn:([^:"]*):/g)].map((m) => m[1]);
      expect(partitions.length).toBeGreaterThan(0);
      expect([...new Set(partitions)].filter((p) => p !== "aws-cn" && p !== "${AWS::Partition}")).toEqual([]);
    });

    it("trusts only service principals that exist in the China regions", () => {
      const principals = new Set(
        [...JSON.stringify(json).matchAll(/"Service":(\[[^\]]*\]|"[^"]*")/g)].flatMap((m) =>
          [JSON.parse(m[1] as string)].flat(),
        ),
      );
      expect([...principals].sort()).toEqual(
        expect.arrayContaining(["lambda.amazonaws.com", "scheduler.amazonaws.com", "states.amazonaws.com"]),
      );
      const inChina = new Set([
        "lambda.amazonaws.com",
        "scheduler.amazonaws.com",
        "states.amazonaws.com",
        "cloudwatch.amazonaws.com",
        "logs.amazonaws.com",
        "apigateway.amazonaws.com",
        // S3 server access logs (the file bucket's), delivered in the China regions as elsewhere.
        "logging.s3.amazonaws.com",
      ]);
      expect([...principals].filter((p) => !inChina.has(p))).toEqual([]);
      // CloudFront in China serves only an ICP-filed domain: the console is not part of this stack.
      expect(resourcesOf("AWS::CloudFront::Distribution")).toEqual([]);
    });

    it("tells every function to send by SMTP and the chosen mainland SMS provider, secrets by ARN", () => {
      const functions = resourcesOf("AWS::Lambda::Function").map(([, r]) => r.Properties ?? {});
      expect(functions.length).toBeGreaterThan(0);
      const secrets = resourcesOf("AWS::SecretsManager::Secret").map(([id]) => id);
      const sms = secrets.find((id) => id.includes("SmsCredentials"));
      const smtp = secrets.find((id) => id.includes("SmtpCredentials"));
      // Both secrets exist, each under its own name (their ARNs are what the settings below must carry).
      expect(sms).toMatch(/^NotifySmsCredentials[0-9A-F]{8}$/);
      expect(smtp).toMatch(/^NotifySmtpCredentials[0-9A-F]{8}$/);
      for (const fn of functions) {
        const env = (fn.Environment as { Variables: Record<string, unknown> }).Variables;
        expect(env.DUBAN_CHANNELS).toBe("mainland");
        expect(settingsOf(env.SMS_SETTINGS)).toEqual(
          provider === "tencent"
            ? { provider: "tencent", secretArn: `<${sms}>`, sdkAppId: "1400000000", region: "ap-guangzhou" }
            : { provider: "aliyun", secretArn: `<${sms}>` },
        );
        expect(settingsOf(env.EMAIL_SETTINGS)).toEqual({
          provider: "smtp",
          host: "smtp.qiye.aliyun.com",
          port: 465,
          secure: true,
          from: "duban@example.gov.cn",
          secretArn: `<${smtp}>`,
        });
        expect(env.SMS_ORIGINATION_IDENTITY).toBeUndefined();
      }
    });

    it("lets only the functions that send read the SMS and SMTP credentials", () => {
      const secrets = resourcesOf("AWS::SecretsManager::Secret")
        .map(([id]) => id)
        .filter((id) => id.includes("SmsCredentials") || id.includes("SmtpCredentials"));
      const readers = (secret: string) =>
        resourcesOf("AWS::IAM::Policy")
          .filter(([, p]) => JSON.stringify(p.Properties?.PolicyDocument).includes(`"Ref":"${secret}"`))
          .flatMap(([, p]) => ((p.Properties?.Roles ?? []) as { Ref: string }[]).map((r) => r.Ref));
      const roleOf = (description: string) => {
        const fn = resourcesOf("AWS::Lambda::Function").find(
          ([, r]) => r.Properties?.Description === description,
        );
        const role = fn?.[1].Properties?.Role as { "Fn::GetAtt": string[] } | undefined;
        expect(role, description).toBeDefined();
        return role?.["Fn::GetAtt"][0];
      };
      for (const secret of secrets) {
        const roles = readers(secret);
        expect(roles, secret).toContain(roleOf("duban POST /v1/hazards/{id}/listing"));
        expect(roles, secret).toContain(roleOf("duban workflow task FlushOutbox"));
        // The provider's callback is verified with the callbackToken of the SMS secret.
        expect(roles, secret).toContain(roleOf("duban POST /v1/provider-callbacks/{provider}"));
        expect(roles, secret).not.toContain(roleOf("duban GET /v1/hazards/{id}"));
        expect(roles, secret).not.toContain(roleOf("duban GET /healthz"));
      }
    });

    it("describes the SMS secret as the chosen provider's keys, with the callback token", () => {
      const [, secret] =
        resourcesOf("AWS::SecretsManager::Secret").find(([id]) => id.includes("SmsCredentials")) ?? [];
      const description = String(secret?.Properties?.Description);
      expect(description).toContain(`${provider} SMS credentials`);
      expect(description).toContain('"callbackToken"');
      if (provider === "tencent") {
        expect(description).toMatch(/"secretId".*"secretKey"/);
        expect(description).toContain("sms:PullSmsSendStatus");
      } else {
        expect(description).toMatch(/"accessKeyId".*"accessKeySecret"/);
        expect(description).toContain("dysms:QuerySendDetails");
      }
    });

    it("has no SES events rule or function: the providers call back over HTTP instead", () => {
      const rules = resourcesOf("AWS::Events::Rule").map(([, r]) => JSON.stringify(r.Properties ?? {}));
      expect(rules.filter((r) => r.includes("aws.ses"))).toEqual([]);
      const descriptions = resourcesOf("AWS::Lambda::Function").map(([, r]) => r.Properties?.Description);
      expect(descriptions).not.toContain("duban SES delivery events → receipts");
      expect(descriptions).toContain("duban POST /v1/provider-callbacks/{provider}");
    });

    it("runs the dispatcher one at a time here too", () => {
      const reserved = resourcesOf("AWS::Lambda::Function").filter(
        ([, r]) => r.Properties?.ReservedConcurrentExecutions !== undefined,
      );
      expect(
        reserved.map(([, r]) => [r.Properties?.Description, r.Properties?.ReservedConcurrentExecutions]),
      ).toEqual([["duban workflow task FlushOutbox", 1]]);
    });

    it("is cdk-nag clean", () => {
      const left = violations.flatMap((v) =>
        v.violatingConstructs.map((c) => `${v.severity} ${v.ruleName} at ${c.constructPath}`),
      );
      expect(left).toEqual([]);
    });
  },
);
