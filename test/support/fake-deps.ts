import { agentStatus } from '../../src/auth/routing/status.js';
import type { PortHolder } from '../../src/env/port-holder.js';
import { checkRedirectPaste, stateOf } from '../../src/auth/sign-in/redirect-paste.js';
import { CancelledError, UserError } from '../../src/base/errors.js';
import type { BrowserLaunch } from '../../src/env/browser.js';
import type { HeadlessCheck } from '../../src/env/headless.js';
import { resolveAgentPaths } from '../../src/env/paths.js';
import { putProfile } from '../../src/store/profiles.js';
import { emptyStore, type AuthProfiles } from '../../src/model/schema.js';
import { profilesNeedingRelogin } from '../../src/model/profile-state.js';
import type { OnboardDeps } from '../../flows/onboard/deps.js';
import { API_KEY_PATTERNS } from '../../src/auth/sign-in/api-key.js';
import type { MethodSummary } from '../../src/auth/providers/types.js';

/** What the registry lists, as the wizard sees it: the built-in API keys and a test plugin "acme". */
export const FAKE_METHODS: MethodSummary[] = [
  { provider: 'anthropic', providerLabel: 'Anthropic', id: 'api-key', kind: 'api-key', label: 'API key', source: 'built-in', pattern: API_KEY_PATTERNS.anthropic },
  { provider: 'openai', providerLabel: 'OpenAI', id: 'api-key', kind: 'api-key', label: 'API key', source: 'built-in', pattern: API_KEY_PATTERNS.openai, hint: 'Create one at platform.openai.com/api-keys.' },
  { provider: 'openrouter', providerLabel: 'OpenRouter', id: 'api-key', kind: 'api-key', label: 'API key', source: 'built-in', pattern: API_KEY_PATTERNS.openrouter },
  { provider: 'github-copilot', providerLabel: 'GitHub Copilot', id: 'device', kind: 'oauth', label: 'sign in with GitHub', source: 'built-in' },
  { provider: 'acme', providerLabel: 'Acme AI', id: 'oauth', kind: 'oauth', label: 'sign in with Acme', source: '/plugins/acme.mjs' },
];

/** A fixed clock: 2026-01-15 12:00 UTC. */
export const NOW = Date.UTC(2026, 0, 15, 12);
export const FAKE_ENV = { OPENCLAW_STATE_DIR: '/fake/state' } as const;

export const pathsOf = (agent: string) => resolveAgentPaths(FAKE_ENV, agent);

/** What the fake Codex sign-in does; tests change it before (or between) attempts. */
export interface CodexScript {
  url: string;
  headless: HeadlessCheck;
  portBusy: boolean;
  /** Who holds the busy port, as the real sign-in finds it. */
  portHolder?: PortHolder | null;
  /** Reported through onBrowser when a browser would be opened (desktop, port free, no --no-browser). */
  browser: BrowserLaunch;
  /** The token exchange after an accepted paste fails with this message (a UserError). */
  failWith: string | null;
  accountId: string;
}

export interface CodexCall {
  agent: string;
  profileId: string;
  noBrowser: boolean;
  signal: AbortSignal;
  /** Settles when the fake login has returned or thrown (the "loopback server" is closed). */
  done: Promise<unknown>;
}

export interface FakeAgent {
  store: AuthProfiles;
  corrupt: { file: string; problem: string } | null;
}

export interface FakeWorld {
  deps: OnboardDeps;
  agents: Map<string, FakeAgent>;
  codex: CodexScript;
  codexCalls: CodexCall[];
  /** Every saveSetupToken call, in order. */
  saved: { agent: string; profileId: string; token: string }[];
  created: string[];
  movedAside: string[];
  /** Every keepSecretElsewhere call (SPEC 12: the keychain, or a reference), in order. */
  keptElsewhere: { agent: string; provider: string; profileId: string; type: 'token' | 'api_key'; home: 'keychain' | 'ref'; value: string }[];
  /** The next saveSetupToken throws this message once. */
  saveFails: string | null;
  /** The next keepSecretElsewhere fails with this message or error (a keychain with no D-Bus session), then it is cleared. */
  keepFails: string | Error | null;
  /** The fake device sign-in: its code, and a failure to end with instead of waiting for approval. */
  device: { userCode: string; failWith: string | null };
  deviceCalls: { agent: string; profileId: string; signal: AbortSignal }[];
  /** The registered methods the wizard lists (built-in api keys and a plugin, "acme"). */
  methods: MethodSummary[];
  oauthCalls: { provider: string; methodId: string; profileId: string; signal: AbortSignal; answers: string[] }[];
  /** The fake acme OAuth sign-in throws this instead of asking (a plugin that fails). */
  oauthFails: string | null;
  /** The user approves the code on their phone: the running device sign-in completes. */
  approveDevice(): void;
  /** SPEC 11: the other tools' sign-ins the fake machine has, and each adoption made. */
  external: { codex: { account: string | null } | null; claude: boolean };
  adopted: { agent: string; tool: string; profileId: string }[];
}

