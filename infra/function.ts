import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Duration, Validations } from "aws-cdk-lib";
import type * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import type { z } from "zod";
import type { AwsPort } from "../functions/adapters/deps";
import { fontFiles } from "../functions/adapters/fonts";
import type { LambdaEnv } from "../functions/adapters/lambda-deps";
import type { Files } from "./files";
import type { Channels } from "./notify";

/** The repository root: entries, the lock file and the workflow files are named relative to it. */
export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** What every function's environment holds; the handlers parse it with the same schema (lambda-deps). */
export type FunctionEnvironment = z.input<typeof LambdaEnv>;

/** Context key: write esbuild's metafile beside each bundle. */
export const BUNDLE_METAFILE_CONTEXT = "duban:bundleMetafile";

/** A workflow Task handler or an HTTP route handler: they differ in how long a caller may wait. */
export type FunctionKind = "task" | "http";

export interface DubanFunctionProps {
  /** The handler file, relative to the repository root (as the registries name it). */
  readonly entry: string;
  readonly kind: FunctionKind;
  readonly environment: FunctionEnvironment;
  readonly description?: string;
  /**
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * @default Duration.seconds(60) for tasks; Duration.seconds(29) for HTTP (API Gateway's own limit)
   */
  readonly timeout?: Duration;
  /**
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

// Some dependencies are CommonJS and call require(); an ESM bundle has none unless it makes one. The alias
// keeps the banner's binding from colliding with a `createRequire` the bundle might declare itself.
const REQUIRE_BANNER =
  'import { createRequire as __dubanCreateRequire } from "node:module"; const require = __dubanCreateRequire(import.meta.url);';

/**
 * Handlers that render bulletins (通报): the two Noto Serif SC faces (30 MB, never inlined into the JS) are
 * copied beside their bundle into `fonts/`, where `functions/adapters/fonts.ts` reads them, and they get
 * the memory and time a PDF of a province's tables needs.
 */
export const RENDERING_ENTRIES: ReadonlySet<string> = new Set([
  "functions/tasks/draft-bulletin.ts",
  "functions/http/edit-bulletin.ts",
  "functions/http/issue-bulletin.ts",
  "functions/http/supersede-bulletin.ts",
]);

function fontHooks() {
  const files = Object.values(fontFiles());
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_input: string, output: string) => [
      `mkdir -p "${output}/fonts"`,
      ...files.map((file) => `cp "${file}" "${output}/fonts/"`),
    ],
  };
}

/**
 * The AWS SDK packages duban imports, left out of every bundle: the Lambda Node.js runtime ships AWS SDK for
 * JavaScript v3 (all `@aws-sdk/client-*` and the `lib-*` packages) and resolves these imports to its copy.
 * Bundled, DynamoDB and its credential chain alone were ~330 KB of every function that reads the table (the
 * whole SDK share ~400–830 KB), parsed at each cold start.
 *
 * The trade-off, chosen on purpose (README "Cold starts"):
 * - the SDK that runs is the runtime's, not the version in package-lock.json the tests ran against. Each
 *   function updates its runtime only when it is deployed (`RuntimeManagementMode.FUNCTION_UPDATE` below),
 *   never under a running deployment; the runtime version in force is in the INIT_START line of its log;
 * - only `@aws-sdk/*` packages are named here. The runtime does not offer `@smithy/*` to a handler's
 *   imports (aws/aws-sdk-js-v3#6169), so a `@smithy` import is bundled; test/infra checks that every
 *   import a bundle leaves out is one of these or a Node.js built-in.
 * A package not in this list is bundled: add one here only if the runtime ships it.
 */
export const RUNTIME_SDK_PACKAGES: readonly string[] = [
  "@aws-sdk/client-dynamodb",
  "@aws-sdk/lib-dynamodb",
  "@aws-sdk/client-s3",
  "@aws-sdk/lib-storage",
  "@aws-sdk/s3-request-presigner",
  "@aws-sdk/client-scheduler",
  "@aws-sdk/client-sfn",
  "@aws-sdk/client-sesv2",
  "@aws-sdk/client-pinpoint-sms-voice-v2",
  "@aws-sdk/client-secrets-manager",
];

