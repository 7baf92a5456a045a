import type { AgentStatus } from '../../src/auth/routing/status.js';
import { t } from '../../src/base/i18n/index.js';
import { toProfileId } from '../../src/model/profile-id.js';
import { providerOf } from '../../src/model/schema.js';
import { findRelogin, loginStep, otherCodexChoice, reloginChoice, stepChoice, type LoginContext } from './choices.js';
import { checkExhaustive } from './exhaustive.js';
import type { AgentSummary } from '../../src/store/agents.js';
import { NO_EXTERNAL, type Action, type CodexView, type DeviceView, type OAuthView, type Options, type State, type Step, type StepBody } from './state.js';

export { findRelogin } from './choices.js';

export function initialState(options: Options): State {
  return { options, step: { ...firstStep(options), id: 0 }, history: [], nextId: 1, methods: [], external: NO_EXTERNAL };
}

function firstStep({ agent, newAgent, relogin }: Options): StepBody {
  if (!agent) return { kind: 'loading-agents' };
  // A new agent has nothing to sign in again: --relogin fails on loading it, with nothing created.
  return newAgent && relogin === null ? { kind: 'confirm-agent', agent } : { kind: 'loading-agent', agent };
}

const loginContext = (state: State, agent: string): LoginContext => ({ agent, methods: state.methods, noBrowser: state.options.noBrowser });

/** Where a loaded agent leads: re-login first, then a flag's choice, else the choice screen. */
function afterAgentLoaded(state: State, agent: string, status: AgentStatus): StepBody {
  const relogin = findRelogin(status, state.options.relogin, state.methods);
  const ctx = loginContext(state, agent);
  if (relogin) return loginStep(ctx, reloginChoice(relogin.provider, state.methods)!, relogin.profileId, relogin);
  if (state.options.relogin !== null) {
    if (typeof state.options.relogin !== 'string') return { kind: 'exit', code: 1, message: t('relogin.nothing', { agent }) };
    const due = status.profiles.filter((p) => p.state === 'relogin' || p.state === 'expired').map((p) => p.id);
    const list = due.length ? t('relogin.due', { ids: due.join(t('list.join')) }) : t('relogin.noneDueHere');
    return { kind: 'exit', code: 1, message: t('relogin.noProfile', { id: state.options.relogin, agent, due: list }) };
  }
  const choice = state.options.authChoice;
  if (choice === 'skip') return { kind: 'loading-status', agent, written: null };
  if (choice) return loginStep(ctx, choice, null, null);
  return { kind: 'auth-choice', agent, status, group: 'main' };
}

/**
 * The agent picker, unless `--relogin <id>` names its agent: the one agent holding that profile is opened
 * straight away, several are offered alone, and none ends the wizard with the profiles that do need it.
 */
function afterAgentsLoaded(relogin: Options['relogin'], agents: AgentSummary[]): StepBody {
  if (typeof relogin !== 'string') return { kind: 'agent', agents, creating: false };
  const holders = agents.filter((a) => a.profileIds.includes(relogin));
  if (holders.length === 1) return { kind: 'loading-agent', agent: holders[0]!.id };
  if (holders.length > 1) return { kind: 'agent', agents: holders, creating: false };
  const due = agents.flatMap((a) => a.needsRelogin.map((id) => t('relogin.dueOn', { id, agent: a.id })));
  const list = due.length ? t('relogin.due', { ids: due.join(t('list.join')) }) : t('relogin.noneDue');
  return { kind: 'exit', code: 1, message: t('relogin.noHolder', { id: relogin, due: list }) };
}

/** Enters a step: a fresh id, so that its effect starts (again, for a retry or a step come back to). */
const goto = (state: State, next: StepBody): State => ({ ...state, step: { ...next, id: state.nextId }, nextId: state.nextId + 1 });
/** Enters a step and remembers the current one for Esc. */
const push = (state: State, next: StepBody): State => goto({ ...state, history: [...state.history, state.step] }, next);
/** Changes the current step in place: the same id, so its running effect goes on undisturbed. */
const update = (state: State, next: Step): State => ({ ...state, step: next });

function updateCodex(state: State, change: (view: CodexView) => Partial<CodexView>): State {
  if (state.step.kind !== 'codex') return state;
  return update(state, { ...state.step, view: { ...state.step.view, ...change(state.step.view) } });
}

function updateDevice(state: State, change: Partial<DeviceView>): State {
  if (state.step.kind !== 'codex-device') return state;
  return update(state, { ...state.step, view: { ...state.step.view, ...change } });
}

function updateOAuth(state: State, change: Partial<OAuthView>): State {
  if (state.step.kind !== 'oauth') return state;
  return update(state, { ...state.step, view: { ...state.step.view, ...change } });
}

