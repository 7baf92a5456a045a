import { Box, Static, useApp, useInput, useStdout } from 'ink';
import { t } from '../../src/base/i18n/index.js';
import { useCallback, useEffect, useLayoutEffect, useReducer, useRef } from 'react';
import { Spinner } from '../../components/Spinner.js';
import { ThemeProvider, type Theme } from '../../components/theme.js';
import { checkApiKey } from '../../src/auth/sign-in/api-key.js';
import { checkSetupToken, type TokenCheck } from '../../src/auth/sign-in/setup-token.js';
import type { OnboardDeps } from './deps.js';
import { useStepEffects } from './effects.js';
import { checkExhaustive } from './exhaustive.js';
import { profileNameProblem, toProfileId } from '../../src/model/profile-id.js';
import { initialState, reducer } from './reducer.js';
import { AgentScreen } from './screens/AgentScreen.js';
import { AuthChoiceScreen } from './screens/AuthChoiceScreen.js';
import { otherCodexChoice } from './choices.js';
import { ApiKeyScreen } from './screens/ApiKeyScreen.js';
import { CodexScreen } from './screens/CodexScreen.js';
import { OAuthScreen } from './screens/OAuthScreen.js';
import { DeviceCodeScreen } from './screens/DeviceCodeScreen.js';
import { ConfirmAgentScreen } from './screens/ConfirmAgentScreen.js';
import { CorruptScreen } from './screens/CorruptScreen.js';
import { LoginFailedScreen } from './screens/LoginFailedScreen.js';
import { SetupTokenScreen } from './screens/SetupTokenScreen.js';
import { StatusScreen } from './screens/StatusScreen.js';
import { scrollbackOf, type Scrollback } from './scrollback.js';
import { SECRET_HOMES, type Action, type Options, type PasteFields, type SecretHome, type State, type Step, type StepBody } from './state.js';
import { exampleEnvName, parseRefFlag } from '../../src/model/secret-ref.js';

/** Steps that show only a spinner. */
const LOADING = new Set<Step['kind']>(['loading-agents', 'creating-agent', 'loading-agent', 'loading-status', 'moving-aside']);

/** What the failure screen offers as the other ChatGPT sign-in. */
const OTHER_SIGN_IN: Record<string, () => string> = { 'openai-codex:device-code': () => t('failed.useDevice'), 'openai-codex:browser': () => t('failed.useBrowser') };

/** How the wizard ended: the exit step. */
export type ExitStep = Extract<StepBody, { kind: 'exit' }>;

interface Props {
  deps: OnboardDeps;
  options: Options;
  theme: Theme;
  /** The one exit point: called once with the code and message; then Ink unmounts. */
  onExit(exit: ExitStep): void;
  track(work: Promise<unknown>): void;
  /** Called when a screen is on and listening for keys, with its name (see screenName). */
  onStep?(screen: string): void;
  /** The width to lay out the written pieces at: the terminal's, unless told (tests draw narrower). */
  width?: number;
}

