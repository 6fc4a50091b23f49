import type { MessageCode, Said } from "./messages";

/**
 * Domain errors. The HTTP layer maps each class to one status and the
 * `{error: {code, reason, message, fields?}}` body: `code` is the class's stable English code, `reason` the
 * catalogue code of what exactly went wrong, `message` its Chinese text (functions/domain/messages).
 * Anything that is not a DomainError becomes a plain 500 with no internals.
 */
export type FieldProblem = { path: string; message: string };

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly reason: MessageCode;
  readonly fields?: FieldProblem[];
  constructor(said: Said, fields?: FieldProblem[]) {
    super(said.text);
    this.name = new.target.name;
    this.reason = said.code;
    if (fields) this.fields = fields;
  }
}

/** The input does not have the required shape (400). */
export class InvalidInput extends DomainError {
  readonly status = 400;
  readonly code = "invalid_input";
}

/** No or bad credentials (401). */
export class Unauthenticated extends DomainError {
  readonly status = 401;
  readonly code = "unauthenticated";
}

/** The caller may not act on this subject (403). */
export class Forbidden extends DomainError {
  readonly status = 403;
  readonly code = "forbidden";
}

export class NotFound extends DomainError {
  readonly status = 404;
  readonly code = "not_found";
}

/** The subject is in a state that does not allow the action, or was changed concurrently (409). */
export class Conflict extends DomainError {
  readonly status = 409;
  readonly code = "conflict";
}

/** Well-formed input that a rule refuses, e.g. a report for a period that has not ended (422). */
export class RuleViolation extends DomainError {
  readonly status = 422;
  readonly code = "rule_violation";
}

/** The body comes in a media type the route does not take (415), e.g. text/plain on a JSON route. */
export class UnsupportedMediaType extends DomainError {
  readonly status = 415;
  readonly code = "unsupported_media_type";
}
