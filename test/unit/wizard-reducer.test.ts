import { describe, expect, it } from 'vitest';
import { findRelogin, initialState, reducer } from '../../flows/onboard/reducer.js';
import type { Action, CodexView, Options, State, Step, StepBody } from '../../flows/onboard/state.js';
import { agentStatus, type AgentStatus } from '../../src/auth/routing/status.js';
import type { AgentSummary } from '../../src/store/agents.js';
import { emptyStore, type AuthProfiles } from '../../src/model/schema.js';
import { FAKE_METHODS, NOW, pathsOf, stores } from '../support/fake-deps.js';

const DAY = 86_400_000;
const options = (o: Partial<Options> = {}): Options => ({ agent: null, newAgent: false, authChoice: null, relogin: null, noBrowser: false, headless: false, ...o });
const status = (store: AuthProfiles, agent = 'main'): AgentStatus => agentStatus(pathsOf(agent), store, true, {}, NOW);
const run = (state: State, ...actions: Action[]): State => actions.reduce(reducer, state);
const stateAt = (step: StepBody, extra: Partial<State> = {}): State => ({ options: options(), step: { ...step, id: 0 }, history: [], nextId: 1, methods: FAKE_METHODS, external: { codex: null, claude: false }, ...extra });
/** A step without its id: what the reducer tests compare; the ids have tests of their own. */
const body = ({ id, ...rest }: Step): StepBody => rest;

const AGENTS: AgentSummary[] = [
  { id: 'main', agentDir: '/fake/state/agents/main/agent', profiles: 1, problem: null, profileIds: ['anthropic:default'], needsRelogin: [] },
  { id: 'work', agentDir: '/fake/state/agents/work/agent', profiles: 0, problem: null, profileIds: [], needsRelogin: [] },
];
const EMPTY = status(emptyStore());
const FILE = pathsOf('main').storeFile;

/** From a fresh start with these options to the step after the agent is loaded with `store`. */
function loaded(store: AuthProfiles, o: Partial<Options> = {}): State {
  const start = initialState(options(o));
  if (start.step.kind === 'loading-agents') {
    return run(start, { type: 'agents-loaded', agents: AGENTS }, { type: 'agent-chosen', agent: 'main' }, { type: 'agent-loaded', agent: 'main', status: status(store), methods: FAKE_METHODS });
  }
  return run(start, { type: 'agent-loaded', agent: o.agent!, status: status(store, o.agent!), methods: FAKE_METHODS });
}
const atChoice = (store: AuthProfiles = emptyStore(), o: Partial<Options> = {}) => loaded(store, o);

const codexView = (view: Partial<CodexView> = {}): CodexView => ({
  url: null,
  headless: null,
  portBusy: false,
  portHolder: null,
  noBrowser: false,
  browser: null,
  phase: 'starting',
  pasteError: null,
  ...view,
});

describe('findRelogin', () => {
  const codexRelogin = stores.relogin(stores.codex(), 'openai-codex:default', 'refresh_token_reused');

  it('names a profile marked reloginRequired, with the reason from the store', () => {
    expect(findRelogin(status(stores.merge(stores.setupToken(), codexRelogin)), null)).toEqual({
      profileId: 'openai-codex:default',
      provider: 'openai-codex',
      reason: 'refresh_token_reused',
    });
  });

  it('names an expired setup-token (a token has no way to refresh)', () => {
    expect(findRelogin(status(stores.setupToken('anthropic:work', NOW - DAY)), null)).toEqual({
      profileId: 'anthropic:work',
      provider: 'anthropic',
      reason: 'the token has expired',
    });
  });

  it('leaves alone an OAuth profile whose access token expired: the refresh token renews it', () => {
    const s = status(stores.codex('openai-codex:default', NOW - DAY));
    expect(s.profiles[0]!.state).toBe('refreshable');
    expect(findRelogin(s, null)).toBeNull();
  });

  it('finds nothing when every profile is fine, or in an empty store', () => {
    expect(findRelogin(status(stores.merge(stores.setupToken(), stores.codex())), null)).toBeNull();
    expect(findRelogin(EMPTY, null)).toBeNull();
  });

  it('ignores providers the wizard cannot sign in to', () => {
    const store: AuthProfiles = {
      version: 1,
      profiles: { 'openai:key': { type: 'token', provider: 'openai', token: 't', expires: NOW - DAY } },
    };
    expect(findRelogin(status(store), null)).toBeNull();
    expect(findRelogin(status(store), true)).toBeNull();
    expect(findRelogin(status(store), 'openai:key')).toBeNull();
  });

  it('--relogin <id>: that profile, even when it is fine and another one is due', () => {
    const s = status(stores.merge(stores.setupToken('anthropic:default'), codexRelogin));
    expect(findRelogin(s, 'anthropic:default')).toEqual({ profileId: 'anthropic:default', provider: 'anthropic', reason: 'asked for with --relogin' });
    expect(findRelogin(s, 'openai-codex:default')?.reason).toBe('refresh_token_reused');
  });

  it('--relogin <unknown id>: nothing', () => {
    expect(findRelogin(status(stores.setupToken()), 'anthropic:nope')).toBeNull();
  });

  it('--relogin with no id: the profile that is due, else the first one, else nothing', () => {
    expect(findRelogin(status(stores.merge(stores.setupToken(), codexRelogin)), true)?.profileId).toBe('openai-codex:default');
    expect(findRelogin(status(stores.merge(stores.setupToken(), stores.codex())), true)).toEqual({
      profileId: 'anthropic:default',
      provider: 'anthropic',
      reason: 'asked for with --relogin',
    });
    expect(findRelogin(EMPTY, true)).toBeNull();
  });
});

