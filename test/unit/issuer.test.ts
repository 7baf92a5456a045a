import { createHash, randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decodeJwtPayload, startIssuer, type Issuer } from "../support/issuer.mjs";
import { withPort1455 } from "../support/port-lock.js";
import { redirectOpenAI } from '../support/redirect-fetch.mjs';

const CLIENT_ID = "app_EMoamEEZ73f0CkXaXp7hrann";
const REDIRECT_URI = "http://localhost:1455/auth/callback";
const CLAIM = "https://api.openai.com/auth";

let issuer: Issuer;
beforeEach(async () => {
  issuer = await startIssuer();
});
afterEach(async () => {
  await issuer.close();
});

function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

async function authorize(challenge: string, state = "st4te"): Promise<URL> {
  const url = new URL("/oauth/authorize", issuer.url);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    scope: "openid profile email offline_access",
    code_challenge: challenge,
    code_challenge_method: "S256",
    state,
  }).toString();
  const res = await fetch(url, { redirect: "manual" });
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location")!);
}

function token(params: Record<string, string>) {
  return fetch(`${issuer.url}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params),
  });
}

const exchange = (code: string, verifier: string) =>
  token({ grant_type: "authorization_code", client_id: CLIENT_ID, code, code_verifier: verifier, redirect_uri: REDIRECT_URI });
const refresh = (refresh_token: string) =>
  token({ grant_type: "refresh_token", client_id: CLIENT_ID, refresh_token });

/** Route pi-ai's hard-coded https://auth.openai.com fetches to the issuer, in-process. */
const redirectFetch = () => redirectOpenAI(issuer.url);

describe("authorization code + PKCE", () => {
  it("redirects with code and state, and exchanges with the right verifier", async () => {
    const { verifier, challenge } = pkce();
    const location = await authorize(challenge);
    expect(location.origin + location.pathname).toBe(REDIRECT_URI);
    expect(location.searchParams.get("state")).toBe("st4te");

    const res = await exchange(location.searchParams.get("code")!, verifier);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, any>;
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    expect(body.refresh_token).toEqual(expect.any(String));
    for (const jwt of [body.access_token, body.id_token]) {
      const [, payload] = jwt.split(".");
      // pi-ai uses atob(), which throws on base64url's '-' and '_'.
      expect(payload).not.toMatch(/[-_]/);
      expect(JSON.parse(atob(payload))[CLAIM].chatgpt_account_id).toBe("acct_test123");
    }
    expect(issuer.stats).toMatchObject({ authorizeCount: 1, exchangeCount: 1, exchangeRequests: 1 });
  });

  it("refuses a wrong verifier, and a code is single use", async () => {
    const { verifier, challenge } = pkce();
    const code = (await authorize(challenge)).searchParams.get("code")!;
    const wrong = await exchange(code, pkce().verifier);
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toBe("invalid_grant");
    // The failed attempt burned the code.
    expect((await exchange(code, verifier)).status).toBe(400);

    const code2 = (await authorize(challenge)).searchParams.get("code")!;
    expect((await exchange(code2, verifier)).status).toBe(200);
    expect((await exchange(code2, verifier)).status).toBe(400);
    expect(issuer.stats).toMatchObject({ exchangeCount: 1, exchangeRequests: 4 });
  });

  it("redirects with an error in authorizeError mode", async () => {
    issuer.setMode({ authorizeError: "access_denied" });
    const location = await authorize(pkce().challenge, "s1");
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe("s1");
    expect(location.searchParams.has("code")).toBe(false);
  });

  it("tokens decode with atob even when claims would encode to '-' or '_'", () => {
    // With ASCII JSON only '>', '?', '~' (and DEL) can yield base64url '-'/'_';
    // non-ASCII would too (and atob would garble it). The issuer \u-escapes them.
    const accountId = "acct~>?~>?\u00e9\u{1f600}";
    const naive = Buffer.from(JSON.stringify({ [CLAIM]: { chatgpt_account_id: accountId } })).toString("base64url");
    expect(naive).toMatch(/[-_]/);
    for (let i = 0; i < 20; i++) {
      const { access } = issuer.issueGrant({ accountId });
      expect(access.split(".")[1]).not.toMatch(/[-_]/);
      expect(decodeJwtPayload(access)[CLAIM]).toEqual({ chatgpt_account_id: accountId });
    }
  });
});

describe("refresh", () => {
  it("rotates, detects reuse and counts", async () => {
    const seeded = issuer.issueGrant({ expiresIn: -60 });
    expect(seeded.expires).toBeLessThan(Date.now());
    expect(issuer.isCurrentRefresh(seeded.refresh)).toBe(true);

    const res = await refresh(seeded.refresh);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, any>;
    expect(body.refresh_token).not.toBe(seeded.refresh);
    expect(body.expires_in).toBe(3600);
    expect(issuer.isCurrentRefresh(body.refresh_token)).toBe(true);
    expect(issuer.isCurrentRefresh(seeded.refresh)).toBe(false);

    const reused = await refresh(seeded.refresh);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({
      error: "invalid_grant",
      error_description: expect.stringContaining("refresh_token_reused"),
    });
    const unknown = await refresh("rt_nope");
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).not.toContain("refresh_token_reused");

    expect(issuer.stats).toMatchObject({ refreshCount: 1, refreshRequests: 3 });
  });

  it("injects failures with the canary in every error body", async () => {
    const { refresh: rt } = issuer.issueGrant();
    issuer.setMode({ refreshFailure: { status: 503, body: "upstream down" }, errorCanary: "CANARY-42" });
    const res = await refresh(rt);
    expect(res.status).toBe(503);
    expect(await res.text()).toBe("upstream down CANARY-42");

    issuer.setMode({ refreshFailure: null });
    const reused = await refresh("rt_unknown");
    expect(await reused.text()).toContain("CANARY-42");
    // Injected failures don't rotate: the token is still good.
    expect((await refresh(rt)).status).toBe(200);
    expect(issuer.stats).toMatchObject({ refreshCount: 1, refreshRequests: 3 });
  });

  it("applies latency to token responses", async () => {
    const { refresh: rt } = issuer.issueGrant();
    issuer.setLatency(150);
    const started = performance.now();
    expect((await refresh(rt)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe("real pi-ai against the issuer", () => {
  it("refreshOpenAICodexToken works and surfaces the issuer body on failure", async () => {
    const { refreshOpenAICodexToken } = await import("@mariozechner/pi-ai/oauth");
    const restore = redirectFetch();
    try {
      const seeded = issuer.issueGrant({ accountId: "acct_pi", expiresIn: 0 });
      const creds = await refreshOpenAICodexToken(seeded.refresh);
      expect(creds.accountId).toBe("acct_pi");
      expect(creds.expires).toBeGreaterThan(Date.now());
      expect(issuer.isCurrentRefresh(creds.refresh)).toBe(true);

      // pi-ai puts the raw issuer body into Error.message: callers must redact it.
      issuer.setMode({ refreshFailure: { status: 401, body: { error: "invalid_token" } }, errorCanary: "CANARY-pi" });
      await expect(refreshOpenAICodexToken(creds.refresh)).rejects.toThrow(/\(401\).*CANARY-pi/);
      issuer.setMode({ refreshFailure: null });
      await expect(refreshOpenAICodexToken(seeded.refresh)).rejects.toThrow(/refresh_token_reused/);
    } finally {
      restore();
    }
  });

  it("loginOpenAICodex completes through the 127.0.0.1:1455 callback", () => withPort1455(async () => {
    const { loginOpenAICodex } = await import("@mariozechner/pi-ai/oauth");
    // pi-ai loads node:crypto/node:http via un-awaited dynamic imports at module load.
    await new Promise((r) => setTimeout(r, 20));
    const restore = redirectFetch();
    let browser: Promise<void> | undefined;
    try {
      const creds = await loginOpenAICodex({
        originator: "openclaw",
        onAuth: ({ url }) => {
          const authorizeUrl = new URL(url);
          expect(authorizeUrl.searchParams.get("originator")).toBe("openclaw");
          // Act as the browser: follow the issuer's redirect to pi-ai's callback server.
          browser = (async () => {
            const res = await fetch(`${issuer.url}${authorizeUrl.pathname}${authorizeUrl.search}`, { redirect: "manual" });
            const callback = await fetch(res.headers.get("location")!);
            expect(callback.status).toBe(200);
          })();
        },
        onPrompt: async () => {
          throw new Error("should not prompt");
        },
        onManualCodeInput: () => new Promise<string>(() => {}),
      });
      await browser;
      expect(creds.accountId).toBe("acct_test123");
      expect(issuer.isCurrentRefresh(creds.refresh)).toBe(true);
      expect(issuer.stats).toMatchObject({ authorizeCount: 1, exchangeCount: 1 });
    } finally {
      restore();
    }
  }));
});