export const CODEX_STATE = 'st4te-from-the-fake-issuer';
/** Long on purpose: wrapping at 60 columns must not cut it. */
export const CODEX_URL =
  'https://auth.openai.com/oauth/authorize?response_type=code&client_id=app_EMoamEEZ73f0CkXaXp7hrann' +
  '&redirect_uri=http%3A%2F%2Flocalhost%3A1455%2Fauth%2Fcallback&scope=openid+profile+email+offline_access' +
  `&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&state=${CODEX_STATE}` +
  '&id_token_add_organizations=true&codex_cli_simplified_flow=true&originator=openclaw';

export function fakeDeps(agents: Record<string, AuthProfiles | 'corrupt'> = { main: emptyStore() }): FakeWorld {
  const world: FakeWorld = {
    deps: undefined as unknown as OnboardDeps,
    agents: new Map(
      Object.entries(agents).map(([id, store]) => [
        id,
        store === 'corrupt'
          ? { store: emptyStore(), corrupt: { file: pathsOf(id).storeFile, problem: 'it is not valid JSON (Unexpected token } at position 17)' } }
          : { store: structuredClone(store), corrupt: null },
      ]),
    ),
    codex: {
      url: CODEX_URL,
      headless: { headless: false, reason: null },
      portBusy: false,
      browser: { kind: 'opened', via: 'the open package' },
      failWith: null,
      accountId: 'acct-fake-1',
    },
    codexCalls: [],
    saved: [],
    keptElsewhere: [],
    created: [],
    movedAside: [],
    saveFails: null,
    keepFails: null,
    device: { userCode: 'WXYZ-2345', failWith: null },
    methods: FAKE_METHODS,
    oauthCalls: [],
    oauthFails: null,
    deviceCalls: [],
    approveDevice: () => approvals.shift()?.(),
    external: { codex: null, claude: false },
    adopted: [],
  };
  const approvals: (() => void)[] = [];

  const agent = (id: string): FakeAgent => {
    const found = world.agents.get(id);
    if (found) return found;
    const fresh = { store: emptyStore(), corrupt: null };
    world.agents.set(id, fresh);
    return fresh;
  };
  /** A ChatGPT sign-in (browser or device code) as both fakes store it. */
  const saveCodex = (request: { agent: string; profileId: string }, accountId: string) => {
    putProfile(agent(request.agent).store, request.profileId, {
      type: 'oauth',
      provider: 'openai-codex',
      access: 'fake-access',
      refresh: 'fake-refresh',
      expires: NOW + 10 * 86_400_000,
      accountId,
    });
    return { storeFile: pathsOf(request.agent).storeFile };
  };

  async function loginCodex(request: Parameters<OnboardDeps['loginCodex']>[0], events: Parameters<OnboardDeps['loginCodex']>[1]) {
    if (request.signal.aborted) throw new CancelledError();
    const script = world.codex;
    events.onAuthUrl({ url: script.url, headless: script.headless, portBusy: script.portBusy, portHolder: script.portHolder ?? null, noBrowser: request.noBrowser });
    if (!script.portBusy && !request.noBrowser && !script.headless.headless) events.onBrowser(script.browser);
    const check = (raw: string) => checkRedirectPaste(raw, stateOf(script.url));
    for (;;) {
      const result = check(await request.readPaste(check, request.signal));
      if (result.ok) break;
      events.onPasteRejected(result.problem);
    }
    events.onPhase('exchanging');
    if (script.failWith) throw new UserError(script.failWith);
    events.onPhase('saving');
    return saveCodex(request, script.accountId);
  }

  world.deps = {
    now: () => NOW,
    async listAgents() {
      // Plain alphabetical order (the real list puts main first), so that main's preselection shows.
      const ids = [...world.agents.keys()].sort();
      return ids.map((id) => {
        const { store, corrupt } = world.agents.get(id)!;
        return {
          id,
          agentDir: pathsOf(id).agentDir,
          profiles: corrupt ? null : Object.keys(store.profiles).length,
          problem: corrupt ? corrupt.problem : null,
          profileIds: corrupt ? [] : Object.keys(store.profiles),
          needsRelogin: corrupt ? [] : profilesNeedingRelogin(store, NOW),
        };
      });
    },
    async createAgent(id) {
      world.created.push(id);
      agent(id);
    },
    async loadAgent(id) {
      const { store, corrupt } = agent(id);
      if (corrupt) return { kind: 'corrupt', ...corrupt };
      return { kind: 'ok', status: agentStatus(pathsOf(id), store, true, {}, NOW) };
    },
    async moveAsideStore(id) {
      world.movedAside.push(id);
      world.agents.set(id, { store: emptyStore(), corrupt: null });
      return `${pathsOf(id).storeFile}.corrupt-${NOW}`;
    },
    loginCodex(request, events) {
      const done = loginCodex(request, events);
      world.codexCalls.push({
        agent: request.agent,
        profileId: request.profileId,
        noBrowser: request.noBrowser,
        signal: request.signal,
        done: done.catch(() => undefined),
      });
      return done;
    },
    async loginCodexDevice(request, events) {
      world.deviceCalls.push({ agent: request.agent, profileId: request.profileId, signal: request.signal });
      events.onCode({ userCode: world.device.userCode, url: 'https://auth.openai.com/codex/device', expiresAt: NOW + 15 * 60_000 });
      events.onPhase('waiting');
      if (world.device.failWith) throw new UserError(world.device.failWith);
      await new Promise<void>((resolve, reject) => {
        approvals.push(resolve);
        request.signal.addEventListener('abort', () => reject(new CancelledError()), { once: true });
      });
      events.onPhase('exchanging');
      events.onPhase('saving');
      return saveCodex(request, 'acct-device-1');
    },
    listMethods: async () => world.methods,
    externalLogins: async () => world.external,
    async adoptTool(agentId, tool, profileId) {
      world.adopted.push({ agent: agentId, tool, profileId });
      const file = tool === 'codex-cli' ? '/home/u/.codex/auth.json' : '/home/u/.claude/.credentials.json';
      agent(agentId).store.links = { ...agent(agentId).store.links, [profileId]: { provider: tool === 'codex-cli' ? 'openai-codex' : 'anthropic', tool, file } };
      return { storeFile: pathsOf(agentId).storeFile };
    },
    async saveApiKey(id, provider, profileId, key) {
      putProfile(agent(id).store, profileId, { type: 'api_key', provider, key });
      return { storeFile: pathsOf(id).storeFile };
    },
    async loginOAuth(request, ui) {
      const call = { provider: request.provider, methodId: request.methodId, profileId: request.profileId, signal: request.signal, answers: [] as string[] };
      world.oauthCalls.push(call);
      ui.onAuth({ url: 'https://acme.example/device?user_code=ACME-42', instructions: 'Sign in at Acme, then come back.' });
      ui.progress('Waiting for Acme…');
      if (world.oauthFails) throw new UserError(world.oauthFails);
      call.answers.push(await ui.prompt({ message: 'Paste the Acme code:', placeholder: 'ACME-…' }, request.signal));
      call.answers.push((await ui.select({ message: 'Which Acme workspace?', options: [{ id: 'personal', label: 'Personal' }, { id: 'team', label: 'Team' }] }, request.signal)) ?? '');
      putProfile(agent(request.agent).store, request.profileId, {
        type: 'oauth',
        provider: request.provider,
        access: 'acme-access',
        refresh: 'acme-refresh',
        expires: NOW + 3600_000,
        email: 'me@acme.example',
      });
      return { storeFile: pathsOf(request.agent).storeFile };
    },
    async keepSecretElsewhere(request) {
      world.keptElsewhere.push(request);
      if (world.keepFails) {
        const problem = world.keepFails;
        world.keepFails = null;
        throw typeof problem === 'string' ? new UserError(problem) : problem;
      }
      const ref = request.home === 'ref' ? { source: 'env' as const, provider: 'default', id: request.value.replace(/^env:/, '') } : { source: 'exec' as const, provider: 'openclaw-keychain', id: `${request.agent}/${request.profileId}` };
      putProfile(
        agent(request.agent).store,
        request.profileId,
        request.type === 'api_key' ? { type: 'api_key', provider: request.provider, keyRef: ref } : { type: 'token', provider: request.provider, tokenRef: ref },
      );
      return { storeFile: pathsOf(request.agent).storeFile };
    },
    async saveSetupToken(id, profileId, token) {
      world.saved.push({ agent: id, profileId, token });
      if (world.saveFails) {
        const problem = world.saveFails;
        world.saveFails = null;
        throw new UserError(problem);
      }
      putProfile(agent(id).store, profileId, { type: 'token', provider: 'anthropic', token, expires: NOW + 365 * 86_400_000 });
      return { storeFile: pathsOf(id).storeFile };
    },
  };
  return world;
}