describe('start and the agent step', () => {
  it('starts by listing agents, or with --agent straight on loading that agent', () => {
    expect(body(initialState(options()).step)).toEqual({ kind: 'loading-agents' });
    const flagged = initialState(options({ agent: 'work' }));
    expect(body(flagged.step)).toEqual({ kind: 'loading-agent', agent: 'work' });
    expect(flagged.history).toEqual([]);
  });

  it('agents-loaded shows the list; create start and cancel toggle the id field', () => {
    const listed = run(initialState(options()), { type: 'agents-loaded', agents: AGENTS });
    expect(body(listed.step)).toEqual({ kind: 'agent', agents: AGENTS, creating: false });
    const creating = reducer(listed, { type: 'agent-create-start' });
    expect(creating.step).toMatchObject({ kind: 'agent', creating: true });
    expect(reducer(creating, { type: 'agent-create-cancel' }).step).toMatchObject({ kind: 'agent', creating: false });
    expect(creating.history).toEqual([]);
  });

  it('agent-chosen loads that agent and remembers the list for Esc', () => {
    const listed = run(initialState(options()), { type: 'agents-loaded', agents: AGENTS });
    const chosen = reducer(listed, { type: 'agent-chosen', agent: 'work' });
    expect(body(chosen.step)).toEqual({ kind: 'loading-agent', agent: 'work' });
    // Remembered with the cursor on the agent chosen (issue 22, item 6).
    expect(chosen.history).toEqual([{ ...listed.step, cursor: 'work' }]);
  });

  it('a created agent is remembered as the plain list, not the half-typed id field', () => {
    const creating = run(initialState(options()), { type: 'agents-loaded', agents: AGENTS }, { type: 'agent-create-start' });
    const created = run(creating, { type: 'agent-create', agent: 'new1' });
    expect(body(created.step)).toEqual({ kind: 'creating-agent', agent: 'new1' });
    const loading = reducer(created, { type: 'agent-created' });
    expect(body(loading.step)).toEqual({ kind: 'loading-agent', agent: 'new1' });
    const back = run(loading, { type: 'agent-loaded', agent: 'new1', status: status(emptyStore(), 'new1'), methods: FAKE_METHODS }, { type: 'back' });
    expect(back.step).toMatchObject({ kind: 'agent', creating: false });
  });

  it('agent-loaded with nothing to fix and no flags: the auth choice', () => {
    const s = atChoice(stores.setupToken());
    expect(s.step).toMatchObject({ kind: 'auth-choice', agent: 'main' });
    if (s.step.kind === 'auth-choice') expect(s.step.status.profiles.map((p) => p.id)).toEqual(['anthropic:default']);
  });
});

describe('--agent <new id>: confirm before creating', () => {
  const fresh = () => initialState(options({ agent: 'new1', newAgent: true }));

  it('opens on the question, with nothing to go back to', () => {
    const s = fresh();
    expect(body(s.step)).toEqual({ kind: 'confirm-agent', agent: 'new1' });
    expect(s.history).toEqual([]);
    expect(reducer(s, { type: 'back' })).toBe(s);
  });

  it('yes: the agent is created, then loaded, then the auth choice (Esc still has nowhere to go)', () => {
    const creating = reducer(fresh(), { type: 'confirm-agent', create: true });
    expect(body(creating.step)).toEqual({ kind: 'creating-agent', agent: 'new1' });
    const loading = reducer(creating, { type: 'agent-created' });
    expect(body(loading.step)).toEqual({ kind: 'loading-agent', agent: 'new1' });
    const choice = reducer(loading, { type: 'agent-loaded', agent: 'new1', status: status(emptyStore(), 'new1'), methods: FAKE_METHODS });
    expect(choice.step).toMatchObject({ kind: 'auth-choice', agent: 'new1' });
    expect(reducer(choice, { type: 'back' })).toBe(choice);
  });

  it('yes with --auth-choice: created, then straight to that login', () => {
    const s = run(
      initialState(options({ agent: 'new1', newAgent: true, authChoice: 'setup-token' })),
      { type: 'confirm-agent', create: true },
      { type: 'agent-created' },
      { type: 'agent-loaded', agent: 'new1', status: status(emptyStore(), 'new1'), methods: FAKE_METHODS },
    );
    expect(s.step).toMatchObject({ kind: 'setup-token', agent: 'new1', profileId: null });
  });

  it('no: cancelled (exit 130), nothing created, and where the agents are listed', () => {
    const s = reducer(fresh(), { type: 'confirm-agent', create: false });
    expect(body(s.step)).toEqual({ kind: 'exit', code: 130, message: 'Nothing was created. See the agents there are with: openclaw agents list' });
  });

  it('Ctrl+C on the question: exit 130, nothing saved', () => {
    expect(body(reducer(fresh(), { type: 'cancel' }).step)).toEqual({ kind: 'exit', code: 130, message: 'Cancelled; nothing was saved.' });
  });

  it('an agent that exists, or no --agent at all: no question', () => {
    expect(initialState(options({ agent: 'work' })).step.kind).toBe('loading-agent');
    expect(initialState(options({ newAgent: true })).step.kind).toBe('loading-agents');
  });

  it('with --relogin there is nothing to sign in again: no question, the load fails as before, nothing created', () => {
    const s = initialState(options({ agent: 'new1', newAgent: true, relogin: true }));
    expect(body(s.step)).toEqual({ kind: 'loading-agent', agent: 'new1' });
    expect(reducer(s, { type: 'agent-loaded', agent: 'new1', status: status(emptyStore(), 'new1'), methods: FAKE_METHODS }).step).toMatchObject({ kind: 'exit', code: 1 });
  });
});

describe('flags that skip steps', () => {
  it('--agent skips the agent step: no list, nothing to go back to', () => {
    const s = atChoice(emptyStore(), { agent: 'work' });
    expect(s.step).toMatchObject({ kind: 'auth-choice', agent: 'work' });
    expect(s.history).toEqual([]);
    expect(reducer(s, { type: 'back' })).toBe(s);
  });

  it('--auth-choice setup-token skips the choice: the token field, no profile id yet', () => {
    const s = loaded(emptyStore(), { agent: 'main', authChoice: 'setup-token' });
    expect(body(s.step)).toEqual({ kind: 'setup-token', agent: 'main', profileId: null, relogin: null, field: 'token', error: null, saving: false, token: null });
  });

  it('--auth-choice openai-codex skips the choice: the default Codex profile, --no-browser carried', () => {
    const s = loaded(emptyStore(), { agent: 'main', authChoice: 'openai-codex', noBrowser: true });
    expect(body(s.step)).toEqual({ kind: 'codex', agent: 'main', profileId: 'openai-codex:default', relogin: null, view: codexView({ noBrowser: true }), attempt: 0 });
  });

  it('--auth-choice skip goes to the status', () => {
    expect(body(loaded(emptyStore(), { authChoice: 'skip' }).step)).toEqual({ kind: 'loading-status', agent: 'main', written: null });
  });

  it('a profile that needs re-login wins over --auth-choice', () => {
    const store = stores.relogin(stores.codex(), 'openai-codex:default');
    expect(loaded(store, { authChoice: 'skip' }).step).toMatchObject({ kind: 'codex', profileId: 'openai-codex:default' });
  });
});

