/**
 * How people sign in: locally from the demo users (POST /_local/sign-in); on AWS by OpenID Connect
 * (authorization code + PKCE) against the issuer the API's JWT authorizer trusts. The AWS deployment puts
 * /console-config.json beside the console (infra/console.ts); locally there is none.
 */
export type AuthConfig =
  | { mode: "local" }
  | { mode: "oidc"; authority: string; clientId: string; scope: string; redirectPath: string };

let cached: Promise<AuthConfig> | undefined;

export function authConfig(): Promise<AuthConfig> {
  cached ??= fetch("/console-config.json", { headers: { accept: "application/json" } })
    .then(async (r) => {
      if (!r.ok || !(r.headers.get("content-type") ?? "").includes("json")) return { mode: "local" as const };
      const c = (await r.json()) as Partial<Extract<AuthConfig, { mode: "oidc" }>> & { mode?: string };
      if (c.mode === "oidc" && c.authority && c.clientId) {
        return {
          mode: "oidc" as const,
          authority: c.authority,
          clientId: c.clientId,
          scope: c.scope ?? "openid profile",
          redirectPath: c.redirectPath ?? "/auth/callback",
        };
      }
      return { mode: "local" as const };
    })
    .catch(() => ({ mode: "local" as const }));
  return cached;
}

/** The oidc-client-ts manager, loaded only when the deployment uses OIDC (not in the first download). */
export async function oidcManager(config: Extract<AuthConfig, { mode: "oidc" }>) {
  const { UserManager, WebStorageStateStore } = await import("oidc-client-ts");
  return new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: `${window.location.origin}${config.redirectPath}`,
    post_logout_redirect_uri: `${window.location.origin}/sign-in`,
    response_type: "code",
    scope: config.scope,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
}
