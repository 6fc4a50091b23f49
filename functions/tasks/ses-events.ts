import { notifierPort } from "../adapters/aws-ports/notifier";
import { sesEventReceipts } from "../adapters/ses-receipts";
import { createReceipts } from "../domain/receipts";
import { task } from "./task";

/**
 * SES's delivery events (the configuration set's EventBridge destination, one event per invocation): each
 * is a receipt for the email it names. Verified by who may invoke the function (EventBridge's rule), not by
 * a signature; locally `POST /_local/ses-events` hands the same event here.
 */
export const { create, handler, ports } = task(
  (deps, event) => createReceipts(deps).apply(sesEventReceipts(event)),
  [notifierPort],
);
