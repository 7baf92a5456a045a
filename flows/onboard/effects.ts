import { useEffect, useRef, type Dispatch } from 'react';
import { t } from '../../src/base/i18n/index.js';
import { CancelledError, UserError } from '../../src/base/errors.js';
import { redact } from '../../src/base/redact.js';
import type { OnboardDeps, WizardOAuthUi } from './deps.js';
import type { Action, OAuthAsk, State } from './state.js';
import { SecretRefusedError, type SignInChecked } from '../../src/auth/probe/verify.js';
import { KeychainOfferError } from '../../src/auth/secrets/keep.js';

export interface PasteBridge {
  /** Called by a sign-in screen when the user submits its field (or chooses from its list). */
  submit(value: string): void;
}

const message = (error: unknown) =>
  error instanceof UserError ? error.message : t('error.unexpectedIn', { message: redact(error instanceof Error ? error.message : String(error)) });

/**
 * The side effects of each step, started when the step is entered and aborted when it is left. The
 * effect is keyed by the step's id alone: the reducer stamps a new id on each entry (a retry, the
 * setup-token save) and keeps it on in-place updates (the Codex view), so an update never restarts a
 * running login, and the effect may read the step as it was entered. `track` receives each running
 * effect so that the caller can wait for it (the loopback server to close) before the process exits.
 */
export function useStepEffects(state: State, dispatch: Dispatch<Action>, deps: OnboardDeps, track: (work: Promise<unknown>) => void): PasteBridge {
  const paste = useRef<((value: string) => void) | null>(null);
  const step = state.step;

  useEffect(() => {
    const abort = new AbortController();
    const live = () => !abort.signal.aborted;
    const run = (work: () => Promise<Action | null>) => {
      const promise = work().then(
        (action) => live() && action && dispatch(action),
        (error: unknown) => live() && dispatch({ type: 'fail', message: message(error) }),
      );
      track(promise);
    };
    /**
     * A sign-in: its success leads on, its failure to the failure screen, a cancel nowhere (the exit is on its
     * way), a pasted secret the provider refused back to its field (issue 21).
     */
    const signIn = (work: () => Promise<{ storeFile: string; checked?: SignInChecked | null }>) =>
      run(async () => {
        try {
          const { storeFile, checked } = await work();
          return { type: 'login-succeeded', storeFile, checked: checked ?? null };
        } catch (error) {
          if (error instanceof CancelledError) return null;
          if (error instanceof SecretRefusedError) return { type: 'secret-refused', problem: error.message };
          // The failure screen offers the file as its own choice (f): no line command in the wizard.
          if (error instanceof KeychainOfferError) return { type: 'login-failed', message: t('wizard.keychain.offerFile', { why: error.why }) };
          return { type: 'login-failed', message: message(error) };
        }
      });

    switch (step.kind) {
      case 'loading-agents':
        run(async () => ({ type: 'agents-loaded', agents: await deps.listAgents() }));
        break;
      case 'loading-agent':
      case 'loading-status':
        run(async (): Promise<Action> => {
          const first = step.kind === 'loading-agent';
          const [loaded, methods, external] = await Promise.all([deps.loadAgent(step.agent), first ? deps.listMethods() : [], first ? deps.externalLogins() : undefined]);
          if (loaded.kind === 'corrupt') return { type: 'agent-corrupt', agent: step.agent, file: loaded.file, problem: loaded.problem };
          return step.kind === 'loading-agent'
            ? { type: 'agent-loaded', agent: step.agent, status: loaded.status, methods, ...(external ? { external } : {}) }
            : { type: 'status-loaded', status: loaded.status };
        });
        break;
      case 'creating-agent':
        run(async () => {
          await deps.createAgent(step.agent);
          return { type: 'agent-created' };
        });
        break;
      case 'moving-aside':
        run(async () => {
          await deps.moveAsideStore(step.agent);
          return { type: 'moved-aside' };
        });
        break;
      case 'setup-token':
      case 'api-key':
        if (step.saving && step.profileId && step.token) {
          const { profileId, token } = step;
          const provider = step.kind === 'setup-token' ? 'anthropic' : step.method.provider;
          const home = step.home ?? 'file';
          const verify = state.options.verify !== false;
          signIn(() =>
            // SPEC 12: kept in the keychain, or a reference typed instead of the secret.
            home !== 'file'
              ? deps.keepSecretElsewhere({ agent: step.agent, provider, profileId, type: step.kind === 'setup-token' ? 'token' : 'api_key', home, value: token, ...(verify ? {} : { verify }) })
              : step.kind === 'setup-token'
                ? deps.saveSetupToken(step.agent, profileId, token, verify)
                : deps.saveApiKey(step.agent, provider, profileId, token, verify),
          );
        }
        break;
      case 'codex': {
        const request = { agent: step.agent, profileId: step.profileId, noBrowser: state.options.noBrowser, signal: abort.signal, verify: state.options.verify !== false };
        signIn(() =>
          deps.loginCodex(
            { ...request, readPaste: (_check, signal) => answer(paste, signal) },
            {
              onAuthUrl: (info) => live() && dispatch({ type: 'codex-url', ...info }),
              onBrowser: (launch) => live() && dispatch({ type: 'codex-browser', launch }),
              onPasteRejected: (problem) => live() && dispatch({ type: 'codex-paste-rejected', problem }),
              onPhase: (phase) => live() && dispatch({ type: 'codex-phase', phase }),
            },
          ),
        );
        break;
      }
      case 'codex-device': {
        const request = { agent: step.agent, profileId: step.profileId, noBrowser: state.options.noBrowser, signal: abort.signal, verify: state.options.verify !== false };
        signIn(() =>
          deps.loginCodexDevice(request, {
            onCode: (code) => live() && dispatch({ type: 'device-code', ...code }),
            onPhase: (phase) => live() && dispatch({ type: 'device-phase', phase }),
            onBrowser: (launch) => live() && dispatch({ type: 'device-browser', launch }),
          }),
        );
        break;
      }
      case 'adopt':
        signIn(() => deps.adoptTool(step.agent, step.tool, step.profileId));
        break;
      case 'oauth': {
        const { provider, id: methodId } = step.method;
        const request = { agent: step.agent, provider, methodId, profileId: step.profileId, noBrowser: state.options.noBrowser, signal: abort.signal, verify: state.options.verify !== false };
        signIn(() => deps.loginOAuth(request, oauthUi(dispatch, live, paste)));
        break;
      }
      default:
        break;
    }
    return () => abort.abort(new CancelledError());
  }, [step.id]);

  return {
    submit: (value) => {
      const resolve = paste.current;
      paste.current = null;
      resolve?.(value);
    },
  };
}

