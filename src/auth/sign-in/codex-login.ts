import { t } from '../../base/i18n/index.js';
import type { BrowserLaunch } from '../../env/browser.js';
import type { HeadlessCheck } from '../../env/headless.js';
import type { AgentPaths } from '../../env/paths.js';
import type { Env } from '../../base/io.js';
import { CancelledError, UserError } from '../../base/errors.js';
import { saveOAuthProfile } from '../../store/profiles.js';
import type { Warn } from '../../base/io.js';
import { redact } from '../../base/redact.js';
import { checkedAccountId } from '../../model/account.js';
import { checkRedirectPaste, stateOf, type PasteCheck } from './redirect-paste.js';
import { emailOf } from '../jwt-claims.js';
import { TIMEOUT_MESSAGE, TOO_LARGE_MESSAGE, withTokenRequests } from '../token-requests.js';
import { isNetworkFailure, rejectOnAbort } from './sign-in-shared.js';
import { loadPiOAuthForSignIn } from './pi-oauth.js';
import { forwardIPv6Loopback, type LoopbackForward } from '../../env/loopback-forward.js';
import { portHolder, type PortHolder } from '../../env/port-holder.js';
import { portIsFree } from '../../env/port.js';
import { listenForCallback, type CallbackPage } from './callback-page.js';
import { CODEX_PROVIDER } from '../credentials/codex-refresh.js';

/** pi-ai's callback server: fixed by the OAuth client's registered redirect URI. */
export const CALLBACK_PORT = 1455;
export const LOGIN_TIMEOUT_MS = 10 * 60_000;

type PiLogin = typeof import('@mariozechner/pi-ai/oauth').loginOpenAICodex;

/** What the user must see, in the order it happens; the screen decides how. */
export interface CodexLoginEvents {
  /** The whole authorize URL, and how the user will come back: browser callback or paste. */
  onAuthUrl(info: { url: string; headless: HeadlessCheck; portBusy: boolean; portHolder: PortHolder | null; noBrowser: boolean }): void;
  /** Whether a browser was opened (not called when none is to be opened). */
  onBrowser(launch: BrowserLaunch): void;
  onPasteRejected(problem: string): void;
  onPhase(phase: 'exchanging' | 'saving'): void;
}

export interface CodexLoginDeps {
  env: Env;
  headless: HeadlessCheck;
  openBrowser(url: string, env: Env): Promise<BrowserLaunch>;
  portIsFree(port: number): Promise<boolean>;
  /** Which process holds the port when it is taken (shown so that the user can end it); none when omitted. */
  portHolder?(port: number): Promise<PortHolder | null>;
  /**
   * Makes pi-ai's callback (127.0.0.1 only) reachable on [::1] too, for a browser that resolves
   * `localhost` there first; closed with the sign-in. Nothing is bound when omitted (tests of the flow).
   */
  forwardCallback?(port: number): Promise<LoopbackForward | null>;
  /**
   * Takes the browser's callback in pi-ai's place and answers it with how the sign-in ended
   * (callback-page.ts); pi-ai's own server, which says "successful" before the exchange, is not used.
   * Nothing is bound when omitted (tests of the flow).
   */
  callbackPage?(port: number, check: (raw: string) => PasteCheck): Promise<CallbackPage | null>;
  warn: Warn;
  now(): number;
  /** pi-ai's login; injected by tests, loaded lazily otherwise. */
  login?: PiLogin;
}

export interface CodexLoginRequest {
  paths: AgentPaths;
  profileId: string;
  noBrowser?: boolean;
  signal: AbortSignal;
  /**
   * Asks for the address the browser landed on. `check` says what is wrong with an answer, so a
   * prompt can explain and ask again in place; the promise should settle (reject) when `signal` aborts,
   * which happens as soon as the login is over either way.
   */
  readPaste(check: (raw: string) => PasteCheck, signal: AbortSignal): Promise<string>;
  timeoutMs?: number;
}

export interface CodexLoginResult {
  profileId: string;
  accountId: string;
  /** The email the access token names, when it names a sane one; shown so that a wrong account is noticed. */
  email: string | null;
  expires: number;
  storeFile: string;
}

/** The callback port as the real sign-in uses it: checked on both loopbacks, its holder named, forwarded from ::1. */
export const callbackPortDeps: Pick<CodexLoginDeps, 'portIsFree' | 'portHolder' | 'forwardCallback' | 'callbackPage'> = {
  portIsFree,
  portHolder,
  forwardCallback: forwardIPv6Loopback,
  callbackPage: listenForCallback,
};

export class LoginTimeoutError extends UserError {
  constructor(minutes: number) {
    super(t('login.timeout', { minutes }));
  }
}

async function loadPiLogin(): Promise<PiLogin> {
  return (await loadPiOAuthForSignIn()).loginOpenAICodex;
}

/** pi-ai's messages carry the token endpoint's whole body: keep the status and OAuth error code only. */
export function describeLoginFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const exchange = /token exchange failed \((\d{3})\):?(.*)$/s.exec(message);
  if (exchange) {
    const code = /"error"\s*:\s*"([a-z_]{3,40})"/.exec(exchange[2] ?? '')?.[1];
    return t('login.refused', { answer: `HTTP ${exchange[1]}${code ? `, ${code}` : ''}` });
  }
  if (/missing fields/.test(message)) return t('login.incomplete');
  if (/accountId/.test(message)) return t('login.noAccountId');
  if (isNetworkFailure(message)) {
    return t('login.unreachable');
  }
  // SPEC 4's deadline and size cap of the code exchange (token-requests.ts): said in the language in use.
  if (message.includes(TIMEOUT_MESSAGE)) return t('login.timedOut');
  if (message.includes(TOO_LARGE_MESSAGE)) return t('login.tooLarge');
  return redact(message);
}

