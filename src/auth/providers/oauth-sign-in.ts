import type { OAuthLoginCallbacks } from '@mariozechner/pi-ai/oauth';
import { CancelledError, UserError } from '../../base/errors.js';
import type { Env, Warn } from '../../base/io.js';
import { redact } from '../../base/redact.js';
import { printable, stripControl } from '../../base/text.js';
import type { BrowserLaunch } from '../../env/browser.js';
import type { HeadlessCheck } from '../../env/headless.js';
import type { AgentPaths } from '../../env/paths.js';
import { saveOAuthProfile } from '../../store/profiles.js';
import { oauthCopy } from './copy.js';
import { oauthFields } from './oauth-fields.js';
import { SIGN_IN_METHOD_FIELD } from './refresh.js';
import type { OAuthMethod } from './types.js';
import { isNetworkFailure, rejectOnAbort } from '../sign-in/sign-in-shared.js';

/** How a surface (clack lines, the Ink wizard) shows an OAuth method's sign-in and takes its answers. */
export interface OAuthUi {
  /** The link in full, and the method's instructions (e.g. a device code). */
  onAuth(info: { url: string; instructions?: string }): void;
  /** Whether a browser was opened (not called when none is to be opened). */
  onBrowser(launch: BrowserLaunch): void;
  /** A text field; should settle (reject) when `signal` aborts. */
  prompt(p: { message: string; placeholder?: string; allowEmpty?: boolean }, signal: AbortSignal): Promise<string>;
  progress(message: string): void;
  select(p: { message: string; options: { id: string; label: string }[] }, signal: AbortSignal): Promise<string | undefined>;
  /** The code or redirect address pasted by hand, racing a method's own callback server. */
  manualCode(signal: AbortSignal): Promise<string>;
}

export interface OAuthSignInRequest {
  paths: AgentPaths;
  provider: string;
  /** The provider's name for messages (its id when omitted). */
  providerLabel?: string;
  method: OAuthMethod;
  profileId: string;
  signal: AbortSignal;
  noBrowser: boolean;
}

export interface OAuthSignInDeps {
  env: Env;
  warn: Warn;
  now(): number;
  headless: HeadlessCheck;
  openBrowser(url: string, env: Env): Promise<BrowserLaunch>;
}

/** Text a plugin hands us, for a terminal: no control sequences, one line, a sane length. */
const clean = (text: unknown, max = 300) => printable(stripControl(String(text ?? '')).replace(/\s+/g, ' ').trim(), max);

/**
 * SPEC 8: one sign-in through an OAuth method (GitHub Copilot's, a plugin's). The method's callbacks go to
 * `ui`; its link is opened as the ChatGPT sign-in's is (not when headless or `noBrowser`); `signal`
 * (Ctrl+C, Esc) aborts it. What it returns is stored as an `oauth` profile, unknown fields kept. A method
 * that throws is a one-line redacted UserError; nothing is written unless the sign-in succeeds.
 */
