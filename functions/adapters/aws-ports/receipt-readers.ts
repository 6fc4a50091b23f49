import type { PortFactory } from "../lambda-deps";

/**
 * The readers of the SMS providers' delivery reports (`POST /v1/provider-callbacks/{provider}`), built only
 * by the function of that route. In the AWS China regions: the chosen provider's, verified by the token in
 * its secret. In the global regions none: SES reports through EventBridge (functions/tasks/ses-events.ts)
 * and End User Messaging through its configuration set, so every provider name is a 404 there.
 * `process.env.DUBAN_CHANNELS` is fixed at bundle time (infra/function.ts): the global bundle drops the branch.
 */
export const receiptReadersPort: PortFactory<"receiptReaders"> = {
  port: "receiptReaders",
  build: async ({ env }) =>
    process.env.DUBAN_CHANNELS === "mainland"
      ? (await import("./mainland-channels")).mainlandReceiptReaders(env)
      : {},
};
