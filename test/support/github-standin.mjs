// A local stand-in for github.com and api.github.com (and the Copilot API host) as pi-ai's GitHub Copilot
// sign-in uses them: device code, access-token polling, the Copilot token, model enabling. Spawned CLIs
// reach it through test/support/redirect-github.mjs. Plain JS so that tests and `node` can import it.
import { randomBytes } from "node:crypto";
import http from "node:http";

/**
 * @param {{ approveAfterPolls?: number, copilotExpiresIn?: number, latencyMs?: number }} [options]
 *   approveAfterPolls: the device code is approved once this many polls have been answered pending
 *   (default 1); copilotExpiresIn: seconds until a Copilot token expires (default 1800).
 */
export async function startGithubStandin(options = {}) {
  const mode = { approveAfterPolls: 1, copilotExpiresIn: 1800, latencyMs: 0, ...options };
  const stats = { deviceCodes: 0, polls: 0, accessTokens: 0, copilotTokens: 0, copilotRefused: 0, modelPolicies: 0 };
  /** device_code -> polls so far */
  const devices = new Map();
  const githubTokens = new Set();
  const copilotTokens = [];

  const json = (res, status, body) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const readBody = (req) =>
    new Promise((resolve) => {
      let data = "";
      req.on("data", (c) => (data += c));
      req.on("end", () => resolve(data));
    });

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://standin");
    const body = await readBody(req);
    if (mode.latencyMs) await new Promise((r) => setTimeout(r, mode.latencyMs));
    const form = new URLSearchParams(body);
    if (req.method === "POST" && url.pathname === "/github/login/device/code") {
      stats.deviceCodes++;
      const deviceCode = `dc_${randomBytes(8).toString("hex")}`;
      devices.set(deviceCode, 0);
      return json(res, 200, { device_code: deviceCode, user_code: "WDJB-MJHT", verification_uri: "https://github.com/login/device", interval: 1, expires_in: 900 });
    }
    if (req.method === "POST" && url.pathname === "/github/login/oauth/access_token") {
      stats.polls++;
      const deviceCode = form.get("device_code") ?? "";
      if (!devices.has(deviceCode)) return json(res, 200, { error: "expired_token", error_description: "unknown device code" });
      const polls = devices.get(deviceCode);
      devices.set(deviceCode, polls + 1);
      if (polls < mode.approveAfterPolls) return json(res, 200, { error: "authorization_pending" });
      devices.delete(deviceCode);
      stats.accessTokens++;
      const token = `gho_${randomBytes(16).toString("hex")}`;
      githubTokens.add(token);
      return json(res, 200, { access_token: token, token_type: "bearer", scope: "read:user" });
    }
    if (req.method === "GET" && url.pathname === "/api/copilot_internal/v2/token") {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      if (!bearer || !githubTokens.has(bearer)) {
        stats.copilotRefused++;
        return json(res, 401, { message: "Bad credentials" });
      }
      stats.copilotTokens++;
      const exp = Math.floor(Date.now() / 1000) + mode.copilotExpiresIn;
      const token = `tid=${randomBytes(8).toString("hex")};exp=${exp};sku=copilot_for_individuals;proxy-ep=proxy.individual.githubcopilot.com;8kp=1`;
      copilotTokens.push(token);
      return json(res, 200, { token, expires_at: exp, refresh_in: 1500 });
    }
    if (req.method === "POST" && /^\/copilot\/models\/[^/]+\/policy$/.test(url.pathname)) {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      if (!bearer || !copilotTokens.includes(bearer)) return json(res, 401, { message: "unauthorized" });
      stats.modelPolicies++;
      return json(res, 200, { state: "enabled" });
    }
    json(res, 404, { message: "Not Found" });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    /** A GitHub access token as a finished sign-in holds it (the refresh token of a Copilot profile). */
    issueGithubToken() {
      const token = `gho_${randomBytes(16).toString("hex")}`;
      githubTokens.add(token);
      return token;
    },
    setMode(next) {
      Object.assign(mode, next);
    },
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}
