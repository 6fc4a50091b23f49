import { reactive } from "vue";
import type { z } from "zod";
import { ApiError, type FieldError } from "./api";

/**
 * The errors of one form, by field path ("responsible.mobile"): filled from the API's shared zod schema
 * before sending, and from the API's own field errors after; each shown beside its field.
 */
export function fieldErrors() {
  const errors = reactive<Record<string, string>>({});
  const state = reactive<{ message: string | undefined }>({ message: undefined });

  function clear() {
    for (const key of Object.keys(errors)) delete errors[key];
    state.message = undefined;
  }

  function set(fields: FieldError[]) {
    for (const f of fields) {
      const path = f.path.replace(/^body\./, "");
      errors[path] ??= f.message;
    }
  }

  /** Parses with the API's schema; on failure fills the errors and answers undefined. */
  function check<S extends z.ZodType>(schema: S, value: unknown): z.output<S> | undefined {
    clear();
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    set(result.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })));
    state.message = "请按各字段的提示修改后再提交";
    return undefined;
  }

  /** Shows what the API refused: its fields beside the fields, its message above the form. */
  function fromApi(error: unknown) {
    clear();
    if (error instanceof ApiError) {
      set(error.fields);
      state.message = error.message;
    } else {
      state.message = "提交失败，请稍后重试";
    }
  }

  return { errors, state, check, fromApi, clear };
}

/** One field of an action form, by its path in the API body ("responsible.mobile"). */
export type Field = {
  key: string;
  label: string;
  type: "text" | "textarea" | "number" | "date" | "datetime" | "select" | "switch";
  options?: { value: string | boolean; label: string }[];
  /** Shown only when this returns true for the current values. */
  when?: (values: Record<string, unknown>) => boolean;
  hint?: string;
};