describe('guided re-login', () => {
  it('a relogin-required Codex profile opens its login with the same profile id', () => {
    const store = stores.merge(stores.setupToken(), stores.relogin(stores.codex('openai-codex:work'), 'openai-codex:work', 'refresh_token_expired'));
    const s = loaded(store);
    expect(body(s.step)).toEqual({
      kind: 'codex',
      agent: 'main',
      profileId: 'openai-codex:work',
      relogin: { profileId: 'openai-codex:work', provider: 'openai-codex', reason: 'refresh_token_expired' },
      view: codexView(),
      attempt: 0,
    });
    // The agent list is still there to go back to.
    expect(s.history.map((h) => h.kind)).toEqual(['agent']);
  });

  it('an expired setup-token opens the token field for that profile, and the token goes straight to saving', () => {
    const s = loaded(stores.setupToken('anthropic:work', NOW - DAY));
    expect(body(s.step)).toEqual({
      kind: 'setup-token',
      agent: 'main',
      profileId: 'anthropic:work',
      relogin: { profileId: 'anthropic:work', provider: 'anthropic', reason: 'the token has expired' },
      field: 'token',
      error: null,
      saving: false,
      token: null,
    });
    const entered = reducer(s, { type: 'token-entered', token: 'sk-ant-oat01-x' });
    expect(entered.step).toMatchObject({ kind: 'setup-token', profileId: 'anthropic:work', field: 'token', saving: true, token: 'sk-ant-oat01-x' });
    // Saving is a new entry (its effect saves once); a second token while it saves changes nothing.
    expect(entered.step.id).not.toBe(s.step.id);
    expect(reducer(entered, { type: 'token-entered', token: 'sk-ant-oat01-y' })).toBe(entered);
    // No name to ask for: a name-entered now changes nothing.
    expect(reducer(entered, { type: 'name-entered', profileId: 'anthropic:other' })).toBe(entered);
  });

  it('--relogin <id> opens that profile even when it is fine', () => {
    const s = loaded(stores.merge(stores.setupToken(), stores.codex()), { agent: 'main', relogin: 'openai-codex:default' });
    expect(s.step).toMatchObject({ kind: 'codex', profileId: 'openai-codex:default', relogin: { reason: 'asked for with --relogin' } });
  });

  it('--relogin with no id and nothing due: the first profile', () => {
    const s = loaded(stores.setupToken(), { agent: 'main', relogin: true });
    expect(s.step).toMatchObject({ kind: 'setup-token', profileId: 'anthropic:default', relogin: { profileId: 'anthropic:default' } });
  });

  it('--relogin <unknown id> exits 1 naming it; --relogin on an empty agent exits 1', () => {
    expect(body(loaded(stores.setupToken(), { agent: 'work', relogin: 'anthropic:nope' }).step)).toEqual({
      kind: 'exit',
      code: 1,
      message: 'No profile anthropic:nope on agent work. None of its profiles needs signing in again.',
    });
    expect(body(loaded(emptyStore(), { agent: 'work', relogin: true }).step)).toEqual({
      kind: 'exit',
      code: 1,
      message: 'Agent work has no profile to sign in again.',
    });
  });

  it('a successful re-login goes to the status with the file written', () => {
    const s = run(loaded(stores.relogin(stores.codex(), 'openai-codex:default')), { type: 'login-succeeded', storeFile: FILE });
    expect(body(s.step)).toEqual({ kind: 'loading-status', agent: 'main', written: FILE });
  });
});

describe('auth choice', () => {
  it('setup-token: the token field, and Esc comes back here', () => {
    const choice = atChoice();
    const s = reducer(choice, { type: 'choice', choice: 'setup-token' });
    expect(body(s.step)).toEqual({ kind: 'setup-token', agent: 'main', profileId: null, relogin: null, field: 'token', error: null, saving: false, token: null });
    expect(s.history.at(-1)).toEqual({ ...choice.step, cursor: 'setup-token' });
    expect(s.step.id).not.toBe(choice.step.id);
  });

  it('openai-codex: a fresh Codex view at attempt 0', () => {
    const s = reducer(atChoice(), { type: 'choice', choice: 'openai-codex' });
    expect(body(s.step)).toEqual({ kind: 'codex', agent: 'main', profileId: 'openai-codex:default', relogin: null, view: codexView(), attempt: 0 });
  });

  it('skip: the status, with nothing written; Enter there exits 0', () => {
    const s = reducer(atChoice(), { type: 'choice', choice: 'skip' });
    expect(body(s.step)).toEqual({ kind: 'loading-status', agent: 'main', written: null });
    const shown = reducer(s, { type: 'status-loaded', status: EMPTY });
    expect(body(shown.step)).toEqual({ kind: 'status', agent: 'main', status: EMPTY, written: null });
    expect(body(reducer(shown, { type: 'finish' }).step)).toEqual({ kind: 'exit', code: 0, message: null });
  });
});