/**
 * OpenAI Codex sign-in (SPEC 7): pi-ai's loopback callback on 127.0.0.1:1455 (and [::1]:1455, forwarded
 * to it) races a paste of the
 * redirect address; a bad paste is explained and asked again. Nothing is written until the token
 * exchange succeeds; cancel and time-out close the loopback server and write nothing.
 */
export async function loginCodex(
  request: CodexLoginRequest,
  events: CodexLoginEvents,
  deps: CodexLoginDeps,
): Promise<CodexLoginResult> {
  const session = new AbortController();
  const timeoutMs = request.timeoutMs ?? LOGIN_TIMEOUT_MS;
  const onAbort = () => session.abort(request.signal.reason ?? new CancelledError());
  request.signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => session.abort(new LoginTimeoutError(Math.round(timeoutMs / 60_000))), timeoutMs);
  const pasteDone = new AbortController();
  const noBrowser = Boolean(request.noBrowser);
  let loginPromise: ReturnType<PiLogin> | undefined;
  let forward: LoopbackForward | null = null;
  let page: CallbackPage | null = null;

  try {
    if (request.signal.aborted) throw request.signal.reason ?? new CancelledError();
    const portBusy = !(await deps.portIsFree(CALLBACK_PORT));
    const holder = portBusy && deps.portHolder ? await deps.portHolder(CALLBACK_PORT) : null;
    // Bound before pi-ai's own server: a browser comes only after the link is shown, by then both listen.
    if (!portBusy && deps.forwardCallback) forward = await deps.forwardCallback(CALLBACK_PORT);
    const login = deps.login ?? (await loadPiLogin());
    let expectedState: string | null = null;
    const check = (raw: string) => checkRedirectPaste(raw, expectedState);
    // Ours before pi-ai's: its own server then cannot bind, and the browser's callback comes in as a paste.
    if (!portBusy && deps.callbackPage) page = await deps.callbackPage(CALLBACK_PORT, check);

    const pasteLoop = async (): Promise<string> => {
      for (;;) {
        const result = check(await request.readPaste(check, pasteDone.signal));
        if (result.ok) {
          events.onPhase('exchanging');
          return result.input;
        }
        events.onPasteRejected(result.problem);
      }
    };
    const fromBrowser = page ? page.address : new Promise<string>(() => undefined);
    const paste = () => Promise.race([pasteLoop(), fromBrowser, rejectOnAbort(session.signal)]);

    // The code exchange is a token request: SPEC 4's deadline and size cap, and aborted on cancel.
    loginPromise = withTokenRequests({ signal: session.signal }, () => login({
        originator: 'openclaw',
        onAuth: ({ url }) => {
          expectedState = stateOf(url);
          events.onAuthUrl({ url, headless: deps.headless, portBusy, portHolder: holder, noBrowser });
          if (!portBusy && !noBrowser && !deps.headless.headless && !session.signal.aborted) {
            void deps.openBrowser(url, deps.env).then((launch) => events.onBrowser(launch));
          }
        },
        onManualCodeInput: paste,
        onPrompt: paste,
      }));
    const credentials = await Promise.race([loginPromise, rejectOnAbort(session.signal)]);
    if (session.signal.aborted) throw session.signal.reason;

    events.onPhase('saving');
    // SPEC 4: only an account id of the expected shape is stored (it is shown on every status screen).
    const accountId = checkedAccountId((credentials as { accountId?: unknown }).accountId);
    if (accountId === null) throw new UserError(t('login.noAccount'));
    const email = emailOf(credentials.access);
    // The whole profile is this sign-in's: nothing of an earlier one (another account's email) stays.
    await saveOAuthProfile(
      request.paths,
      { id: request.profileId, provider: CODEX_PROVIDER, access: credentials.access, refresh: credentials.refresh, expires: credentials.expires, accountId, ...(email === null ? {} : { email }) },
      { warn: deps.warn, now: deps.now },
    );
    page?.finish({ ok: true, who: email ?? accountId });
    return { profileId: request.profileId, accountId, email, expires: credentials.expires, storeFile: request.paths.storeFile };
  } catch (error) {
    if (!session.signal.aborted) page?.finish({ ok: false, why: error instanceof UserError ? error.message : t('login.failed', { why: describeLoginFailure(error) }) });
    if (session.signal.aborted) {
      // pi-ai closes its loopback server once the aborted paste rejects; wait for that (briefly: an
      // exchange in flight is aborted with the session, and nothing is written either way).
      await Promise.race([loginPromise?.catch(() => undefined), new Promise((r) => setTimeout(r, 1000).unref())]);
      throw session.signal.reason;
    }
    if (error instanceof UserError) throw error;
    throw new UserError(t('login.failed', { why: describeLoginFailure(error) }));
  } finally {
    await page?.close();
    await forward?.close();
    clearTimeout(timer);
    pasteDone.abort();
    session.abort(new CancelledError());
    request.signal.removeEventListener('abort', onAbort);
  }
}