export function OnboardApp({ deps, options, theme, onExit, track, onStep, width }: Props) {
  const { stdout } = useStdout();
  const columns = width ?? (stdout.columns || 80);
  const [state, dispatch] = useReducer(reducer, options, initialState);
  const { exit } = useApp();
  const bridge = useStepEffects(state, dispatch, deps, track);
  const step = state.step;

  useInput((input, key) => {
    if (key.ctrl && input === 'c') dispatch({ type: 'cancel' });
    // Esc while a sign-in waits goes back, as everywhere (its effect's cleanup aborts it); only Ctrl+C quits.
    else if (key.escape && (step.kind === 'codex' || step.kind === 'codex-device' || step.kind === 'oauth')) dispatch({ type: 'back' });
    // The other ChatGPT sign-in, for the same profile: the running one is aborted by its effect's cleanup.
    else if (key.tab && (step.kind === 'codex' || step.kind === 'codex-device')) dispatch({ type: 'switch-method' });
    // SPEC 12: where the pasted secret is kept, chosen on its field (Tab: the file, the keychain, a reference).
    else if (key.tab && (step.kind === 'setup-token' || step.kind === 'api-key') && step.field === 'token' && !step.saving) {
      dispatch({ type: 'secret-home', home: nextHome(step.home) });
    }
  });

  // The terminal title names the step. It is written after the screen's input handlers are armed
  // (children's effects run first), so it doubles as a "ready for keys" signal for a driving program.
  const screen = screenName(step);
  useEffect(() => {
    onStep?.(screen);
  }, [screen, onStep]);
  useEffect(() => {
    if (step.kind === 'exit') {
      onExit({ kind: 'exit', code: step.code, message: step.message });
      exit();
    }
  }, [step, onExit, exit]);

  const back = useCallback(() => dispatch({ type: 'back' }), []);
  // On the way out the last screen stays drawn; the exit message is printed below it afterwards.
  // Render reads what the last commit left and changes nothing (React may render twice, or not commit):
  // the layout effect keeps what was committed.
  const last = useRef<{ shown: State; scrollback: Scrollback } | null>(null);
  const shown = step.kind !== 'exit' ? state : (last.current?.shown ?? state);
  const scrollback = scrollbackOf(last.current?.scrollback ?? null, shown, deps);
  useLayoutEffect(() => {
    last.current = { shown, scrollback };
  });
  // ...but not a spinner: nothing is loading any more.
  const stale = step.kind === 'exit' && LOADING.has(shown.step.kind);
  return (
    <ThemeProvider theme={theme}>
      <Static items={scrollback.written}>
        {(part) => (
          // As wide as the terminal: a link inside may be wider (one logical line the terminal soft-wraps),
          // the rest wraps at the terminal's width.
          <Box key={part.key} flexDirection="column" marginBottom={1} width={columns}>
            {part.node}
          </Box>
        )}
      </Static>
      <Box flexDirection="column">
        {stale ? null : <Screen state={shown} deps={deps} dispatch={dispatch} back={back} paste={bridge.submit} />}
      </Box>
    </ThemeProvider>
  );
}

/**
 * A step's name, and a sub-name where a step swaps one input for another (the new-agent field, the
 * profile name field): those swaps arm new key handlers too, and a driver must know when they are on.
 */
export function screenName(step: Step): string {
  if (step.kind === 'agent' && step.creating) return 'agent-new';
  if (step.kind === 'setup-token' && step.field === 'name' && !step.saving) return 'setup-token-name';
  if (step.kind === 'api-key' && step.field === 'name' && !step.saving) return 'api-key-name';
  return step.kind;
}

interface ScreenProps {
  state: State;
  deps: OnboardDeps;
  dispatch: React.Dispatch<Action>;
  back(): void;
  paste(value: string): void;
}