describe('setup-token', () => {
  const atToken = () => reducer(atChoice(), { type: 'choice', choice: 'setup-token' });

  it('token-entered keeps the token in its step and asks for a name, on the same entry', () => {
    const before = atToken();
    const s = reducer(before, { type: 'token-entered', token: 'sk-ant-oat01-secret' });
    expect(s.step).toMatchObject({ kind: 'setup-token', field: 'name', profileId: null, saving: false, error: null, token: 'sk-ant-oat01-secret' });
    expect(s.step.id).toBe(before.step.id);
    expect(JSON.stringify(s.history)).not.toContain('secret');
  });

  it('name-entered saves under that profile id; success goes to the status and forgets the token', () => {
    const named = run(atToken(), { type: 'token-entered', token: 'sk-ant-oat01-secret' }, { type: 'name-entered', profileId: 'anthropic:work' });
    expect(named.step).toMatchObject({ kind: 'setup-token', field: 'name', profileId: 'anthropic:work', saving: true, token: 'sk-ant-oat01-secret' });
    const done = reducer(named, { type: 'login-succeeded', storeFile: FILE });
    expect(body(done.step)).toEqual({ kind: 'loading-status', agent: 'main', written: FILE });
    expect(JSON.stringify(done)).not.toContain('secret');
  });

  it('token-rejected shows the problem on the token field; the next good token clears it', () => {
    const rejected = reducer(atToken(), { type: 'token-rejected', problem: 'too short' });
    expect(rejected.step).toMatchObject({ kind: 'setup-token', field: 'token', error: 'too short', saving: false, token: null });
    expect(reducer(rejected, { type: 'token-entered', token: 't' }).step).toMatchObject({ field: 'name', error: null });
  });

  it('a rejection that arrives after the token was taken (a stale key handler) is ignored', () => {
    const named = reducer(atToken(), { type: 'token-entered', token: 't1' });
    expect(reducer(named, { type: 'token-rejected', problem: 'Nothing was pasted.' })).toBe(named);
    const saving = reducer(named, { type: 'name-entered', profileId: 'anthropic:work' });
    expect(reducer(saving, { type: 'token-rejected', problem: 'Nothing was pasted.' })).toBe(saving);
    expect(reducer(saving, { type: 'name-entered', profileId: 'anthropic:other' })).toBe(saving);
  });

  it('a name before any token, or a second token on the name field, is ignored', () => {
    const s = atToken();
    expect(reducer(s, { type: 'name-entered', profileId: 'anthropic:x' })).toBe(s);
    const named = reducer(s, { type: 'token-entered', token: 't1' });
    expect(reducer(named, { type: 'token-entered', token: 't2' })).toBe(named);
  });

  it('a failed save: the failure screen keeps the token (never rendered); retry brings it back to its field for the same id', () => {
    const saving = run(atToken(), { type: 'token-entered', token: 't' }, { type: 'name-entered', profileId: 'anthropic:work' });
    const failed = reducer(saving, { type: 'login-failed', message: 'disk full' });
    expect(body(failed.step)).toEqual({ kind: 'login-failed', agent: 'main', choice: 'anthropic:setup-token', profileId: 'anthropic:work', relogin: null, message: 'disk full', attempt: 0, pasted: { token: 't', home: 'file' } });
    const again = reducer(failed, { type: 'retry' });
    expect(body(again.step)).toEqual({ kind: 'setup-token', agent: 'main', profileId: 'anthropic:work', relogin: null, field: 'token', error: null, saving: false, token: 't', home: 'file' });
    // The file is offered only when the keychain failed.
    expect(reducer(failed, { type: 'keep-in-file' })).toBe(failed);
  });

  it('SPEC 12: the keychain failed: keep-in-file saves the same pasted token in the credential file, for the same id', () => {
    const keychain = run(atToken(), { type: 'secret-home', home: 'keychain' }, { type: 'token-entered', token: 't' }, { type: 'name-entered', profileId: 'anthropic:work' });
    const failed = reducer(keychain, { type: 'login-failed', message: 'no D-Bus session' });
    expect(failed.step).toMatchObject({ kind: 'login-failed', pasted: { token: 't', home: 'keychain' } });
    expect(body(reducer(failed, { type: 'retry' }).step)).toMatchObject({ kind: 'setup-token', token: 't', home: 'keychain', saving: false });
    const filed = reducer(failed, { type: 'keep-in-file' });
    expect(body(filed.step)).toEqual({ kind: 'setup-token', agent: 'main', profileId: 'anthropic:work', relogin: null, field: 'token', error: null, saving: true, token: 't', home: 'file' });
    expect(filed.step.id).not.toBe(failed.step.id);
  });
});

describe('codex', () => {
  const atCodex = () => reducer(atChoice(), { type: 'choice', choice: 'openai-codex' });
  const view = (s: State) => (s.step.kind === 'codex' ? s.step.view : null);
  const headless = { headless: true, reason: 'this is an SSH session' };

  it('codex-url shows the URL and how the user comes back, and starts waiting', () => {
    const s = reducer(atCodex(), { type: 'codex-url', url: 'https://x/authorize', headless, portBusy: true, noBrowser: true });
    expect(view(s)).toEqual(codexView({ url: 'https://x/authorize', headless, portBusy: true, noBrowser: true, phase: 'waiting' }));
  });

  it('codex-browser records whether a browser opened', () => {
    const s = run(atCodex(), { type: 'codex-browser', launch: { kind: 'failed', detail: 'xdg-open not found' } });
    expect(view(s)?.browser).toEqual({ kind: 'failed', detail: 'xdg-open not found' });
  });

  it('a rejected paste shows its problem and waits again; the next phase clears it', () => {
    const exchanging = run(atCodex(), { type: 'codex-phase', phase: 'exchanging' });
    const rejected = reducer(exchanging, { type: 'codex-paste-rejected', problem: 'state mismatch' });
    expect(view(rejected)).toMatchObject({ pasteError: 'state mismatch', phase: 'waiting' });
    expect(view(reducer(rejected, { type: 'codex-phase', phase: 'exchanging' }))).toMatchObject({ pasteError: null, phase: 'exchanging' });
    expect(view(reducer(rejected, { type: 'codex-phase', phase: 'saving' }))).toMatchObject({ pasteError: null, phase: 'saving' });
  });

  it('success goes to the status with the file written', () => {
    expect(body(reducer(atCodex(), { type: 'login-succeeded', storeFile: FILE }).step)).toEqual({ kind: 'loading-status', agent: 'main', written: FILE });
  });

  it('failure, then retry: a fresh attempt (attempt counts up) for the same profile, re-login kept', () => {
    const relogin = loaded(stores.relogin(stores.codex('openai-codex:work'), 'openai-codex:work'));
    const waiting = reducer(relogin, { type: 'codex-url', url: 'https://x', headless, portBusy: false, noBrowser: false });
    const failed = reducer(waiting, { type: 'login-failed', message: 'refused' });
    expect(failed.step).toMatchObject({ kind: 'login-failed', choice: 'openai-codex:browser', profileId: 'openai-codex:work', message: 'refused', attempt: 0 });
    const second = reducer(failed, { type: 'retry' });
    expect(second.step).toMatchObject({ kind: 'codex', profileId: 'openai-codex:work', attempt: 1, relogin: { profileId: 'openai-codex:work' } });
    expect(view(second)).toEqual(codexView());
    const third = run(second, { type: 'login-failed', message: 'again' }, { type: 'retry' });
    expect(third.step).toMatchObject({ kind: 'codex', attempt: 2 });
    expect(third.history).toEqual(relogin.history);
  });
});

