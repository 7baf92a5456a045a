import type { AgentStatus } from '../../src/auth/routing/status.js';
import { canonicalChoice, choiceOf } from '../../src/auth/providers/choices.js';
import { t } from '../../src/base/i18n/index.js';
import type { AuthChoice, CodexView, DeviceView, MethodSummary, OAuthView, Relogin, StepBody } from './state.js';

/**
 * Why the wizard itself starts a re-login: reason codes kept in its state beside the store's own codes
 * (refresh_token_reused…); ReloginBanner words both through the catalogue.
 */
export const ASKED = 'asked for with --relogin';
export const EXPIRED = 'the token has expired';

export { canonicalChoice, choiceOf };

/** The three built-in sign-ins with screens of their own, known without the registry. */
const BUILTIN_STEPS = new Set(['anthropic:setup-token', 'openai-codex:browser', 'openai-codex:device-code']);

export const freshCodexView = (noBrowser: boolean): CodexView => ({
  url: null,
  headless: null,
  portBusy: false,
  portHolder: null,
  noBrowser,
  browser: null,
  phase: 'starting',
  pasteError: null,
});
const freshDeviceView = (): DeviceView => ({ userCode: null, url: null, expiresAt: null, browser: null, phase: 'starting' });
const freshOAuthView = (): OAuthView => ({ url: null, instructions: null, browser: null, progress: null, ask: null, error: null });

export interface LoginContext {
  agent: string;
  methods: MethodSummary[];
  noBrowser: boolean;
}

/**
 * The step that signs in with `choice`, or an exit naming the registered choices when there is no such
 * method. `profileId` is kept for a re-login or a retry; else the default id or a name asked for.
 */
export function loginStep(ctx: LoginContext, choice: AuthChoice, profileId: string | null, relogin: Relogin | null, attempt = 0): StepBody {
  const key = canonicalChoice(choice);
  const { agent } = ctx;
  if (key === 'openai-codex:device-code') {
    return { kind: 'codex-device', agent, profileId: profileId ?? 'openai-codex:default', relogin, view: freshDeviceView(), attempt };
  }
  if (key === 'openai-codex:browser') {
    return { kind: 'codex', agent, profileId: profileId ?? 'openai-codex:default', relogin, view: freshCodexView(ctx.noBrowser), attempt };
  }
  // SPEC 11: another tool's sign-in, shared by reference (a link to its file, no request).
  if (key === 'openai-codex:codex-cli' || key === 'anthropic:claude-cli') {
    const tool = key === 'openai-codex:codex-cli' ? 'codex-cli' : 'claude-cli';
    return { kind: 'adopt', agent, tool, profileId: profileId ?? key, relogin, attempt };
  }
  if (key === 'anthropic:setup-token') {
    return { kind: 'setup-token', agent, profileId, relogin, field: 'token', error: null, saving: false, token: null };
  }
  const method = ctx.methods.find((m) => choiceOf(m) === key);
  if (method?.kind === 'api-key') {
    return { kind: 'api-key', agent, method, profileId, relogin, field: 'token', error: null, saving: false, token: null };
  }
  if (method?.kind === 'oauth') {
    return { kind: 'oauth', agent, method, profileId: profileId ?? `${method.provider}:default`, relogin, view: freshOAuthView(), attempt };
  }
  const known = [...BUILTIN_STEPS, ...ctx.methods.map(choiceOf).filter((c) => !BUILTIN_STEPS.has(c))];
  return { kind: 'exit', code: 1, message: t('choice.unknown', { key, known: known.join(', ') }) };
}

/** The choice a login step (or its failure) came from, as `<provider>:<method>`. */
export function stepChoice(step: Extract<StepBody, { kind: 'codex' | 'codex-device' | 'setup-token' | 'api-key' | 'oauth' | 'adopt' }>): string {
  switch (step.kind) {
    case 'adopt':
      return step.tool === 'codex-cli' ? 'openai-codex:codex-cli' : 'anthropic:claude-cli';
    case 'codex':
      return 'openai-codex:browser';
    case 'codex-device':
      return 'openai-codex:device-code';
    case 'setup-token':
      return 'anthropic:setup-token';
    default:
      return choiceOf(step.method);
  }
}

/** The ChatGPT sign-in to switch to from `choice` (Tab, or o on a failure), or null. */
export function otherCodexChoice(choice: string): string | null {
  const key = canonicalChoice(choice);
  return key === 'openai-codex:browser' ? 'openai-codex:device-code' : key === 'openai-codex:device-code' ? 'openai-codex:browser' : null;
}

/** How a profile of `provider` is signed in again: the built-in ones, else its provider's OAuth method. */
export function reloginChoice(provider: string, methods: MethodSummary[]): string | null {
  if (provider === 'openai-codex') return 'openai-codex:browser';
  if (provider === 'anthropic') return 'anthropic:setup-token';
  const oauth = methods.find((m) => m.provider === provider && m.kind === 'oauth');
  return oauth ? choiceOf(oauth) : null;
}

/**
 * The profile that must be signed in again, if any (SPEC 7 guided re-login): the one named by
 * `--relogin <id>`, else the first that needs re-login or has expired with no way to refresh; only
 * profiles of a provider the wizard can sign in.
 */
export function findRelogin(status: AgentStatus, wanted: string | true | null, methods: MethodSummary[] = []): Relogin | null {
  const candidates = status.profiles.filter((p) => reloginChoice(p.provider, methods) !== null);
  if (typeof wanted === 'string') {
    const named = candidates.find((p) => p.id === wanted);
    return named ? { profileId: named.id, provider: named.provider, reason: named.reloginRequired?.reason ?? ASKED } : null;
  }
  const due = candidates.find((p) => p.state === 'relogin' || p.state === 'expired');
  if (due) return { profileId: due.id, provider: due.provider, reason: due.reloginRequired?.reason ?? EXPIRED };
  if (wanted === true) {
    const any = candidates[0];
    return any ? { profileId: any.id, provider: any.provider, reason: ASKED } : null;
  }
  return null;
}
