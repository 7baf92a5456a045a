import { t } from '../../src/base/i18n/index.js';
import { callbackPortDeps, loginCodex } from '../../src/auth/sign-in/codex-login.js';
import { loginCodexDevice, realSleep } from '../../src/auth/sign-in/device-code.js';
import { SETUP_TOKEN_LIFETIME_MS } from '../../src/auth/sign-in/setup-token.js';
import { loadAgentStatus } from '../../src/auth/routing/status.js';
import { adoptClaudeCli, adoptCodexCli, claudeCliPresent, codexCliAccount } from '../../src/auth/sign-in/adopt.js';
import { openBrowser } from '../../src/env/browser.js';
import { detectHeadless } from '../../src/env/headless.js';
import { resolveAgentPaths } from '../../src/env/paths.js';
import { type Env } from '../../src/base/io.js';
import { agentPathsOf, createAgent, listAgents } from '../../src/store/agents.js';
import { CorruptStoreError } from '../../src/store/errors.js';
import type { Warn } from '../../src/base/io.js';
import { saveApiKeyProfile, saveTokenProfile } from '../../src/store/profiles.js';
import { signInWithOAuth } from '../../src/auth/providers/oauth-sign-in.js';
import { findMethod, findProvider, loadRegistry, methodSummaries } from '../../src/auth/providers/registry.js';
import type { Registry } from '../../src/auth/providers/types.js';
import { UserError } from '../../src/base/errors.js';
import { moveAsideCorruptStore } from '../../src/store/store.js';
import type { OnboardDeps } from './deps.js';
import { forgetOldItem, keepAsRef, keepInKeychain, readyKeychain, reportKept, reportOldItem } from '../../src/auth/secrets/keep.js';
import { suggest } from '../../src/model/commands.js';
import { parseRefFlag } from '../../src/model/secret-ref.js';
import { checkBeforeStoring, checkWhy, SecretRefusedError, type SignInChecked } from '../../src/auth/probe/verify.js';
import type { ProbeCredential } from '../../src/auth/probe/types.js';
import { checkSignedIn } from '../../src/auth/probe/after-sign-in.js';
import type { MethodProbe } from '../../src/auth/providers/types.js';

/**
 * Issue 21: one probe of a pasted secret before it is saved. Refused: SecretRefusedError (nothing saved,
 * the field asks again); no answer or no network: saved, the status screen saying it could not be checked.
 */
async function checkPasted(env: Env, credential: ProbeCredential, methodProbe?: MethodProbe): Promise<SignInChecked | null> {
  const check = await checkBeforeStoring(credential, {
    env,
    now: Date.now,
    ...(methodProbe ? { methodProbe } : {}),
    refuse: (why) => new SecretRefusedError(t('verify.refusedAgain', { provider: credential.provider, why })),
  });
  if (check.kind === 'ok') return { kind: 'ok' };
  if (check.kind === 'unchecked') return { kind: 'unchecked', why: checkWhy(check, credential.provider, Date.now()) };
  return null;
}

/**
 * The real side effects, all through src/: the wizard adds no second way to write credentials.
 * `explicitAgent` is `--agent`: given, even `main` lives under the state dir (SPEC 2).
 */