describe('back (Esc)', () => {
  it('from the auth choice to the agent list, on the agent chosen, history emptied', () => {
    const s = reducer(atChoice(), { type: 'back' });
    expect(body(s.step)).toEqual({ kind: 'agent', agents: AGENTS, creating: false, cursor: 'main' });
    expect(s.history).toEqual([]);
    expect(reducer(s, { type: 'back' })).toBe(s);
  });

  it('from the token field to the auth choice, on the same line; from the name field to the token, kept (issue 22, item 6)', () => {
    const choice = atChoice();
    const token = reducer(choice, { type: 'choice', choice: 'setup-token' });
    expect(body(reducer(token, { type: 'back' }).step)).toEqual({ ...body(choice.step), cursor: 'setup-token' });
    const name = reducer(token, { type: 'token-entered', token: 'sk-ant-oat01-secret' });
    const again = reducer(name, { type: 'name-back' });
    expect(again.step).toMatchObject({ kind: 'setup-token', field: 'token', token: 'sk-ant-oat01-secret' });
    // From there, Esc leaves the step, and the token with it.
    const back = reducer(again, { type: 'back' });
    expect(back.step.kind).toBe('auth-choice');
    expect(back.history.map((h) => h.kind)).toEqual(['agent']);
    expect(JSON.stringify(back)).not.toContain('secret');
  });

  it('from an API key paste to the API-key list it was chosen from, on the same line', () => {
    const sub = run(atChoice(), { type: 'choice-group', group: 'api-key' });
    const paste = reducer(sub, { type: 'choice', choice: 'openai:api-key' });
    expect(paste.step.kind).toBe('api-key');
    const back = reducer(paste, { type: 'back' });
    expect(back.step).toMatchObject({ kind: 'auth-choice', group: 'api-key', cursor: 'openai:api-key' });
    // Esc on the sub-list: the main list, on its "API key…" line.
    expect(reducer(back, { type: 'choice-group', group: 'main' }).step).toMatchObject({ group: 'main', cursor: 'group:api-key' });
  });

  it('from a waiting sign-in (Codex, device code, OAuth) to the auth choice; with nowhere to go, nothing', () => {
    for (const choice of ['openai-codex', 'openai-codex-device-code']) {
      const waiting = reducer(atChoice(), { type: 'choice', choice });
      expect(reducer(waiting, { type: 'back' }).step).toMatchObject({ kind: 'auth-choice', cursor: choice });
    }
    const flagged = loaded(emptyStore(), { agent: 'main', authChoice: 'openai-codex' });
    expect(flagged.step.kind).toBe('codex');
    expect(reducer(flagged, { type: 'back' })).toBe(flagged);
  });

  it('from a failed login to the auth choice, then to the agent list, then nowhere', () => {
    const failed = run(atChoice(), { type: 'choice', choice: 'openai-codex' }, { type: 'login-failed', message: 'x' });
    const choice = reducer(failed, { type: 'back' });
    expect(choice.step.kind).toBe('auth-choice');
    const list = reducer(choice, { type: 'back' });
    expect(list.step.kind).toBe('agent');
    expect(reducer(list, { type: 'back' })).toBe(list);
  });

  it('skips over loading steps in the history', () => {
    const list: Step = { kind: 'agent', agents: AGENTS, creating: false, id: 1 };
    const history: Step[] = [list, { kind: 'loading-agent', agent: 'main', id: 2 }, { kind: 'loading-status', agent: 'main', written: null, id: 3 }];
    const s = stateAt({ kind: 'auth-choice', agent: 'main', status: EMPTY, group: 'main' }, { history, nextId: 4 });
    const back = reducer(s, { type: 'back' });
    expect(back.step).toEqual({ ...list, id: 4 });
    expect(back.history).toEqual([]);
  });

  it('after going back, another agent can be chosen', () => {
    const s = run(atChoice(), { type: 'back' }, { type: 'agent-chosen', agent: 'work' }, { type: 'agent-loaded', agent: 'work', status: status(emptyStore(), 'work'), methods: FAKE_METHODS });
    expect(s.step).toMatchObject({ kind: 'auth-choice', agent: 'work' });
    expect(s.history.map((h) => h.kind)).toEqual(['agent']);
  });

  it('with --agent and a flag-chosen login there is nothing to go back to', () => {
    const s = loaded(emptyStore(), { agent: 'main', authChoice: 'setup-token' });
    expect(reducer(s, { type: 'back' })).toBe(s);
  });
});

describe('a broken store', () => {
  const corrupt = (from: State) => reducer(from, { type: 'agent-corrupt', agent: 'main', file: FILE, problem: 'not JSON' });

  it('found while loading the agent: the question, naming file and problem', () => {
    expect(body(corrupt(initialState(options({ agent: 'main' }))).step)).toEqual({ kind: 'corrupt', agent: 'main', file: FILE, problem: 'not JSON' });
  });

  it('yes: moving aside, then the agent is loaded afresh', () => {
    const moving = reducer(corrupt(initialState(options({ agent: 'main' }))), { type: 'corrupt-answer', moveAside: true });
    expect(body(moving.step)).toEqual({ kind: 'moving-aside', agent: 'main' });
    const reloaded = reducer(moving, { type: 'moved-aside' });
    expect(body(reloaded.step)).toEqual({ kind: 'loading-agent', agent: 'main' });
    expect(reducer(reloaded, { type: 'agent-loaded', agent: 'main', status: EMPTY, methods: FAKE_METHODS }).step.kind).toBe('auth-choice');
  });

  it('no: exit 1, the file left as it is and named', () => {
    const s = reducer(corrupt(initialState(options({ agent: 'main' }))), { type: 'corrupt-answer', moveAside: false });
    expect(s.step).toMatchObject({ kind: 'exit', code: 1 });
    if (s.step.kind === 'exit') expect(s.step.message).toContain(FILE);
  });

  it('found when loading the status after a login: the same question', () => {
    const s = corrupt(reducer(atChoice(), { type: 'choice', choice: 'skip' }));
    expect(s.step.kind).toBe('corrupt');
  });
});

