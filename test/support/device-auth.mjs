// The device sign-in endpoints of the fake issuer (issuer.mjs mounts them):
// POST /api/accounts/deviceauth/usercode and /api/accounts/deviceauth/token, as OpenAI's Codex CLI uses them.
// An approved code hands out an authorization code registered like the browser flow's, whose redirect
// URI is https://auth.openai.com/deviceauth/callback, so the ordinary /oauth/token exchange takes it.
import { createHash, randomBytes } from "node:crypto";

export const DEVICE_REDIRECT_URI = "https://auth.openai.com/deviceauth/callback";
const CLIENT_ID = "app_EMoamEEZ73f0CkXaXp7hrann";

/**
 * @param {{ codes: Map<string, any>, mode: Record<string, any>, stats: Record<string, number>,
 *   sendJson: (res: any, body: unknown) => void, sendError: (res: any, status: number, body: unknown) => void }} issuer
 */
export function deviceAuth({ codes, mode, stats, sendJson, sendError }) {
  /** @type {Map<string, {deviceAuthId: string, userCode: string, approved: boolean}>} */
  const pending = new Map();
  stats.deviceCodeRequests = 0;
  stats.devicePolls = 0;

  function userCode(res, body) {
    stats.deviceCodeRequests++;
    if (mode.deviceDisabled) return sendError(res, 404, { error: "not_found", error_description: "device authorization is not enabled" });
    if (body.client_id !== CLIENT_ID) return sendError(res, 400, { error: "invalid_client" });
    const letters = randomBytes(8).toString("hex").toUpperCase();
    const entry = { deviceAuthId: `dev_${randomBytes(12).toString("hex")}`, userCode: `${letters.slice(0, 4)}-${letters.slice(4, 8)}`, approved: false };
    pending.set(entry.deviceAuthId, entry);
    const key = mode.deviceUserCodeKey ?? "user_code";
    if (mode.deviceUserCode) entry.userCode = mode.deviceUserCode;
    sendJson(res, { device_auth_id: entry.deviceAuthId, [key]: entry.userCode, interval: String(mode.deviceInterval ?? 1) });
  }

  function poll(res, body) {
    stats.devicePolls++;
    const entry = pending.get(body.device_auth_id);
    if (!entry || entry.userCode !== body.user_code) return sendError(res, 400, { error: "invalid_request" });
    if (mode.deviceSlowDown > 0) {
      mode.deviceSlowDown--;
      return sendError(res, 429, { error: "slow_down" });
    }
    if (!entry.approved) return sendError(res, 403, { error: "authorization_pending" });
    pending.delete(entry.deviceAuthId);
    const verifier = randomBytes(32).toString("base64url");
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const code = `ac_${randomBytes(24).toString("hex")}`;
    codes.set(code, { challenge, redirectUri: DEVICE_REDIRECT_URI, clientId: CLIENT_ID, used: false });
    sendJson(res, { authorization_code: code, code_challenge: challenge, code_verifier: verifier });
  }

  return {
    /** Handles the request when it is a device endpoint; returns false otherwise. */
    async handle(req, url, res) {
      if (req.method !== "POST" || !url.pathname.startsWith("/api/accounts/deviceauth/")) return false;
      let raw = "";
      for await (const chunk of req) raw += chunk;
      let body = {};
      try {
        body = JSON.parse(raw);
      } catch {
        sendError(res, 400, { error: "invalid_json" });
        return true;
      }
      if (url.pathname.endsWith("/usercode")) userCode(res, body);
      else if (url.pathname.endsWith("/token")) poll(res, body);
      else sendError(res, 404, { error: "not_found" });
      return true;
    },
    /** What the user does on the device page: approve the code shown. */
    approve(code) {
      const entry = [...pending.values()].find((e) => e.userCode === code);
      if (!entry) return false;
      entry.approved = true;
      return true;
    },
    userCodes: () => [...pending.values()].map((e) => e.userCode),
  };
}
