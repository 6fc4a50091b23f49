import * as z from "zod";
import { notifierPort } from "../adapters/aws-ports/notifier";
import { receiptReadersPort } from "../adapters/aws-ports/receipt-readers";
import { lazyHandler } from "../adapters/deps";
import { NotFound, Unauthenticated } from "../domain/errors";
import { said } from "../domain/messages";
import { createReceipts } from "../domain/receipts";
import { route } from "./route";

const Provider = z.object({ provider: z.string().regex(/^[a-z][a-z0-9-]{1,19}$/) });

/**
 * What the route answers once the receipts are taken: the counts, and each provider's own "received"
 * words in one body — Aliyun reads `code: 0`, Tencent `result: 0` — so that neither sends them again.
 */
const CallbackAnswer = z.object({
  code: z.literal(0),
  msg: z.string(),
  result: z.literal(0),
  errmsg: z.string(),
  received: z.number().int(),
  applied: z.number().int(),
  unchanged: z.number().int(),
  unknown: z.number().int(),
});

const callback = route(
  {
    method: "POST",
    path: "/v1/provider-callbacks/{provider}",
    summary:
      "Delivery receipts from an SMS or email provider: no token, each provider's request verified its own way (signature); a receipt for an unknown message is accepted and ignored",
    auth: false,
    access: { public: true },
    params: Provider,
    body: "raw",
    response: CallbackAnswer,
    errors: [400, 401, 404],
  },
  async ({ deps, params, body }) => {
    const reader = deps.receiptReaders?.[params.provider];
    if (!reader) throw new NotFound(said("receipt.unknown_provider", { provider: params.provider }));
    const taken = await createReceipts(deps).callback(reader, body);
    if (!taken.ok) {
      deps.log.warn("provider callback refused", { provider: params.provider, reason: taken.reason });
      throw new Unauthenticated(said("receipt.unverified", { provider: params.provider }));
    }
    return { code: 0, msg: "成功", result: 0, errmsg: "OK", ...taken.outcome };
  },
  [notifierPort],
);

export const { spec, create, ports } = callback;
/**
 * On Lambda the route is composed with the chosen provider's receipt reader besides the notifier
 * (functions/adapters/aws-ports/receipt-readers.ts); locally the stack hands the readers in.
 */
export const handler = lazyHandler(create, [notifierPort, receiptReadersPort]);
