import { Validations } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import type { RouteModule } from "../functions/http/routes";
import type { Files } from "./files";
import { DubanFunction, type FunctionEnvironment, grantPorts } from "./function";
import type { Channels } from "./notify";
import type { Store } from "./store";

export interface ApiProps {
  /** Usually ROUTES (functions/http/routes.ts). */
  readonly routes: readonly Pick<RouteModule, "name" | "entry" | "spec" | "ports">[];
  readonly environment: FunctionEnvironment;
  readonly store: Store;
  readonly files: Files;
  /** Writing routes notify (listing, acceptance) and set ladder timers. */
  readonly notify: Channels;
  readonly startWorkflows: iam.IManagedPolicy;
  readonly jwtIssuer: string;
  readonly jwtAudience: string;
  /**
   * Where the route functions and their routes live: a nested stack, since with them the parent would pass
   * CloudFormation's 500 resources. The HTTP API itself stays in the parent, so the console's distribution
   * (its origin) and the files bucket (whose CORS rule names the distribution) never wait on the routes.
   */
  readonly routesScope: Construct;
}

/**
 * The HTTP API: one function and one route per entry of ROUTES. API Gateway verifies the Bearer token
 * (issuer, audience, expiry, signature) and hands the claims to the handler in
 * requestContext.authorizer.jwt.claims; routes with `auth: false` skip the authorizer.
 */
export class Api extends Construct {
  readonly httpApi: apigwv2.HttpApi;
  readonly functions: Record<string, DubanFunction> = {};

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.httpApi = new apigwv2.HttpApi(this, "HttpApi", {
      description: "duban HTTP API",
      // The default stage is made below, where access logs and throttling can be set on it.
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, "AccessLogs", { retention: logs.RetentionDays.ONE_YEAR });
    this.httpApi.addStage("DefaultStage", {
      stageName: "$default",
      autoDeploy: true,
      // A county's users are a few hundred enterprises and officials; bulk imports are one request each.
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        // Who called what and how it ended; no claims beyond the subject, no query strings (they may hold names).
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: "$context.requestId",
            requestTime: "$context.requestTime",
            sourceIp: "$context.identity.sourceIp",
            routeKey: "$context.routeKey",
            status: "$context.status",
            protocol: "$context.protocol",
            responseLength: "$context.responseLength",
            integrationLatency: "$context.integrationLatency",
            integrationError: "$context.integrationErrorMessage",
            authorizerError: "$context.authorizer.error",
            sub: "$context.authorizer.claims.sub",
          }),
        ),
      },
    });

    // The key of the page tokens (AES-GCM, functions/adapters/page-tokens.ts): generated once, read by the
    // authenticated routes at cold start. Rotating it only invalidates page tokens handed out before.
    const pageTokenSecret = new secretsmanager.Secret(this, "PageTokenKey", {
      description: "duban: key of the HTTP API's page tokens",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(pageTokenSecret).acknowledge({
      id: "AwsSolutions-SMG4",
      reason:
        "The page-token key protects list positions for at most a browsing session; it has no credential to rotate against, and replacing it by hand only makes outstanding page tokens a 400.",
    });

    const authorizer = new HttpJwtAuthorizer("Jwt", props.jwtIssuer, {
      jwtAudience: [props.jwtAudience],
      identitySource: ["$request.header.Authorization"],
    });

    const routes = new Construct(props.routesScope, "Api");
    for (const route of props.routes) {
      const fn = new DubanFunction(routes, route.name, {
        entry: route.entry,
        kind: "http",
        description: `duban ${route.spec.method} ${route.spec.path}`,
        environment: props.environment,
      });
      // The OpenAPI document reads no data, so it gets no table access at all. GET /healthz reads the supplied
      // holiday years (its warning that next year's calendar is missing must see the year an admin supplied),
      // so it may query gsi1 and nothing else. Other GET routes only read; the others write, and may notify and set
      // ladder timers (a listing, an extension).
      if (route.spec.auth) {
        pageTokenSecret.grantRead(fn);
        fn.addEnvironment("PAGE_TOKEN_SECRET_ARN", pageTokenSecret.secretArn);
      }
      // The store by method (GET routes only read); the rest by the ports the handler names
      // (functions/adapters/aws-ports/): a function may call only the services its bundle has clients for.
      if (!route.spec.auth && route.spec.path === "/healthz") props.store.grantQueryIndex(fn, "gsi1");
      if (route.spec.auth && route.spec.method === "GET") props.store.grantRead(fn);
      // A provider's receipt callback is public but verified by the provider's signature: it writes the
      // message's status and may enqueue the fallback email of an undelivered SMS.
      else if (route.spec.auth || route.spec.method === "POST") props.store.grantReadWrite(fn);
      grantPorts(fn, route.ports, props);
      this.functions[route.name] = fn;

      const httpRoute = new apigwv2.HttpRoute(routes, `${route.name}Route`, {
        httpApi: this.httpApi,
        routeKey: apigwv2.HttpRouteKey.with(route.spec.path, apigwv2.HttpMethod[route.spec.method]),
        integration: new HttpLambdaIntegration(`${route.name}Integration`, fn),
        authorizer: route.spec.auth ? authorizer : new apigwv2.HttpNoneAuthorizer(),
      });
      if (!route.spec.auth) {
        Validations.of(httpRoute).acknowledge({
          id: "AwsSolutions-APIG4",
          reason:
            route.spec.method === "POST"
              ? `${route.spec.method} ${route.spec.path} is public by design (providers' delivery receipts carry no JWT); each request is verified by its provider's own signature before anything is written.`
              : `${route.spec.method} ${route.spec.path} is public by design (health check or OpenAPI document); its function cannot write the table (the health check reads the supplied holiday years).`,
        });
      }
    }
  }

  get url(): string {
    return this.httpApi.apiEndpoint;
  }
}