/** Waits for the screen's answer (the bridge's submit) or the abort of the sign-in. */
function answer(paste: { current: ((value: string) => void) | null }, signal: AbortSignal): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    paste.current = resolve;
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** An OAuth method's callbacks as wizard actions; each question waits for the screen's answer. */
function oauthUi(dispatch: Dispatch<Action>, live: () => boolean, paste: { current: ((value: string) => void) | null }): WizardOAuthUi {
  const ask = async (next: OAuthAsk, signal: AbortSignal) => {
    if (live()) dispatch({ type: 'oauth-ask', ask: next });
    return answer(paste, signal);
  };
  return {
    onAuth: (info) => live() && dispatch({ type: 'oauth-auth', url: info.url, instructions: info.instructions ?? null }),
    onBrowser: (launch) => live() && dispatch({ type: 'oauth-browser', launch }),
    progress: (text) => live() && dispatch({ type: 'oauth-progress', message: text }),
    async prompt(prompt, signal) {
      const next = { kind: 'prompt', message: prompt.message, placeholder: prompt.placeholder ?? null, allowEmpty: Boolean(prompt.allowEmpty) } as const;
      let value = await ask(next, signal);
      // Asked again in place, the field saying why, unless the method allows an empty answer.
      while (value.trim() === '' && !next.allowEmpty) {
        if (live()) dispatch({ type: 'oauth-answered', problem: t('oauth.needAnswer') });
        value = await answer(paste, signal);
      }
      if (live()) dispatch({ type: 'oauth-answered', problem: null });
      return value;
    },
    async select(prompt, signal) {
      const value = await ask({ kind: 'select', message: prompt.message, options: prompt.options }, signal);
      if (live()) dispatch({ type: 'oauth-answered', problem: null });
      return value;
    },
    async manualCode(signal) {
      const value = await ask({ kind: 'manual' }, signal);
      if (live()) dispatch({ type: 'oauth-answered', problem: null });
      return value;
    },
  };
}
