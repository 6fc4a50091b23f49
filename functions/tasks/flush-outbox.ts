import { notifierPort } from "../adapters/aws-ports/notifier";
import { task } from "./task";

/** Sends what waited: SMS deferred past the quiet hours, and messages backing off after an error. */
export const { create, handler, ports } = task((deps) => deps.notifier.dispatch(), [notifierPort]);