// Issue 22, item 8: the profile id of --relogin names its agent; the picker came up anyway, and an unknown
// id ended on "No profile … on agent main" with no list.
describe('--relogin <id> without --agent finds the agents holding it', () => {
  const summary = (id: string, profileIds: string[], needsRelogin: string[] = []): AgentSummary => ({
    id,
    agentDir: `/fake/state/agents/${id}/agent`,
    profiles: profileIds.length,
    problem: null,
    profileIds,
    needsRelogin,
  });
  const agents = [summary('main', ['openai-codex:default', 'anthropic:default'], ['openai-codex:default']), summary('work', ['anthropic:default']), summary('solo', ['anthropic:solo'])];
  const after = (relogin: string) => reducer(initialState(options({ relogin })), { type: 'agents-loaded', agents });

  it('one agent holds it: straight into loading that agent, no picker', () => {
    expect(body(after('anthropic:solo').step)).toEqual({ kind: 'loading-agent', agent: 'solo' });
  });

  it('several hold it: the picker, with only those', () => {
    const s = after('anthropic:default');
    expect(s.step).toMatchObject({ kind: 'agent', creating: false });
    if (s.step.kind === 'agent') expect(s.step.agents.map((a) => a.id)).toEqual(['main', 'work']);
  });

  it('none: exit 1, listing the profiles that need signing in again', () => {
    expect(body(after('openai-codex:nope').step)).toEqual({
      kind: 'exit',
      code: 1,
      message: 'No agent has a profile openai-codex:nope. Profiles that need signing in again: openai-codex:default (agent main).',
    });
    const none = reducer(initialState(options({ relogin: 'openai-codex:nope' })), { type: 'agents-loaded', agents: [summary('main', ['anthropic:default'])] });
    expect(body(none.step)).toEqual({ kind: 'exit', code: 1, message: 'No agent has a profile openai-codex:nope. No profile of any agent needs signing in again.' });
  });

  it('with --agent, an id it lacks lists the agent\'s profiles that need it', () => {
    const store = stores.merge(stores.setupToken(), stores.relogin(stores.codex(), 'openai-codex:default'));
    expect(body(loaded(store, { agent: 'main', relogin: 'openai-codex:nope' }).step)).toEqual({
      kind: 'exit',
      code: 1,
      message: 'No profile openai-codex:nope on agent main. Profiles that need signing in again: openai-codex:default.',
    });
  });
});

describe('cancel, fail and finish', () => {
  it('cancel exits 130 from anywhere and forgets a pending token', () => {
    const name = run(atChoice(), { type: 'choice', choice: 'setup-token' }, { type: 'token-entered', token: 'sk-ant-oat01-secret' });
    const s = reducer(name, { type: 'cancel' });
    expect(body(s.step)).toEqual({ kind: 'exit', code: 130, message: 'Cancelled; nothing was saved.' });
    expect(JSON.stringify(s)).not.toContain('secret');
    expect(reducer(initialState(options()), { type: 'cancel' }).step).toMatchObject({ kind: 'exit', code: 130 });
  });

  // Issue 22, item 7: the status screen is the end; Ctrl+C there is no cancel of anything (it said
  // "Cancelled." with 130 after the profile was saved).
  it('Ctrl+C on the status screen leaves as Enter does: exit 0, no message', () => {
    const s = run(atChoice(), { type: 'choice', choice: 'openai-codex' }, { type: 'login-succeeded', storeFile: FILE }, { type: 'status-loaded', status: EMPTY }, { type: 'cancel' });
    expect(body(s.step)).toEqual({ kind: 'exit', code: 0, message: null });
    const skipped = run(atChoice(), { type: 'choice', choice: 'skip' }, { type: 'status-loaded', status: EMPTY }, { type: 'cancel' });
    expect(body(skipped.step)).toEqual({ kind: 'exit', code: 0, message: null });
    // Saved, the status still loading: the sign-in is done all the same.
    const loading = run(atChoice(), { type: 'choice', choice: 'openai-codex' }, { type: 'login-succeeded', storeFile: FILE }, { type: 'cancel' });
    expect(body(loading.step)).toEqual({ kind: 'exit', code: 0, message: null });
  });

  it('Ctrl+C after creating an agent says the agent was created, not that nothing was saved', () => {
    const picked = run(
      initialState(options()),
      { type: 'agents-loaded', agents: AGENTS },
      { type: 'agent-create', agent: 'work2' },
      { type: 'agent-created' },
      { type: 'agent-loaded', agent: 'work2', status: status(emptyStore(), 'work2'), methods: FAKE_METHODS },
    );
    const s = reducer(picked, { type: 'cancel' });
    expect(s.step).toMatchObject({ kind: 'exit', code: 130 });
    const message = s.step.kind === 'exit' ? (s.step.message ?? '') : '';
    expect(message).not.toContain('nothing was saved');
    expect(message).toBe('Cancelled. Agent work2 was created; no sign-in was saved to it.');
    // From --agent with a new id, the same.
    const flagged = run(
      initialState(options({ agent: 'new1', newAgent: true })),
      { type: 'confirm-agent', create: true },
      { type: 'agent-created' },
      { type: 'agent-loaded', agent: 'new1', status: status(emptyStore(), 'new1'), methods: FAKE_METHODS },
      { type: 'cancel' },
    );
    expect(flagged.step).toMatchObject({ kind: 'exit', code: 130, message: 'Cancelled. Agent new1 was created; no sign-in was saved to it.' });
  });

  it('fail exits 1 with the message', () => {
    expect(body(reducer(atChoice(), { type: 'fail', message: 'EACCES' }).step)).toEqual({ kind: 'exit', code: 1, message: 'EACCES' });
  });

  it('the exit step is final: a late cancel, fail or finish does not change the code', () => {
    const done = run(atChoice(), { type: 'choice', choice: 'skip' }, { type: 'status-loaded', status: EMPTY }, { type: 'finish' });
    expect(body(done.step)).toEqual({ kind: 'exit', code: 0, message: null });
    for (const action of [{ type: 'cancel' }, { type: 'fail', message: 'late' }, { type: 'finish' }] as Action[]) expect(reducer(done, action)).toBe(done);
  });
});