export function createDeps(env: Env, warn: Warn, explicitAgent: string | null): OnboardDeps {
  const now = Date.now;
  const pathsOf = (agent: string) => (agent === explicitAgent ? resolveAgentPaths(env, agent) : agentPathsOf(env, agent));
  const options = { warn, now, env };
  // Built-ins and plugins, loaded once per wizard (a plugin that fails to load is warned about once).
  let loaded: Promise<Registry> | null = null;
  const registry = () => (loaded ??= loadRegistry({ configFile: resolveAgentPaths(env).configFile }, { warn }));
  return {
    now,
    listAgents: () => listAgents(env, warn),
    createAgent: async (id) => void (await createAgent(env, id, warn)),
    async loadAgent(agent) {
      const paths = pathsOf(agent);
      try {
        return { kind: 'ok', status: await loadAgentStatus(paths, options) };
      } catch (error) {
        if (error instanceof CorruptStoreError) return { kind: 'corrupt', file: error.file, problem: error.problem };
        throw error;
      }
    },
    moveAsideStore: (agent) => moveAsideCorruptStore(pathsOf(agent), options),
    async externalLogins() {
      const [codex, claude] = await Promise.all([codexCliAccount(env), claudeCliPresent(env)]);
      return { codex: codex ? { account: codex.account } : null, claude };
    },
    async adoptTool(agent, tool, profileId) {
      const paths = pathsOf(agent);
      await (tool === 'codex-cli' ? adoptCodexCli : adoptClaudeCli)(paths, profileId, options);
      return { storeFile: paths.storeFile };
    },
    async loginCodex(request, events) {
      const result = await loginCodex(
        { paths: pathsOf(request.agent), profileId: request.profileId, noBrowser: request.noBrowser, signal: request.signal, readPaste: request.readPaste },
        events,
        { env, headless: detectHeadless(env), openBrowser, ...callbackPortDeps, warn, now },
      );
      return { storeFile: result.storeFile, checked: request.verify === false ? null : await checkSignedIn(pathsOf(request.agent), request.profileId, options) };
    },
    async loginCodexDevice(request, events) {
      const result = await loginCodexDevice(
        { paths: pathsOf(request.agent), profileId: request.profileId, signal: request.signal, noBrowser: request.noBrowser },
        events,
        { env, warn, now, sleep: realSleep, headless: detectHeadless(env), openBrowser },
      );
      return { storeFile: result.storeFile, checked: request.verify === false ? null : await checkSignedIn(pathsOf(request.agent), request.profileId, options) };
    },
    listMethods: async () => methodSummaries(await registry()),
    async saveApiKey(agent, provider, profileId, key, verify = true) {
      const paths = pathsOf(agent);
      const method = findProvider(await registry(), provider)?.methods.find((m) => m.kind === 'api-key');
      const checked = verify ? await checkPasted(env, { provider, type: 'api_key', secret: key }, method && 'probe' in method ? method.probe : undefined) : null;
      reportOldItem(await forgetOldItem(await saveApiKeyProfile(paths, { id: profileId, provider, key }, options), null, options), warn, warn);
      return { storeFile: paths.storeFile, checked };
    },
    async loginOAuth(request, ui) {
      const provider = findProvider(await registry(), request.provider);
      const method = provider ? findMethod(provider, request.methodId) : undefined;
      if (!method || method.kind !== 'oauth') throw new UserError(t('oauth.notRegistered', { provider: request.provider }));
      const result = await signInWithOAuth(
        { paths: pathsOf(request.agent), provider: request.provider, providerLabel: provider?.label, method, profileId: request.profileId, signal: request.signal, noBrowser: request.noBrowser },
        ui,
        { env, warn, now, headless: detectHeadless(env), openBrowser },
      );
      return { storeFile: result.storeFile, checked: request.verify === false ? null : await checkSignedIn(pathsOf(request.agent), result.profileId, options) };
    },
    async keepSecretElsewhere(request) {
      const paths = pathsOf(request.agent);
      const entry = { id: request.profileId, provider: request.provider, type: request.type, expires: request.type === 'token' && request.provider === 'anthropic' ? now() + SETUP_TOKEN_LIFETIME_MS : undefined };
      let checked: SignInChecked | null = null;
      if (request.home === 'ref') {
        const parsed = parseRefFlag(request.value);
        if ('problem' in parsed) throw new UserError(parsed.problem);
        reportOldItem(await keepAsRef(paths, { ...entry, ref: parsed.ref }, options), warn, warn);
      } else {
        const fileCommand = suggest(`models auth paste-token --provider ${request.provider}`, { agent: request.agent, provider: request.provider, profileId: request.profileId });
        const keychain = await readyKeychain(options, fileCommand);
        // Issue 21: the secret is checked with its provider before it goes into the keychain.
        if (request.verify !== false) checked = await checkPasted(env, { provider: request.provider, type: request.type, secret: request.value });
        const kept = await keepInKeychain(paths, keychain, { ...entry, secret: request.value }, options, fileCommand);
        if (kept.registered.kind === 'manual') warn(t('config.notPlainJson', { file: paths.configFile, json: kept.registered.json }));
        reportKept(kept, warn, warn);
      }
      return { storeFile: paths.storeFile, checked };
    },
    async saveSetupToken(agent, profileId, token, verify = true) {
      const paths = pathsOf(agent);
      const checked = verify ? await checkPasted(env, { provider: 'anthropic', type: 'token', secret: token }) : null;
      const replaced = await saveTokenProfile(paths, { id: profileId, provider: 'anthropic', token, expires: now() + SETUP_TOKEN_LIFETIME_MS }, options);
      reportOldItem(await forgetOldItem(replaced, null, options), warn, warn);
      return { storeFile: paths.storeFile, checked };
    },
  };
}