function Screen({ state, deps, dispatch, back, paste }: ScreenProps) {
  const step = state.step;
  const canGoBack = state.history.length > 0;
  switch (step.kind) {
    case 'loading-agents':
    case 'creating-agent':
    case 'loading-agent':
    case 'loading-status':
    case 'moving-aside':
    case 'adopt':
      return <Spinner label={t('wizard.loading')} />;
    case 'agent':
      return (
        <AgentScreen
          agents={step.agents}
          creating={step.creating}
          canCreate={state.options.relogin === null}
          cursor={step.cursor}
          onChoose={(agent) => dispatch({ type: 'agent-chosen', agent })}
          onCreateStart={() => dispatch({ type: 'agent-create-start' })}
          onCreateCancel={() => dispatch({ type: 'agent-create-cancel' })}
          onCreate={(id) => dispatch({ type: 'agent-create', agent: id })}
        />
      );
    case 'confirm-agent':
      return <ConfirmAgentScreen agent={step.agent} onAnswer={(create) => dispatch({ type: 'confirm-agent', create })} />;
    case 'corrupt':
      return <CorruptScreen file={step.file} problem={step.problem} onAnswer={(moveAside) => dispatch({ type: 'corrupt-answer', moveAside })} />;
    case 'auth-choice':
      return (
        <AuthChoiceScreen
          agent={step.agent}
          status={step.status}
          now={deps.now()}
          headless={state.options.headless}
          methods={state.methods}
          external={state.external}
          group={step.group}
          cursor={step.cursor}
          canGoBack={canGoBack}
          onChoose={(choice) => dispatch({ type: 'choice', choice })}
          onGroup={(group) => dispatch({ type: 'choice-group', group })}
          onBack={back}
        />
      );
    case 'codex':
      return <CodexScreen view={step.view} canGoBack={canGoBack} onPaste={paste} />;
    case 'codex-device':
      return <DeviceCodeScreen view={step.view} canGoBack={canGoBack} />;
    case 'oauth':
      return <OAuthScreen view={step.view} canGoBack={canGoBack} onAnswer={paste} />;
    case 'api-key':
      return (
        <ApiKeyScreen
          method={step.method}
          {...pasteProps(step, canGoBack, back)}
          {...pasteHandlers(dispatch, step.method.provider, homeCheck(step.home, step.method.provider, (raw) => checkApiKey(raw, { ...step.method, label: step.method.providerLabel })))}
        />
      );
    case 'setup-token':
      return <SetupTokenScreen {...pasteProps(step, canGoBack, back)} {...pasteHandlers(dispatch, 'anthropic', homeCheck(step.home, 'anthropic', checkSetupToken))} />;
    case 'login-failed':
      return (
        <LoginFailedScreen
          message={step.message}
          canGoBack={canGoBack}
          other={OTHER_SIGN_IN[otherCodexChoice(step.choice) ?? '']?.() ?? null}
          onRetry={() => dispatch({ type: 'retry' })}
          onFile={step.pasted?.home === 'keychain' ? () => dispatch({ type: 'keep-in-file' }) : null}
          onOther={() => dispatch({ type: 'switch-method' })}
          onBack={back}
        />
      );
    case 'status':
      return <StatusScreen onDone={() => dispatch({ type: 'finish' })} />;
    case 'exit':
      return null;
    default:
      return checkExhaustive(step);
  }
}

/** What both paste screens (setup-token, API key) show of their step. */
function pasteProps(step: PasteFields, canGoBack: boolean, onBack: () => void) {
  return { relogin: step.relogin, field: step.field, error: step.error, saving: step.saving, home: step.home ?? 'file', keptToken: step.token, canGoBack, onBack };
}

/** The next place on Tab: the file, the keychain, a reference, and round again. */
function nextHome(home: SecretHome | undefined): SecretHome {
  return SECRET_HOMES[(SECRET_HOMES.indexOf(home ?? 'file') + 1) % SECRET_HOMES.length]!;
}

/** A reference is typed in place of the secret: checked as OpenClaw's grammar, not as a token. */
function homeCheck(home: SecretHome | undefined, provider: string, check: (raw: string) => TokenCheck): (raw: string) => TokenCheck {
  if (home !== 'ref') return check;
  return (raw) => {
    // The wizard's own words, not the `--ref` flag's: there is no flag on this screen.
    if (!raw.trim()) return { ok: false, problem: t('wizard.store.refEmpty', { name: exampleEnvName(provider) }) };
    const parsed = parseRefFlag(raw.trim(), (value) => t('wizard.store.refShape', { value }));
    return 'ref' in parsed ? { ok: true, token: raw.trim() } : { ok: false, problem: parsed.problem };
  };
}

/** A pasted secret checked (and explained when refused), then the optional profile name for `provider`. */
function pasteHandlers(dispatch: React.Dispatch<Action>, provider: string, check: (raw: string) => TokenCheck) {
  return {
    onToken(raw: string) {
      const result = check(raw);
      dispatch(result.ok ? { type: 'token-entered', token: result.token } : { type: 'token-rejected', problem: result.problem });
    },
    onName(raw: string) {
      if (!profileNameProblem(raw, provider)) dispatch({ type: 'name-entered', profileId: toProfileId(provider, raw) });
    },
    onNameBack() {
      dispatch({ type: 'name-back' });
    },
  };
}
