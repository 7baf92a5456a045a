// A real OAuth 2.0 / OpenID server that nobody here wrote: panva's oidc-provider (a devDependency), on
// 127.0.0.1, for the end-to-end tests of a provider plugin written only from SPEC 8. One public PKCE client
// (loopback sign-in, refresh), one public device client (device sign-in, refresh), refresh-token rotation,
// short access-token lifetimes, device flow and revocation on. The "user" signs in and consents at once:
// the interaction route finishes each interaction itself, so a test plays the browser by following
// redirects (test/support/oidc-browser.mjs). Types in oidc-issuer.d.mts.
import http from "node:http";
import Provider from "oidc-provider";

export const BROWSER_CLIENT = "openclaw-browser";
export const DEVICE_CLIENT = "openclaw-device";
const ACCOUNT = "user-1";

/** @param {{ accessTokenTtl?: number }} [options] */
export async function startOidcIssuer(options = {}) {
  let accessTokenTtl = options.accessTokenTtl ?? 5;
  // Every token request, counted as it completes (success or error), by grant type and client.
  const stats = { refreshRequests: 0, refreshSuccesses: 0, refreshErrors: 0, refreshByClient: {}, deviceExchanges: 0, codeExchanges: 0 };
  /** While set, token requests wait for it (holdTokens). */
  let held = null;

  const server = http.createServer();
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(undefined));
  });
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  const issuer = `http://127.0.0.1:${port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: BROWSER_CLIENT,
        application_type: "native",
        token_endpoint_auth_method: "none",
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        // RFC 8252: a loopback redirect on any port.
        redirect_uris: ["http://127.0.0.1/callback"],
      },
      {
        client_id: DEVICE_CLIENT,
        application_type: "native",
        token_endpoint_auth_method: "none",
        grant_types: ["urn:ietf:params:oauth:grant-type:device_code", "refresh_token"],
        response_types: [],
        redirect_uris: [],
      },
    ],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      deviceFlow: { enabled: true },
      revocation: { enabled: true },
    },
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    ttl: {
      AccessToken: () => accessTokenTtl,
      RefreshToken: 24 * 3600,
      DeviceCode: 600,
      Grant: 24 * 3600,
      Interaction: 600,
      Session: 3600,
      IdToken: 3600,
      AuthorizationCode: 60,
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, email: "user@acme-oidc.test" }) }),
    claims: { openid: ["sub"], email: ["email"] },
    scopes: ["openid", "offline_access", "email"],
  });
  // Quiet: the warnings about development keys and defaults are for a deployment, not this test.
  provider.on("server_error", () => undefined);

  provider.use(async (ctx, next) => {
    if (held && ctx.method === "POST" && ctx.path === "/token") await held;
    await next();
  });
  const count = (ctx, ok) => {
    const grantType = ctx.oidc?.params?.grant_type;
    if (grantType === "refresh_token") {
      stats.refreshRequests++;
      if (ok) stats.refreshSuccesses++;
      else stats.refreshErrors++;
      const client = ctx.oidc?.client?.clientId ?? ctx.oidc?.params?.client_id ?? "?";
      stats.refreshByClient[client] = (stats.refreshByClient[client] ?? 0) + 1;
    }
    if (ok && grantType === "authorization_code") stats.codeExchanges++;
    if (ok && grantType === "urn:ietf:params:oauth:grant-type:device_code") stats.deviceExchanges++;
  };
  provider.on("grant.success", (ctx) => count(ctx, true));
  provider.on("grant.error", (ctx) => count(ctx, false));

  /** The user signs in as ACCOUNT and grants whatever is asked. */
  async function interaction(req, res) {
    try {
      const details = await provider.interactionDetails(req, res);
      let result;
      if (details.prompt.name === "login") {
        result = { login: { accountId: ACCOUNT } };
      } else {
        const grant = details.grantId
          ? await provider.Grant.find(details.grantId)
          : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
        const missing = details.prompt.details;
        if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
        if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
        for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(" "));
        result = { consent: { grantId: await grant.save() } };
      }
      await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
    } catch (error) {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(error));
    }
  }

  const callback = provider.callback();
  server.on("request", (req, res) => {
    if ((req.url ?? "").startsWith("/interaction/")) return void interaction(req, res);
    callback(req, res);
  });

  return {
    url: issuer,
    stats,
    setAccessTokenTtl(seconds) {
      accessTokenTtl = seconds;
    },
    /** Token requests wait until the returned function is called. */
    holdTokens() {
      let release = () => undefined;
      held = new Promise((resolve) => (release = () => resolve(undefined)));
      return () => {
        held = null;
        release();
      };
    },
    /** Revokes a refresh token (its grant with it), as a user does on the issuer's account page. */
    async revoke(token, clientId) {
      const res = await fetch(`${issuer}/token/revocation`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token, token_type_hint: "refresh_token", client_id: clientId }),
      });
      if (res.status !== 200) throw new Error(`revocation answered ${res.status}`);
    },
    close() {
      held = null;
      return new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      });
    },
  };
}
