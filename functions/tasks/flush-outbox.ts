import { task } from "./task";

/** Sends what waited: SMS deferred past the quiet hours, and messages backing off after an error. */
export const { create, handler } = task((deps) => deps.notifier.dispatch());