/** Fails synth at once, instead of NodejsFunction quietly falling back to a Docker build. */
function assertLocalEsbuild(): void {
  try {
    createRequire(join(REPO_ROOT, "package.json")).resolve("esbuild");
  } catch {
    throw new Error(
      "esbuild is not installed in node_modules: duban bundles locally and never in Docker (npm ci)",
    );
  }
}

/**
 * A duban handler on Lambda: Node.js 24 on ARM64, bundled by the local esbuild into one ESM file from the
 * locked dependencies (the AWS SDK is the runtime's: RUNTIME_SDK_PACKAGES), with its own log group kept for a year and active tracing.
 */
export class DubanFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: DubanFunctionProps) {
    assertLocalEsbuild();
    const renders = RENDERING_ENTRIES.has(props.entry);
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
    });
    super(scope, id, {
      entry: join(REPO_ROOT, props.entry),
      handler: "handler",
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      // The runtime (and the AWS SDK it ships: RUNTIME_SDK_PACKAGES) changes with a deploy, not under one.
      runtimeManagementMode: lambda.RuntimeManagementMode.FUNCTION_UPDATE,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? (renders ? 1536 : 512),
      timeout: props.timeout ?? Duration.seconds(props.kind === "task" ? (renders ? 300 : 60) : 29),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, "package-lock.json"),
      environment: {
        ...props.environment,
        // Stack traces point into the TypeScript sources instead of the minified bundle.
        NODE_OPTIONS: "--enable-source-maps",
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        mainFields: ["module", "main"],
        banner: REQUIRE_BANNER,
        target: "node24",
        minify: true,
        // Chinese text (messages, templates, the division table) as UTF-8, not \u escapes: ~30 KB less. As an
        // esbuild argument: NodejsFunction (aws-cdk-lib 2.276) takes `charset` but never passes it on.
        esbuildArgs: { "--charset": "utf8" },
        sourceMap: true,
        // Line mapping is all a stack trace needs; embedding the sources would triple the package.
        sourcesContent: false,
        // The runtime's AWS SDK, not a bundled copy (RUNTIME_SDK_PACKAGES: why, and what it costs).
        externalModules: [...RUNTIME_SDK_PACKAGES],
        ...(renders ? { commandHooks: fontHooks() } : {}),
        // The channel family is fixed per deployment: the other family's clients drop out of the bundle
        // (functions/adapters/aws-ports/notifier.ts).
        define: { "process.env.DUBAN_CHANNELS": JSON.stringify(props.environment.DUBAN_CHANNELS ?? "aws") },
        // esbuild's account of what each input adds (index.meta.json beside the bundle), for the bundle budget
        // test (test/infra) and for finding what pulls weight: `cdk synth -c duban:bundleMetafile=true`.
        metafile:
          scope.node.tryGetContext(BUNDLE_METAFILE_CONTEXT) === true ||
          scope.node.tryGetContext(BUNDLE_METAFILE_CONTEXT) === "true",
      },
    });

    const role = this.role;
    if (!role) return;
    Validations.of(role).acknowledge({
      id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
      reason:
        "AWSLambdaBasicExecutionRole only lets the function write its own CloudWatch logs; every other permission is granted per resource.",
    });
    // Active tracing has just put X-Ray's statement on the default policy. test/infra checks that it stays
    // the only Resource '*' statement there, since this acknowledgement would hide any other.
    const policy = role.node.tryFindChild("DefaultPolicy");
    if (policy) {
      Validations.of(policy).acknowledge({
        id: "AwsSolutions-IAM5[Resource::*]",
        reason:
          "X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) support no resource-level permissions.",
      });
    }
  }
}

/**
 * The grants that go with the AWS ports a handler names (`ports` of its module): files for `objects`,
 * sending for `notifier`, timers and workflow starts for `timers`, `workflows` and `notifier` (a deferred
 * send sets a timer). A port the handler does not name is neither bundled nor granted.
 */
export function grantPorts(
  fn: DubanFunction,
  ports: readonly AwsPort[],
  grants: { files: Files; notify: Channels; startWorkflows: iam.IManagedPolicy },
): void {
  if (ports.includes("objects") || ports.includes("notifier")) grants.files.grantReadWrite(fn);
  if (ports.includes("notifier")) grants.notify.grantSend(fn);
  if (ports.some((p) => p === "timers" || p === "workflows" || p === "notifier")) {
    fn.role?.addManagedPolicy(grants.startWorkflows);
  }
}
