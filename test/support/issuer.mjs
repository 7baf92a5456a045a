// Fake OpenAI OAuth issuer (auth.openai.com stand-in) for offline tests.
// Plain JS + JSDoc so vitest, benchmarks and `node` scripts can all import it;
// types live in issuer.d.mts. Run directly (`node test/support/issuer.mjs`) to
// serve one until killed.
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import { pathToFileURL } from "node:url";
import { deviceAuth } from "./device-auth.mjs";

const JWT_CLAIM_PATH = "https://api.openai.com/auth";
const DEFAULTS = {
  accountId: "acct_test123",
  expiresIn: 3600,
  authorizeError: null,
  refreshFailure: null,
  exchangeFailure: null,
  errorCanary: null,
  refreshAnswer: "normal",
};
/** Padding that makes an answer longer than the 64 KB a client may read. */
const OVERSIZED_PADDING = 70 * 1024;

/** @param {Buffer | string} input */
const b64url = (input) => Buffer.from(input).toString("base64url");
const opaque = (prefix) => `${prefix}_${randomBytes(24).toString("hex")}`;

/**
 * Build an unsigned-looking JWT. pi-ai decodes the payload with atob(), which
 * rejects base64url's '-' and '_'. For ASCII input those only arise from a
 * byte whose low 6 bits are 111110/111111 ('>', '?', '~', DEL), so JSON-escape
 * those (and non-ASCII, which atob would also turn into mojibake) as \uXXXX:
 * same JSON value, and the encoding can never contain '-' or '_'. Re-rolling a
 * nonce would not help: it cannot move bytes of the fixed claims. Missing '='
 * padding is fine, atob accepts it.
 * @param {Record<string, unknown>} claims
 */