/** A step that takes a pasted secret: the setup-token and any API key share one flow (paste, name, save). */
const pastes = (step: Step): step is Extract<Step, { kind: 'setup-token' | 'api-key' }> => step.kind === 'setup-token' || step.kind === 'api-key';
const signsIn = (step: Step): step is Extract<Step, { kind: 'codex' | 'codex-device' | 'setup-token' | 'api-key' | 'oauth' | 'adopt' }> =>
  pastes(step) || step.kind === 'codex' || step.kind === 'codex-device' || step.kind === 'oauth' || step.kind === 'adopt';

/** Steps a user can come back to with Esc (loading steps are skipped over). */
const returnable = (step: Step) => step.kind === 'agent' || step.kind === 'auth-choice';

export function reducer(state: State, action: Action): State {
  const step = state.step;
  // The exit is final: a late effect or key must not change the code after onExit was called.
  if (step.kind === 'exit') return state;
  switch (action.type) {
    case 'agents-loaded':
      return step.kind === 'loading-agents' ? goto(state, afterAgentsLoaded(state.options.relogin, action.agents)) : state;
    case 'confirm-agent':
      if (step.kind !== 'confirm-agent') return state;
      return action.create
        ? goto(state, { kind: 'creating-agent', agent: step.agent })
        : goto(state, { kind: 'exit', code: 130, message: t('confirmAgent.declined') });
    case 'agent-create-start':
      return step.kind === 'agent' ? update(state, { ...step, creating: true }) : state;
    case 'agent-create-cancel':
      return step.kind === 'agent' ? update(state, { ...step, creating: false }) : state;
    case 'agent-create':
      return step.kind === 'agent' ? push({ ...state, step: { ...step, creating: false } }, { kind: 'creating-agent', agent: action.agent }) : state;
    case 'agent-created':
      return step.kind === 'creating-agent' ? goto({ ...state, created: step.agent }, { kind: 'loading-agent', agent: step.agent }) : state;
    case 'agent-chosen':
      // Esc comes back to the list, on the agent chosen, not to a half-typed new id.
      return step.kind === 'agent' ? push({ ...state, step: { ...step, creating: false, cursor: action.agent } }, { kind: 'loading-agent', agent: action.agent }) : state;
    case 'agent-loaded':
      if (step.kind !== 'loading-agent') return state;
    {
      const loaded = { ...state, methods: action.methods, external: action.external ?? state.external };
      return goto(loaded, afterAgentLoaded(loaded, action.agent, action.status));
    }
    case 'agent-corrupt':
      if (step.kind !== 'loading-agent' && step.kind !== 'loading-status') return state;
      return goto(state, { kind: 'corrupt', agent: action.agent, file: action.file, problem: action.problem });
    case 'corrupt-answer':
      if (step.kind !== 'corrupt') return state;
      return action.moveAside
        ? goto(state, { kind: 'moving-aside', agent: step.agent })
        : goto(state, { kind: 'exit', code: 1, message: t('corrupt.left', { file: step.file }) });
    case 'moved-aside':
      return step.kind === 'moving-aside' ? goto(state, { kind: 'loading-agent', agent: step.agent }) : state;
    case 'choice': {
      if (step.kind !== 'auth-choice') return state;
      // Esc comes back to the same list (a sub-list too), on the same line.
      const here = { ...state, step: { ...step, cursor: action.choice } };
      if (action.choice === 'skip') return push(here, { kind: 'loading-status', agent: step.agent, written: null });
      return push(here, loginStep(loginContext(state, step.agent), action.choice, null, null));
    }
    case 'choice-group':
      // Back on the main list, the cursor is on the sub-list's line.
      return step.kind === 'auth-choice' ? update(state, { ...step, group: action.group, cursor: action.group === 'main' ? `group:${step.group}` : undefined }) : state;
    case 'oauth-auth':
      return updateOAuth(state, { url: action.url, instructions: action.instructions });
    case 'oauth-browser':
      return updateOAuth(state, { browser: action.launch });
    case 'oauth-progress':
      return updateOAuth(state, { progress: action.message });
    case 'oauth-ask':
      return updateOAuth(state, { ask: action.ask, error: null });
    case 'oauth-answered':
      return action.problem === null ? updateOAuth(state, { ask: null, error: null }) : updateOAuth(state, { error: action.problem });
    case 'codex-url':
      return updateCodex(state, () => ({ url: action.url, headless: action.headless, portBusy: action.portBusy, portHolder: action.portHolder ?? null, noBrowser: action.noBrowser, phase: 'waiting' }));
    case 'codex-browser':
      return updateCodex(state, () => ({ browser: action.launch }));
    case 'codex-paste-rejected':
      return updateCodex(state, () => ({ pasteError: action.problem, phase: 'waiting' }));
    case 'codex-phase':
      return updateCodex(state, () => ({ phase: action.phase, pasteError: null }));
    case 'device-code':
      return updateDevice(state, { userCode: action.userCode, url: action.url, expiresAt: action.expiresAt });
    case 'device-browser':
      return updateDevice(state, { browser: action.launch });
    case 'device-phase':
      return updateDevice(state, { phase: action.phase });
    case 'token-entered':
      if (!pastes(step) || step.field !== 'token' || step.saving) return state;
      // A re-login keeps its profile id: nothing to name, the save starts (a new id starts its effect).
      return step.profileId
        ? goto(state, { ...step, token: action.token, error: null, saving: true })
        : update(state, { ...step, token: action.token, field: 'name', error: null });
    case 'secret-home':
      // Chosen before the paste: a reference is typed in place of the secret, so the field starts afresh.
      return pastes(step) && step.field === 'token' && !step.saving ? update(state, { ...step, home: action.home, error: null }) : state;
    case 'token-rejected':
      return pastes(step) && step.field === 'token' && !step.saving ? update(state, { ...step, error: action.problem }) : state;
    case 'name-back':
      // Esc on the name goes back to the paste, which keeps the token.
      return pastes(step) && step.field === 'name' && !step.saving ? update(state, { ...step, field: 'token', error: null }) : state;
    case 'name-entered':
      return pastes(step) && step.field === 'name' && !step.saving && step.token
        ? goto(state, { ...step, profileId: action.profileId, saving: true })
        : state;
    case 'login-succeeded':
      if (!signsIn(step)) return state;
      return goto(state, { kind: 'loading-status', agent: step.agent, written: action.storeFile, ...(action.checked ? { checked: action.checked } : {}) });
    case 'secret-refused':
      // Issue 21: the provider refused the pasted secret; nothing was saved: its field again, saying why.
      return pastes(step) && step.saving ? goto(state, { ...step, field: 'token', token: null, saving: false, error: action.problem }) : state;
    case 'login-failed': {
      if (!signsIn(step)) return state;
      const choice = stepChoice(step);
      const profileId = step.profileId ?? toProfileId(providerOf(choice), undefined);
      const attempt = pastes(step) ? 0 : step.attempt;
      const pasted = pastes(step) && step.token ? { pasted: { token: step.token, home: step.home ?? 'file' } } : {};
      return goto(state, { kind: 'login-failed', agent: step.agent, choice, profileId, relogin: step.relogin, message: action.message, attempt, ...pasted });
    }
    case 'retry': {
      if (step.kind !== 'login-failed') return state;
      const next = loginStep(loginContext(state, step.agent), step.choice, step.profileId, step.relogin, step.attempt + 1);
      // A paste comes back to its field with the secret still in it (dots), where it was to be kept.
      return goto(state, step.pasted && (next.kind === 'setup-token' || next.kind === 'api-key') ? { ...next, token: step.pasted.token, home: step.pasted.home } : next);
    }
    case 'keep-in-file': {
      if (step.kind !== 'login-failed' || step.pasted?.home !== 'keychain') return state;
      const next = loginStep(loginContext(state, step.agent), step.choice, step.profileId, step.relogin, step.attempt + 1);
      if (next.kind !== 'setup-token' && next.kind !== 'api-key') return state;
      return goto(state, { ...next, profileId: step.profileId, token: step.pasted.token, home: 'file', saving: true });
    }
    case 'switch-method': {
      // ChatGPT has two sign-ins: from one (running or failed), the other, for the same profile (Tab, or o).
      if (step.kind !== 'login-failed' && step.kind !== 'codex' && step.kind !== 'codex-device') return state;
      const other = otherCodexChoice(step.kind === 'login-failed' ? step.choice : stepChoice(step));
      if (other === null) return state;
      return goto(state, loginStep(loginContext(state, step.agent), other, step.profileId, step.relogin, step.attempt + 1));
    }
    case 'back': {
      // Esc goes back one step, a waiting sign-in too (its effect's cleanup aborts it); with nowhere to go, it does nothing.
      const index = state.history.findLastIndex(returnable);
      if (index < 0) return state;
      return goto({ ...state, history: state.history.slice(0, index) }, state.history[index]!);
    }
    case 'status-loaded':
      return step.kind === 'loading-status'
        ? goto(state, { kind: 'status', agent: step.agent, status: action.status, written: step.written, ...(step.checked ? { checked: step.checked } : {}) })
        : state;
    case 'fail':
      return goto(state, { kind: 'exit', code: 1, message: action.message });
    case 'cancel': {
      // The status screen is the end, and a saved sign-in is done: Ctrl+C there leaves as Enter does.
      if (step.kind === 'status' || (step.kind === 'loading-status' && step.written !== null)) return goto(state, { kind: 'exit', code: 0, message: null });
      // An agent this run created is there: "nothing was saved" would be untrue.
      const message = state.created === undefined ? t('cancelled.nothingSaved') : t('cancelled.agentCreated', { agent: state.created });
      return goto(state, { kind: 'exit', code: 130, message });
    }
    case 'finish':
      return step.kind === 'status' ? goto(state, { kind: 'exit', code: 0, message: null }) : state;
    default:
      return checkExhaustive(action);
  }
}
