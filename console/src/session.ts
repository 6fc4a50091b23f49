import { reactive } from "vue";

/**
 * Who is signed in: the bearer token and when it expires. Kept in localStorage so a reload keeps the
 * session; cleared on sign-out, on expiry and on any 401 from the API.
 */
export type Session = { token: string; expiresAt: number; mode: "local" | "oidc" };

const KEY = "duban.session";

function load(): Session | undefined {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return undefined;
    const s = JSON.parse(raw) as Session;
    return s.expiresAt > Date.now() ? s : undefined;
  } catch {
    return undefined;
  }
}

export const state = reactive<{ session: Session | undefined; signedOutReason: string | undefined }>({
  session: load(),
  signedOutReason: undefined,
});

let expiryTimer: ReturnType<typeof setTimeout> | undefined;
let onSignedOut: (reason: string | undefined) => void = () => {};

/** main.ts tells the session where to send the person when they are signed out. */
export function whenSignedOut(handler: (reason: string | undefined) => void) {
  onSignedOut = handler;
}

/** The expiry time written in a JWT (seconds since the epoch), in milliseconds. */
export function expiryOf(token: string): number {
  const payload = token.split(".")[1] ?? "";
  const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
  const exp = (JSON.parse(json) as { exp?: number }).exp;
  return exp ? exp * 1000 : Date.now() + 60 * 60 * 1000;
}

function armExpiry() {
  if (expiryTimer) clearTimeout(expiryTimer);
  const s = state.session;
  if (!s) return;
  // setTimeout overflows above ~24.8 days; tokens live hours.
  const delay = Math.min(s.expiresAt - Date.now(), 2 ** 31 - 1);
  expiryTimer = setTimeout(() => signOut("登录已过期，请重新登录"), Math.max(delay, 0));
}

export function signIn(token: string, mode: Session["mode"]) {
  state.session = { token, expiresAt: expiryOf(token), mode };
  state.signedOutReason = undefined;
  localStorage.setItem(KEY, JSON.stringify(state.session));
  armExpiry();
}

export function signOut(reason?: string) {
  const wasSignedIn = !!state.session;
  state.session = undefined;
  state.signedOutReason = reason;
  localStorage.removeItem(KEY);
  if (expiryTimer) clearTimeout(expiryTimer);
  if (wasSignedIn || reason) onSignedOut(reason);
}

armExpiry();
