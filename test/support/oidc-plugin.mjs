// A provider plugin written only from SPEC 8, against test/support/oidc-issuer.mjs (a real oidc-provider).
// Not shipped: tests name it in plugins.load.paths and give the issuer in OPENCLAW_TEST_OIDC_ISSUER.
// Two methods, each with its own public client: a loopback sign-in (PKCE) and a device code. Neither asks
// anything (prompts: false). Its refresh says a grant is dead the plainest way a plugin may: a message.
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";

const issuer = () => {
  const url = process.env.OPENCLAW_TEST_OIDC_ISSUER;
  if (!url) throw new Error("OPENCLAW_TEST_OIDC_ISSUER is not set");
  return url;
};
const SCOPE = "openid offline_access email";
const b64url = (bytes) => Buffer.from(bytes).toString("base64url");

async function tokenRequest(form, signal) {
  const res = await fetch(`${issuer()}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
    signal,
  });
  const body = await res.json().catch(() => ({}));
  return { ok: res.ok, body };
}

const credentials = (body) => ({ access: body.access_token, refresh: body.refresh_token, expires: Date.now() + body.expires_in * 1000 });

function refresher(clientId) {
  return async (stored) => {
    const { ok, body } = await tokenRequest({ grant_type: "refresh_token", refresh_token: stored.refresh, client_id: clientId });
    // A plain message: no status, no code (SPEC 8 reads the OAuth error it names).
    if (!ok) throw new Error(`Acme token request failed: ${body.error ?? "unknown"}`);
    return credentials(body);
  };
}

const getApiKey = (c) => c.access;

const loopback = {
  id: "acme-oidc",
  name: "Acme OIDC",
  async login(callbacks) {
    const verifier = b64url(randomBytes(32));
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const state = b64url(randomBytes(16));
    let resolveCode;
    let rejectCode;
    const code = new Promise((resolve, reject) => ((resolveCode = resolve), (rejectCode = reject)));
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (url.pathname !== "/callback") return void res.writeHead(404).end();
      res.writeHead(200, { "content-type": "text/plain" }).end("Signed in. You can close this window.");
      if (url.searchParams.get("state") !== state) return rejectCode(new Error("state mismatch"));
      resolveCode(url.searchParams.get("code"));
    });
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    const redirectUri = `http://127.0.0.1:${server.address().port}/callback`;
    callbacks.signal?.addEventListener("abort", () => rejectCode(new Error("cancelled")), { once: true });
    try {
      const url = new URL(`${issuer()}/auth`);
      url.search = new URLSearchParams({
        client_id: "openclaw-browser", response_type: "code", redirect_uri: redirectUri, scope: SCOPE,
        code_challenge: challenge, code_challenge_method: "S256", state, prompt: "consent",
      }).toString();
      callbacks.onAuth({ url: url.toString() });
      const { ok, body } = await tokenRequest({ grant_type: "authorization_code", code: await code, redirect_uri: redirectUri, code_verifier: verifier, client_id: "openclaw-browser" });
      if (!ok) throw new Error(`Acme token request failed: ${body.error ?? "unknown"}`);
      return credentials(body);
    } finally {
      server.close();
      server.closeAllConnections();
    }
  },
  refreshToken: refresher("openclaw-browser"),
  getApiKey,
};

const device = {
  id: "acme-oidc",
  name: "Acme OIDC",
  async login(callbacks) {
    const res = await fetch(`${issuer()}/device/auth`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: "openclaw-device", scope: SCOPE }),
    });
    const start = await res.json();
    if (!res.ok) throw new Error(`Acme device request failed: ${start.error ?? res.status}`);
    callbacks.onAuth({ url: start.verification_uri_complete, instructions: `Enter the code ${start.user_code} on the Acme page.` });
    callbacks.onProgress?.("Waiting for approval…");
    // The issuer gives no interval; a test plugin polls each second (no slow_down from this issuer).
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (callbacks.signal?.aborted) throw new Error("cancelled");
      const { ok, body } = await tokenRequest({ grant_type: "urn:ietf:params:oauth:grant-type:device_code", device_code: start.device_code, client_id: "openclaw-device" });
      if (ok) return credentials(body);
      if (body.error !== "authorization_pending" && body.error !== "slow_down") throw new Error(`Acme device sign-in failed: ${body.error}`);
    }
  },
  refreshToken: refresher("openclaw-device"),
  getApiKey,
};

export const providers = [
  {
    id: "acme-oidc",
    label: "Acme OIDC",
    auth: [
      { kind: "oauth", id: "browser", label: "Acme sign-in (browser)", prompts: false, oauth: loopback },
      { kind: "oauth", id: "device", label: "Acme sign-in (device code)", prompts: false, oauth: device },
    ],
  },
];
