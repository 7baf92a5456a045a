import { t } from '../../base/i18n/index.js';
import { CancelledError, UserError } from '../../base/errors.js';
import type { Env, Warn } from '../../base/io.js';
import type { BrowserLaunch } from '../../env/browser.js';
import type { HeadlessCheck } from '../../env/headless.js';
import type { AgentPaths } from '../../env/paths.js';
import { signInCommand } from '../../model/commands.js';
import { saveOAuthProfile } from '../../store/profiles.js';
import { type CodexLoginResult } from './codex-login.js';
import { CODEX_PROVIDER } from '../credentials/codex-refresh.js';
import { accountIdOf, emailOf } from '../jwt-claims.js';
import { TOKEN_ENDPOINT } from '../token-requests.js';
import { postToEndpoint, TokenRequestError, type TokenAnswer } from '../token-http.js';

/** OpenAI's device sign-in for Codex (facts from OpenAI's public Codex CLI). */
const BASE = 'https://auth.openai.com';
const CLIENT_ID = 'app_EMoamEEZ73f0CkXaXp7hrann';
export const DEVICE_URL = `${BASE}/codex/device`;
const USER_CODE_URL = `${BASE}/api/accounts/deviceauth/usercode`;
const POLL_URL = `${BASE}/api/accounts/deviceauth/token`;
const DEVICE_REDIRECT_URI = `${BASE}/deviceauth/callback`;

export const DEVICE_CODE_LIFETIME_MS = 15 * 60_000;
const DEFAULT_INTERVAL_MS = 5000;
const MIN_INTERVAL_MS = 1000;
const SLOW_DOWN_STEP_MS = 5000;

export interface DeviceCodeEvents {
  /** The code to type at `url`, shown prominently; it stops working at `expiresAt`. */
  onCode(info: { userCode: string; url: string; expiresAt: number }): void;
  onPhase(phase: 'waiting' | 'exchanging' | 'saving'): void;
  /** Whether a browser was opened on the page (not called when none is to be: headless, --no-browser). */
  onBrowser(launch: BrowserLaunch): void;
}

export interface DeviceCodeDeps {
  env: Env;
  warn: Warn;
  now(): number;
  /** Waits `ms` or rejects with the signal's reason when it aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  headless: HeadlessCheck;
  openBrowser(url: string, env: Env): Promise<BrowserLaunch>;
}

/** What a device-code sign-in gives: the same as the browser sign-in. */
export type DeviceCodeResult = CodexLoginResult;

export class DeviceCodeDisabledError extends UserError {
  constructor(agent: string) {
    super(t('device.disabled', { command: signInCommand(CODEX_PROVIDER, { agent }) }));
    this.name = 'DeviceCodeDisabledError';
  }
}

export function realSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    function done() {
      signal.removeEventListener('abort', stop);
      resolve();
    }
    function stop() {
      clearTimeout(timer);
      reject(signal.reason);
    }
    signal.addEventListener('abort', stop, { once: true });
  });
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

/** `interval` is seconds, as a string ("5") or a number; at least 1 s. */
export function intervalMs(value: unknown, fallback = DEFAULT_INTERVAL_MS): number {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(seconds) || seconds <= 0) return Math.max(fallback, MIN_INTERVAL_MS);
  return Math.max(MIN_INTERVAL_MS, Math.round(seconds * 1000));
}

/** What a failed answer says, without any of its body but a known OAuth error code. */
function answerProblem(answer: TokenAnswer): string {
  if (answer.tooLarge) return t('answer.tooLarge', { status: answer.status });
  const code = text(answer.json?.error);
  return `HTTP ${answer.status}${code && /^[a-z_]{3,40}$/.test(code) ? `, ${code}` : ''}`;
}

async function post(url: string, body: Parameters<typeof postToEndpoint>[1], signal: AbortSignal, env: Env): Promise<TokenAnswer> {
  try {
    return await postToEndpoint(url, body, { env, signal });
  } catch (error) {
    if (error instanceof TokenRequestError) {
      if (error.reason === 'redirect') throw new UserError(t('device.redirected', { why: error.message }));
      throw new UserError(error.reason === 'timeout' ? t('device.timeout') : t('device.unreachable'));
    }
    throw error;
  }
}