export function makeJwt(claims) {
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const json = JSON.stringify({ ...claims, nonce: randomBytes(8).toString("hex") }).replace(
    /[>?~\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  const payload = b64url(json);
  const sig = createHash("sha256").update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${sig}`;
}

/** @param {string} token */
export function decodeJwtPayload(token) {
  return JSON.parse(atob(token.split(".")[1] ?? ""));
}

/** @param {import("./issuer.d.mts").IssuerOptions} [options] */
export async function startIssuer(options = {}) {
  const mode = { ...DEFAULTS, ...options };
  let latencyMs = options.latencyMs ?? 0;
  /** While set, refresh answers wait for it (holdRefreshes): a test decides when the crowd has read the store. */
  let held = null;
  // *Count = successes; *Requests = every attempt, failures included, counted as it arrives (before
  // any latency); refreshesUnanswered = refresh requests still held (latency, silent mode).
  const stats = {
    authorizeCount: 0,
    exchangeCount: 0,
    exchangeRequests: 0,
    refreshCount: 0,
    refreshRequests: 0,
    refreshesUnanswered: 0,
  };
  /** Requests held open by the silent mode, so that close() can end them. */
  const silent = new Set();
  /** @type {Map<string, {challenge: string, redirectUri: string, clientId: string, used: boolean}>} */
  const codes = new Map();
  /** refresh token -> grant; a grant's `refresh` is its only current token. */
  const refreshTokens = new Map();

  function mintTokens(grant, { withAccount = true } = {}) {
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = grant.expiresIn;
    grant.refresh = opaque("rt");
    refreshTokens.set(grant.refresh, grant);
    const auth = { chatgpt_account_id: grant.accountId };
    const accessClaims = withAccount ? { [JWT_CLAIM_PATH]: auth } : { [JWT_CLAIM_PATH]: { chatgpt_plan_type: "free" } };
    return {
      access_token: makeJwt({ ...accessClaims, sub: grant.sub, iat: now, exp: now + expiresIn }),
      refresh_token: grant.refresh,
      id_token: makeJwt({ [JWT_CLAIM_PATH]: auth, sub: grant.sub, aud: grant.clientId, iat: now, exp: now + expiresIn, ...(mode.email ? { email: mode.email } : {}) }),
      expires_in: expiresIn,
      token_type: "Bearer",
    };
  }

  function newGrant(clientId, accountId = mode.accountId, expiresIn = mode.expiresIn) {
    return { sub: opaque("user"), clientId, accountId, expiresIn, refresh: "" };
  }

  /** Error bodies carry the canary so tests can prove none of it reaches CLI output. */
  function sendError(res, status, body) {
    let text = typeof body === "string" ? body : JSON.stringify(body);
    if (mode.errorCanary) {
      text = typeof body === "object" && body !== null
        ? JSON.stringify({ ...body, canary: mode.errorCanary })
        : `${text} ${mode.errorCanary}`;
    }
    res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain" : "application/json" });
    res.end(text);
  }
  const invalidGrant = (res, description) =>
    sendError(res, 400, { error: "invalid_grant", error_description: description });
  const sendFailure = (res, failure) =>
    sendError(res, failure.status, failure.body ?? { error: "server_error", error_description: `injected ${failure.status}` });

  function authorize(url, res) {
    stats.authorizeCount++;
    const q = url.searchParams;
    const redirectUri = q.get("redirect_uri");
    const challenge = q.get("code_challenge");
    if (!redirectUri || !q.get("client_id") || !challenge || q.get("code_challenge_method") !== "S256") {
      return sendError(res, 400, { error: "invalid_request", error_description: "missing authorize parameters" });
    }
    const target = new URL(redirectUri);
    if (mode.authorizeError) {
      target.searchParams.set("error", mode.authorizeError);
      const canary = mode.errorCanary ? ` ${mode.errorCanary}` : "";
      target.searchParams.set("error_description", `fake issuer: ${mode.authorizeError}${canary}`);
    } else {
      const code = opaque("ac");
      codes.set(code, { challenge, redirectUri, clientId: q.get("client_id"), used: false });
      target.searchParams.set("code", code);
    }
    const state = q.get("state");
    if (state !== null) target.searchParams.set("state", state);
    res.writeHead(302, { location: target.toString() });
    res.end();
  }

  function exchange(form, res) {
    stats.exchangeRequests++;
    if (mode.exchangeFailure) return sendFailure(res, mode.exchangeFailure);
    const entry = codes.get(form.get("code") ?? "");
    if (!entry || entry.used) return invalidGrant(res, "unknown or already used authorization code");
    // Single use even on a failed attempt, like real issuers.
    entry.used = true;
    if (form.get("client_id") !== entry.clientId) return invalidGrant(res, "client_id mismatch");
    if (form.get("redirect_uri") !== entry.redirectUri) return invalidGrant(res, "redirect_uri mismatch");
    const verifier = form.get("code_verifier") ?? "";
    if (createHash("sha256").update(verifier).digest("base64url") !== entry.challenge) {
      return invalidGrant(res, "PKCE verification failed");
    }
    stats.exchangeCount++;
    sendJson(res, mintTokens(newGrant(entry.clientId)));
  }

  function refresh(form, res) {
    if (mode.refreshFailure) return sendFailure(res, mode.refreshFailure);
    const token = form.get("refresh_token") ?? "";
    const grant = refreshTokens.get(token);
    if (!grant) return invalidGrant(res, "unknown refresh token");
    if (grant.refresh !== token) {
      return invalidGrant(res, "refresh_token_reused: this refresh token was already rotated");
    }
    stats.refreshCount++;
    // A rotated grant keeps its account but takes the current expiresIn, so a grant
    // seeded already-expired via issueGrant() refreshes into a valid token.
    grant.expiresIn = mode.expiresIn;
    const answer = mode.refreshAnswer;
    // The odd answers rotate the grant like a good one: the old refresh token is spent either way.
    if (answer === "rotate-without-account") return sendJson(res, mintTokens(grant, { withAccount: false }));
    if (answer === "rotate-without-access") {
      const { access_token: _access, ...rest } = mintTokens(grant);
      return sendJson(res, rest);
    }
    if (answer === "oversized") return sendJson(res, { ...mintTokens(grant), padding: "x".repeat(OVERSIZED_PADDING) });
    sendJson(res, mintTokens(grant));
  }

  function sendJson(res, body) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }

  const device = deviceAuth({ codes, mode, stats, sendJson, sendError });
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://issuer.invalid");
    if (await device.handle(req, url, res)) return;
    if (req.method === "GET" && url.pathname === "/oauth/authorize") return authorize(url, res);
    if (req.method === "POST" && url.pathname === "/oauth/token") {
      let raw = "";
      for await (const chunk of req) raw += chunk;
      const form = new URLSearchParams(raw);
      const grantType = form.get("grant_type");
      if (grantType === "refresh_token") {
        stats.refreshRequests++;
        stats.refreshesUnanswered++;
        res.on("close", () => stats.refreshesUnanswered--);
        // Silent: the request is read and never answered (the client's deadline has to end it).
        if (mode.refreshAnswer === "silent") return void silent.add(res);
      }
      if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
      if (grantType === "refresh_token" && held) await held.promise;
      if (grantType === "authorization_code") return exchange(form, res);
      if (grantType === "refresh_token") return refresh(form, res);
      return sendError(res, 400, { error: "unsupported_grant_type", error_description: String(grantType) });
    }
    sendError(res, 404, { error: "not_found", error_description: url.pathname });
  });

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(undefined));
  });
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats,
    setLatency(ms) {
      latencyMs = ms;
    },
    setMode(partial) {
      Object.assign(mode, partial);
    },
    holdRefreshes() {
      let release = () => undefined;
      const promise = new Promise((resolve) => (release = () => resolve(undefined)));
      held = { promise };
      return () => {
        held = null;
        release();
      };
    },
    issueGrant({ accountId, expiresIn } = {}) {
      const grant = newGrant("app_EMoamEEZ73f0CkXaXp7hrann", accountId ?? mode.accountId, expiresIn ?? mode.expiresIn);
      const body = mintTokens(grant);
      return {
        access: body.access_token,
        refresh: body.refresh_token,
        expires: Date.now() + grant.expiresIn * 1000,
        accountId: grant.accountId,
      };
    },
    approveDevice: (code) => device.approve(code),
    deviceUserCodes: () => device.userCodes(),
    isCurrentRefresh(token) {
      return refreshTokens.get(token)?.refresh === token;
    },
    close() {
      return new Promise((resolve) => {
        for (const res of silent) res.destroy();
        held = null;
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      });
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const issuer = await startIssuer();
  console.log(JSON.stringify({ url: issuer.url }));
  const stop = () => issuer.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