/**
 * Effects are keyed by the step's id (effects.ts): a fresh id on every entry starts the step's effect,
 * the same id on an in-place update leaves a running effect alone.
 */
describe('step ids', () => {
  const ids = (states: State[]) => states.map((s) => s.step.id);

  it('every entered step gets a fresh id, counting up from the first', () => {
    const first = initialState(options());
    expect(first.step.id).toBe(0);
    const listed = reducer(first, { type: 'agents-loaded', agents: AGENTS });
    const loading = reducer(listed, { type: 'agent-chosen', agent: 'main' });
    const choice = reducer(loading, { type: 'agent-loaded', agent: 'main', status: EMPTY, methods: FAKE_METHODS });
    const codex = reducer(choice, { type: 'choice', choice: 'openai-codex' });
    const all = ids([first, listed, loading, choice, codex]);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual([...all].sort((a, b) => a - b));
    expect(codex.nextId).toBeGreaterThan(Math.max(...all));
  });

  it('Codex view updates keep the id: the running login is not restarted', () => {
    const codex = reducer(atChoice(), { type: 'choice', choice: 'openai-codex' });
    const updated = run(
      codex,
      { type: 'codex-url', url: 'https://x', headless: { headless: false, reason: null }, portBusy: false, noBrowser: false },
      { type: 'codex-browser', launch: { kind: 'disabled' } },
      { type: 'codex-paste-rejected', problem: 'p' },
      { type: 'codex-phase', phase: 'exchanging' },
      { type: 'codex-phase', phase: 'saving' },
    );
    expect(updated.step).toMatchObject({ kind: 'codex', view: { phase: 'saving', url: 'https://x' } });
    expect(updated.step.id).toBe(codex.step.id);
    expect(updated.nextId).toBe(codex.nextId);
  });

  it('a retry is a new entry, so a new login starts', () => {
    const codex = reducer(atChoice(), { type: 'choice', choice: 'openai-codex' });
    const failed = reducer(codex, { type: 'login-failed', message: 'x' });
    const again = reducer(failed, { type: 'retry' });
    expect(ids([codex, failed, again])).toEqual([codex.step.id, codex.step.id + 1, codex.step.id + 2]);
  });

  it('setup-token: a rejected token and the name field keep the id; the save is one new entry', () => {
    const token = reducer(atChoice(), { type: 'choice', choice: 'setup-token' });
    const rejected = reducer(token, { type: 'token-rejected', problem: 'too short' });
    const name = reducer(rejected, { type: 'token-entered', token: 't' });
    const saving = reducer(name, { type: 'name-entered', profileId: 'anthropic:work' });
    expect(ids([rejected, name])).toEqual([token.step.id, token.step.id]);
    expect(saving.step.id).toBe(token.step.id + 1);
    // Nothing moves the saving step in place: its id, and so the save, happens once.
    for (const action of [{ type: 'name-entered', profileId: 'anthropic:x' }, { type: 'token-entered', token: 't2' }, { type: 'token-rejected', problem: 'p' }] as Action[]) {
      expect(reducer(saving, action)).toBe(saving);
    }
  });

  it('the new agent field toggles in place; the step Esc goes back to is entered anew', () => {
    const listed = run(initialState(options()), { type: 'agents-loaded', agents: AGENTS });
    const creating = reducer(listed, { type: 'agent-create-start' });
    expect(ids([listed, creating, reducer(creating, { type: 'agent-create-cancel' })])).toEqual([listed.step.id, listed.step.id, listed.step.id]);
    const choice = run(listed, { type: 'agent-chosen', agent: 'main' }, { type: 'agent-loaded', agent: 'main', status: EMPTY, methods: FAKE_METHODS });
    const back = reducer(choice, { type: 'back' });
    expect(body(back.step)).toEqual({ ...body(listed.step), cursor: 'main' });
    expect(back.step.id).toBe(choice.nextId);
  });
});

/**
 * Every action in every step: where an action does not apply, the state comes back unchanged (the
 * same object, so React does not even re-render). The applies-table is the wizard's transition map.
 */