export async function signInWithOAuth(
  request: OAuthSignInRequest,
  ui: OAuthUi,
  deps: OAuthSignInDeps,
): Promise<{ profileId: string; storeFile: string; account: string | null }> {
  const session = new AbortController();
  const onAbort = () => session.abort(request.signal.reason ?? new CancelledError());
  request.signal.addEventListener('abort', onAbort, { once: true });
  const { oauth } = request.method;
  const aborted = rejectOnAbort(session.signal);
  aborted.catch(() => undefined);

  // A question waits (briefly) for the browser's notice, so that it is not drawn in the middle of the field.
  let browser: Promise<unknown> = Promise.resolve();
  const browserShown = () => Promise.race([browser, new Promise((resolve) => setTimeout(resolve, 1500).unref())]);

  // Where the sign-in sends the user: the host named when the network fails and the error names none.
  let linkHost: string | null = null;
  const callbacks: OAuthLoginCallbacks = {
    onAuth: (info) => {
      const url = stripControl(String(info?.url ?? '')).replace(/\s+/g, '');
      linkHost = hostOf(url);
      const instructions = info?.instructions === undefined ? undefined : clean(info.instructions);
      ui.onAuth({ url, ...(instructions ? { instructions } : {}) });
      if (!request.noBrowser && !deps.headless.headless && /^https?:\/\//i.test(url) && !session.signal.aborted) {
        browser = deps.openBrowser(url, deps.env).then((launch) => {
          if (!session.signal.aborted) ui.onBrowser(launch);
        });
      }
    },
    onPrompt: async (prompt) => {
      const question = {
        message: clean(prompt?.message, 200) || oauthCopy.answer,
        ...(prompt?.placeholder ? { placeholder: clean(prompt.placeholder, 120) } : {}),
        ...(prompt?.allowEmpty ? { allowEmpty: true } : {}),
      };
      await browserShown();
      for (;;) {
        const answer = await Promise.race([ui.prompt(question, session.signal), aborted]);
        if (answer.trim() !== '' || question.allowEmpty) return answer;
      }
    },
    onProgress: (message) => ui.progress(clean(message, 200)),
    onSelect: async (prompt) => {
      const options = (prompt?.options ?? []).map((o) => ({ id: String(o.id), label: clean(o.label, 120) }));
      await browserShown();
      return Promise.race([ui.select({ message: clean(prompt?.message, 200), options }, session.signal), aborted]);
    },
    ...(oauth.usesCallbackServer ? { onManualCodeInput: () => Promise.race([browserShown().then(() => ui.manualCode(session.signal)), aborted]) } : {}),
    signal: session.signal,
  };

  try {
    if (session.signal.aborted) throw session.signal.reason;
    const returned = await Promise.race([Promise.resolve().then(() => oauth.login(callbacks)), aborted]);
    if (session.signal.aborted) throw session.signal.reason;
    const checked = oauthFields(returned);
    if ('problem' in checked) throw new UserError(oauthCopy.failed(request.method.label, checked.problem));
    ui.progress(oauthCopy.saving);
    const { fields } = checked;
    // The method is recorded: the profile is refreshed through it, not the provider's first (SPEC 8).
    const profile = { ...fields, id: request.profileId, provider: request.provider, [SIGN_IN_METHOD_FIELD]: request.method.id };
    await saveOAuthProfile(request.paths, profile, { warn: deps.warn, now: deps.now });
    const account = (fields.email as string | undefined) ?? (fields.accountId as string | undefined) ?? null;
    return { profileId: request.profileId, storeFile: request.paths.storeFile, account };
  } catch (error) {
    if (session.signal.aborted && request.signal.aborted) {
      const reason: unknown = request.signal.reason;
      throw reason instanceof UserError ? reason : new CancelledError(oauthCopy.cancelled);
    }
    if (error instanceof UserError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    // The network, said as such (a method's fetch says only "fetch failed"), else what it said, redacted.
    const host = unreachedHost(error) ?? linkHost;
    const why = isNetworkFailure(message) ? (host ? oauthCopy.networkHost(host) : oauthCopy.network) : redact(message, [], 200) || oauthCopy.noReason;
    throw new UserError(oauthCopy.failed(request.providerLabel ?? request.provider, why));
  } finally {
    session.abort(new CancelledError());
    request.signal.removeEventListener('abort', onAbort);
  }
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
}

/** The host (or address and port) a failed fetch names in its cause (undici: ENOTFOUND's hostname, ECONNREFUSED's address). */
function unreachedHost(error: unknown): string | null {
  const cause = (error as { cause?: { hostname?: unknown; address?: unknown; port?: unknown } } | null)?.cause;
  if (!cause || typeof cause !== 'object') return null;
  const name = typeof cause.hostname === 'string' ? cause.hostname : typeof cause.address === 'string' ? cause.address : null;
  if (!name || !/^[\w.:[\]-]{1,255}$/.test(name)) return null;
  return typeof cause.port === 'number' && typeof cause.hostname !== 'string' ? `${name}:${cause.port}` : name;
}
