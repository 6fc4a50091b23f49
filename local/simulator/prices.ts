/**
 * The price table the simulator multiplies its counted calls by. Prices as listed in 2026-11 on the AWS
 * pricing pages, US East (N. Virginia), USD, no free tier:
 * - DynamoDB on-demand (https://aws.amazon.com/dynamodb/pricing/on-demand/): $0.625 per million write request
 *   units, $0.125 per million read request units (since the November 2024 price cut).
 * - Lambda (https://aws.amazon.com/lambda/pricing/): $0.20 per million requests, $0.0000166667 per GB-second
 *   (x86).
 * - Step Functions standard workflows (https://aws.amazon.com/step-functions/pricing/): $0.025 per 1,000
 *   state transitions.
 * - EventBridge Scheduler (https://aws.amazon.com/eventbridge/pricing/): $1.00 per million invocations.
 * - API Gateway HTTP APIs (https://aws.amazon.com/api-gateway/pricing/): $1.00 per million requests.
 * - SES (https://aws.amazon.com/ses/pricing/): $0.10 per 1,000 emails.
 * - SMS to mainland China: INDICATIVE ONLY, $0.035 per message part. AWS End User Messaging lists China per
 *   message part; what a county actually pays depends on its contract, the registered sign name and
 *   templates, and usually on a domestic provider (阿里云/腾讯云 短信 list about ¥0.045 per part, ≈$0.0063).
 *
 * The China regions (cn-north-1, cn-northwest-1) are billed in CNY by their operators with their own price
 * lists; the figures here are for comparing designs, not for a budget.
 */
export const PRICES = {
  date: "2026-11",
  currency: "USD",
  reference: "AWS list prices, us-east-1, no free tier; SMS indicative",
  dynamodb: { perMillionWriteRequestUnits: 0.625, perMillionReadRequestUnits: 0.125 },
  lambda: { perMillionRequests: 0.2, perGbSecond: 0.0000166667 },
  stepFunctions: { perThousandStateTransitions: 0.025 },
  scheduler: { perMillionInvocations: 1.0 },
  apiGateway: { perMillionHttpRequests: 1.0 },
  ses: { perThousandEmails: 0.1 },
  sms: { perMessagePartChina: 0.035 },
} as const;

/**
 * What the counted calls do not say, assumed:
 * - Lambda functions run with 512 MB for 200 ms per invocation (local durations measure dynalite, not AWS).
 * - A written item is about 2 KB (a filing carries its contacts and versions) and lands in the table and,
 *   on average, one index: 4 write request units per item; BatchWriteItem writes 25 items per call.
 * - Reads are eventually consistent: GetItem 0.5 read units; BatchGetItem 50 items per call at 0.5 each;
 *   a Query 0.5 units per call plus 0.25 per item read through the sparse index (2 KB items, 4 KB units).
 * - A Step Functions execution takes about 3 transitions of its own (plan, route, end) and each Task
 *   invocation 2 (the task and the choice or end after it), Map iterations included.
 * - An SMS longer than 70 characters (UCS-2) is sent in parts of 67 characters.
 */
export const ASSUMPTIONS = {
  lambdaMemoryGb: 0.5,
  lambdaSeconds: 0.2,
  writeUnitsPerItem: 4,
  itemsPerBatchWrite: 25,
  readUnitsPerGet: 0.5,
  itemsPerBatchGet: 50,
  readUnitsPerQuery: 0.5,
  readUnitsPerSparseItem: 0.25,
  transitionsPerExecution: 3,
  transitionsPerTask: 2,
} as const;

/** Parts an SMS is billed as: one up to 70 UCS-2 characters, else parts of 67. */
export function smsParts(text: string): number {
  const length = [...text].length;
  return length <= 70 ? 1 : Math.ceil(length / 67);
}

export type CostInput = {
  /** DynamoDB calls that exist on AWS (the local runtime's own bookkeeping removed). */
  dynamo: Record<string, number>;
  sparseItemsRead: number;
  lambdaInvocations: number;
  executions: number;
  taskInvocations: number;
  schedulerInvocations: number;
  httpRequests: number;
  emails: number;
  smsParts: number;
  months: number;
};

const round = (usd: number) => Math.round(usd * 100) / 100;

export function estimateMonthlyCost(input: CostInput) {
  const d = (op: string) => input.dynamo[`DynamoDB.${op}`] ?? 0;
  const a = ASSUMPTIONS;
  const writeUnits =
    (d("PutItem") + d("UpdateItem") + d("DeleteItem") + d("BatchWriteItem") * a.itemsPerBatchWrite) *
    a.writeUnitsPerItem;
  const readUnits =
    d("GetItem") * a.readUnitsPerGet +
    d("BatchGetItem") * a.itemsPerBatchGet * a.readUnitsPerGet +
    d("Query") * a.readUnitsPerQuery +
    input.sparseItemsRead * a.readUnitsPerSparseItem;
  const total = {
    dynamodb:
      (writeUnits / 1e6) * PRICES.dynamodb.perMillionWriteRequestUnits +
      (readUnits / 1e6) * PRICES.dynamodb.perMillionReadRequestUnits,
    lambda:
      (input.lambdaInvocations / 1e6) * PRICES.lambda.perMillionRequests +
      input.lambdaInvocations * a.lambdaMemoryGb * a.lambdaSeconds * PRICES.lambda.perGbSecond,
    stepFunctions:
      ((input.executions * a.transitionsPerExecution + input.taskInvocations * a.transitionsPerTask) / 1000) *
      PRICES.stepFunctions.perThousandStateTransitions,
    scheduler: (input.schedulerInvocations / 1e6) * PRICES.scheduler.perMillionInvocations,
    apiGateway: (input.httpRequests / 1e6) * PRICES.apiGateway.perMillionHttpRequests,
    ses: (input.emails / 1000) * PRICES.ses.perThousandEmails,
    sms: input.smsParts * PRICES.sms.perMessagePartChina,
  };
  const perMonth = Object.fromEntries(
    Object.entries(total).map(([k, v]) => [k, round(v / input.months)]),
  ) as Record<keyof typeof total, number>;
  const sum = Object.values(total).reduce((s, v) => s + v, 0);
  return {
    perMonthUSD: round(sum / input.months),
    breakdownPerMonthUSD: perMonth,
    units: { writeUnits: Math.round(writeUnits), readUnits: Math.round(readUnits) },
  };
}