/**
 * SPEC 7, device code: request a user code, show it with the device URL, poll until it is approved (or
 * 15 minutes pass), exchange the authorization code, store the credentials. Nothing is written before
 * the exchange succeeds; a cancel stops polling at once.
 */
export async function loginCodexDevice(
  request: { paths: AgentPaths; profileId: string; signal: AbortSignal; noBrowser?: boolean },
  events: DeviceCodeEvents,
  deps: DeviceCodeDeps,
): Promise<DeviceCodeResult> {
  const { signal, paths } = request;
  if (signal.aborted) throw signal.reason ?? new CancelledError();
  const issued = await post(USER_CODE_URL, { json: { client_id: CLIENT_ID } }, signal, deps.env);
  if (issued.status === 404) throw new DeviceCodeDisabledError(paths.agentId);
  const deviceAuthId = text(issued.json?.device_auth_id);
  const given = text(issued.json?.user_code) ?? text(issued.json?.usercode);
  // Shown large on the user's terminal: only letters, digits and dashes, never what a server slips in.
  const userCode = given !== null && /^[A-Za-z0-9-]{4,32}$/.test(given) ? given : null;
  if (issued.status < 200 || issued.status >= 300 || !deviceAuthId || !userCode) {
    throw new UserError(t('device.cannotStart', { answer: answerProblem(issued) }));
  }
  let interval = intervalMs(issued.json?.interval);
  const expiresAt = deps.now() + DEVICE_CODE_LIFETIME_MS;
  events.onCode({ userCode, url: DEVICE_URL, expiresAt });
  // On a desktop the page is opened too (the same argv-safe launch as the browser sign-in's link).
  if (!request.noBrowser && !deps.headless.headless) void deps.openBrowser(DEVICE_URL, deps.env).then((launch) => events.onBrowser(launch));
  events.onPhase('waiting');

  let approved: Record<string, unknown> | null = null;
  while (!approved) {
    if (deps.now() + interval > expiresAt) {
      throw new UserError(t('device.codeExpired'));
    }
    await deps.sleep(interval, signal);
    const poll = await post(POLL_URL, { json: { device_auth_id: deviceAuthId, user_code: userCode } }, signal, deps.env);
    const error = text(poll.json?.error);
    if (poll.status === 429 || error === 'slow_down') {
      interval = Math.max(interval + SLOW_DOWN_STEP_MS, intervalMs(poll.json?.interval, 0));
      continue;
    }
    if (poll.status === 403 || poll.status === 404 || error === 'authorization_pending') {
      if (poll.json?.interval !== undefined) interval = Math.max(interval, intervalMs(poll.json.interval));
      continue;
    }
    if (poll.status < 200 || poll.status >= 300 || !poll.json) {
      throw new UserError(t('device.failed', { answer: answerProblem(poll) }));
    }
    approved = poll.json;
  }

  const code = text(approved.authorization_code);
  const verifier = text(approved.code_verifier);
  if (!code || !verifier) throw new UserError(t('device.noCode'));
  events.onPhase('exchanging');
  const tokens = await post(
    TOKEN_ENDPOINT,
    { form: { grant_type: 'authorization_code', code, redirect_uri: DEVICE_REDIRECT_URI, client_id: CLIENT_ID, code_verifier: verifier } },
    signal,
    deps.env,
  );
  const access = text(tokens.json?.access_token);
  const refresh = text(tokens.json?.refresh_token);
  const expiresIn = tokens.json?.expires_in;
  if (tokens.status < 200 || tokens.status >= 300 || !access || !refresh || typeof expiresIn !== 'number') {
    throw new UserError(t('device.refused', { answer: answerProblem(tokens) }));
  }
  const accountId = accountIdOf(access);
  if (!accountId) throw new UserError(t('device.noAccount'));
  const idToken = text(tokens.json?.id_token);
  const email = (idToken ? emailOf(idToken) : null) ?? emailOf(access);

  if (signal.aborted) throw signal.reason;
  events.onPhase('saving');
  const expires = deps.now() + expiresIn * 1000;
  await saveOAuthProfile(
    paths,
    { id: request.profileId, provider: CODEX_PROVIDER, access, refresh, expires, accountId, ...(email ? { email } : {}) },
    { warn: deps.warn, now: deps.now },
  );
  return { profileId: request.profileId, accountId, email, expires, storeFile: paths.storeFile };
}