describe('actions outside their steps are ignored', () => {
  const samples: Record<Step['kind'], StepBody> = {
    'loading-agents': { kind: 'loading-agents' },
    agent: { kind: 'agent', agents: AGENTS, creating: false },
    'confirm-agent': { kind: 'confirm-agent', agent: 'new1' },
    'creating-agent': { kind: 'creating-agent', agent: 'new1' },
    'loading-agent': { kind: 'loading-agent', agent: 'main' },
    corrupt: { kind: 'corrupt', agent: 'main', file: FILE, problem: 'p' },
    'moving-aside': { kind: 'moving-aside', agent: 'main' },
    'auth-choice': { kind: 'auth-choice', agent: 'main', status: EMPTY, group: 'main' },
    codex: { kind: 'codex', agent: 'main', profileId: 'openai-codex:default', relogin: null, view: codexView(), attempt: 0 },
    'codex-device': {
      kind: 'codex-device',
      agent: 'main',
      profileId: 'openai-codex:default',
      relogin: null,
      view: { userCode: null, url: null, expiresAt: null, browser: null, phase: 'starting' },
      attempt: 0,
    },
    'setup-token': { kind: 'setup-token', agent: 'main', profileId: null, relogin: null, field: 'token', error: null, saving: false, token: null },
    'api-key': { kind: 'api-key', agent: 'main', method: FAKE_METHODS[1]!, profileId: null, relogin: null, field: 'token', error: null, saving: false, token: null },
    oauth: {
      kind: 'oauth',
      agent: 'main',
      method: FAKE_METHODS[4]!,
      profileId: 'acme:default',
      relogin: null,
      view: { url: null, instructions: null, browser: null, progress: null, ask: null, error: null },
      attempt: 0,
    },
    adopt: { kind: 'adopt', agent: 'main', tool: 'codex-cli', profileId: 'openai-codex:codex-cli', relogin: null, attempt: 0 },
    'login-failed': { kind: 'login-failed', agent: 'main', choice: 'openai-codex', profileId: 'openai-codex:default', relogin: null, message: 'm', attempt: 0 },
    'loading-status': { kind: 'loading-status', agent: 'main', written: null },
    status: { kind: 'status', agent: 'main', status: EMPTY, written: null },
    exit: { kind: 'exit', code: 0, message: null },
  };
  const actions: Record<Action['type'], Action> = {
    'agents-loaded': { type: 'agents-loaded', agents: AGENTS },
    'confirm-agent': { type: 'confirm-agent', create: true },
    'agent-chosen': { type: 'agent-chosen', agent: 'main' },
    'agent-create-start': { type: 'agent-create-start' },
    'agent-create-cancel': { type: 'agent-create-cancel' },
    'agent-create': { type: 'agent-create', agent: 'new1' },
    'agent-created': { type: 'agent-created' },
    'agent-loaded': { type: 'agent-loaded', agent: 'main', status: EMPTY, methods: FAKE_METHODS },
    'agent-corrupt': { type: 'agent-corrupt', agent: 'main', file: FILE, problem: 'p' },
    'corrupt-answer': { type: 'corrupt-answer', moveAside: true },
    'moved-aside': { type: 'moved-aside' },
    choice: { type: 'choice', choice: 'skip' },
    'codex-url': { type: 'codex-url', url: 'u', headless: { headless: false, reason: null }, portBusy: false, noBrowser: false },
    'codex-browser': { type: 'codex-browser', launch: { kind: 'disabled' } },
    'codex-paste-rejected': { type: 'codex-paste-rejected', problem: 'p' },
    'codex-phase': { type: 'codex-phase', phase: 'exchanging' },
    'device-code': { type: 'device-code', userCode: 'ABCD-1234', url: 'https://auth.openai.com/codex/device', expiresAt: NOW },
    'device-browser': { type: 'device-browser', launch: { kind: 'disabled' } },
    'device-phase': { type: 'device-phase', phase: 'waiting' },
    'switch-method': { type: 'switch-method' },
    'choice-group': { type: 'choice-group', group: 'api-key' },
    'oauth-auth': { type: 'oauth-auth', url: 'https://acme.example', instructions: null },
    'oauth-browser': { type: 'oauth-browser', launch: { kind: 'disabled' } },
    'oauth-progress': { type: 'oauth-progress', message: 'm' },
    'oauth-ask': { type: 'oauth-ask', ask: { kind: 'manual' } },
    'oauth-answered': { type: 'oauth-answered', problem: null },
    'login-succeeded': { type: 'login-succeeded', storeFile: FILE },
    'login-failed': { type: 'login-failed', message: 'm' },
    'token-entered': { type: 'token-entered', token: 't' },
    'token-rejected': { type: 'token-rejected', problem: 'p' },
    'secret-home': { type: 'secret-home', home: 'keychain' },
    'secret-refused': { type: 'secret-refused', problem: 'p' },
    'name-entered': { type: 'name-entered', profileId: 'anthropic:x' },
    'name-back': { type: 'name-back' },
    retry: { type: 'retry' },
    'keep-in-file': { type: 'keep-in-file' },
    back: { type: 'back' },
    'status-loaded': { type: 'status-loaded', status: EMPTY },
    fail: { type: 'fail', message: 'm' },
    cancel: { type: 'cancel' },
    finish: { type: 'finish' },
  };
  const everywhere = (Object.keys(samples) as Step['kind'][]).filter((k) => k !== 'exit');
  const applies: Record<Action['type'], Step['kind'][]> = {
    'agents-loaded': ['loading-agents'],
    'confirm-agent': ['confirm-agent'],
    'agent-chosen': ['agent'],
    'agent-create-start': ['agent'],
    'agent-create-cancel': ['agent'],
    'agent-create': ['agent'],
    'agent-created': ['creating-agent'],
    'agent-loaded': ['loading-agent'],
    'agent-corrupt': ['loading-agent', 'loading-status'],
    'corrupt-answer': ['corrupt'],
    'moved-aside': ['moving-aside'],
    choice: ['auth-choice'],
    'codex-url': ['codex'],
    'codex-browser': ['codex'],
    'codex-paste-rejected': ['codex'],
    'codex-phase': ['codex'],
    'device-code': ['codex-device'],
    'device-browser': ['codex-device'],
    'device-phase': ['codex-device'],
    // The sample failure is of the browser sign-in: its other way is the device code.
    'switch-method': ['codex', 'codex-device', 'login-failed'],
    'choice-group': ['auth-choice'],
    'oauth-auth': ['oauth'],
    'oauth-browser': ['oauth'],
    'oauth-progress': ['oauth'],
    'oauth-ask': ['oauth'],
    'oauth-answered': ['oauth'],
    'login-succeeded': ['codex', 'codex-device', 'setup-token', 'api-key', 'oauth', 'adopt'],
    'login-failed': ['codex', 'codex-device', 'setup-token', 'api-key', 'oauth', 'adopt'],
    'token-entered': ['setup-token', 'api-key'],
    'token-rejected': ['setup-token', 'api-key'],
    'secret-home': ['setup-token', 'api-key'],
    // Only while a paste is being saved (checked with its provider): the sample paste steps are on their field.
    'secret-refused': [],
    // The sample setup-token step is on its token field with no token kept: a name does not apply.
    'name-entered': [],
    'name-back': [],
    retry: ['login-failed'],
    // Only after the keychain failed a paste's save: the sample failure is of a sign-in.
    'keep-in-file': [],
    // Nothing in the history to go back to.
    back: [],
    'status-loaded': ['loading-status'],
    fail: everywhere,
    cancel: everywhere,
    finish: ['status'],
  };

  for (const [type, action] of Object.entries(actions) as [Action['type'], Action][]) {
    it(`${type}`, () => {
      for (const [kind, step] of Object.entries(samples) as [Step['kind'], StepBody][]) {
        const before = stateAt(step);
        const after = reducer(before, action);
        if (applies[type].includes(kind)) expect(after, `${type} in ${kind}`).not.toBe(before);
        else expect(after, `${type} in ${kind}`).toBe(before);
      }
    });
  }
});
