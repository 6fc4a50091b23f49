import * as z from "zod";
import { zh } from "./zh";
import { zodMessage } from "./zod";

/**
 * The one way to a person-facing text. `message(code, params)` gives the Chinese text; `said(code, params)`
 * gives the code with its text, which is what a DomainError carries (code for programs, text for people).
 * See functions/README.md, "Adding a message".
 */
export { zh };

export type MessageCode = keyof typeof zh;
export type MessageParams<C extends MessageCode> = Parameters<(typeof zh)[C]>[0];
/** The parameters argument, omitted for a text without parameters. */
export type ParamsArg<C extends MessageCode> = MessageParams<C> extends undefined ? [] : [MessageParams<C>];

/** A text said to a person: the stable code and the Chinese it renders to. */
export type Said = { readonly code: MessageCode; readonly text: string };

export function message<C extends MessageCode>(code: C, ...params: ParamsArg<C>): string {
  const render = zh[code] as (p?: unknown) => string;
  return render(params[0]);
}

export function said<C extends MessageCode>(code: C, ...params: ParamsArg<C>): Said {
  return { code, text: message(code, ...params) };
}

// Every zod schema in the process reports in Chinese, through the catalogue, unless a schema says otherwise.
z.config({ localeError: zodMessage });
