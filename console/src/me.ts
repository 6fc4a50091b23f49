import type { MeView } from "@functions/http/schemas";
import { reactive } from "vue";
import type { z } from "zod";
import { call } from "./api";

export type Me = z.infer<typeof MeView>;

/** The signed-in person as GET /v1/me describes them; loaded once per session by the shell. */
export const who = reactive<{ me: Me | undefined }>({ me: undefined });

export async function loadMe(): Promise<Me> {
  const me = await call<Me>("GET", "/v1/me");
  who.me = me;
  return me;
}

export function may(action: string): boolean {
  return who.me?.may.includes(action) ?? false;
}

export const isOfficial = () => !!who.me && who.me.role !== "enterprise";