/** Small stores for fixtures. */
export const stores = {
  setupToken(id = 'anthropic:default', expires: number | null = NOW + 200 * 86_400_000): AuthProfiles {
    return { version: 1, profiles: { [id]: { type: 'token', provider: 'anthropic', token: 'sk-ant-oat01-fixture', expires } } };
  },
  codex(id = 'openai-codex:default', expires = NOW + 5 * 86_400_000): AuthProfiles {
    return {
      version: 1,
      profiles: { [id]: { type: 'oauth', provider: 'openai-codex', access: 'a', refresh: 'r', expires, accountId: 'acct-1' } },
    };
  },
  /** Several small stores as one. */
  merge(...parts: AuthProfiles[]): AuthProfiles {
    const out = emptyStore();
    for (const part of parts) {
      Object.assign(out.profiles, part.profiles);
      if (part.usageStats) out.usageStats = { ...out.usageStats, ...part.usageStats };
    }
    return out;
  },
  /** `store` with `id` marked as needing re-login. */
  relogin(store: AuthProfiles, id: string, reason = 'refresh_token_reused'): AuthProfiles {
    return { ...store, usageStats: { ...store.usageStats, [id]: { reloginRequired: { since: NOW - 3_600_000, reason } } } };
  },
};

/** A setup-token that passes the checks (≥ 80 characters). */
export const GOOD_TOKEN = `sk-ant-oat01-${'Zq7'.repeat(12)}SECRETBODY${'x9_-'.repeat(10)}AA`;
