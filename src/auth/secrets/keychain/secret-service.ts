import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { t } from '../../../base/i18n/index.js';
import type { RunResult } from '../run.js';
import { itemAnswer, KEYCHAIN_MAX_OUTPUT, KEYCHAIN_SERVICE, KEYCHAIN_TIMEOUT_MS, KeychainError, toolEnv, type Keychain, type KeychainDeps } from './keychain.js';

/**
 * Linux: the Secret Service over the session's D-Bus (GNOME Keyring, KeePassXC, KWallet's bridge), through
 * libsecret's `secret-tool`, which reads the secret from stdin. No native module is bundled for it: the
 * package stays one set of JavaScript files (SPEC 10).
 */
export function secretServiceKeychain(deps: KeychainDeps): Keychain {
  const attributes = (id: string) => ['service', KEYCHAIN_SERVICE, 'account', id];
  const run = (args: string[], input?: string) =>
    deps.run('secret-tool', args, { env: toolEnv(deps.env), timeoutMs: KEYCHAIN_TIMEOUT_MS, maxOutputBytes: KEYCHAIN_MAX_OUTPUT, keepStderr: true, ...(input === undefined ? {} : { input }) });
  const keychain: Keychain = {
    name: 'Secret Service',
    async assertAvailable() {
      if (!hasSessionBus(deps.env)) throw new KeychainError(t('keychain.noSession'), 'no-session');
    },
    async store(id, label, secret) {
      await keychain.assertAvailable();
      const result = await run(['store', `--label=${label}`, ...attributes(id)], secret);
      if (result.kind !== 'exited' || result.code !== 0) throw failure(result, deps.env);
    },
    async lookup(id) {
      await keychain.assertAvailable();
      // secret-tool says nothing and exits 1 when there is no such item.
      const secret = itemAnswer(await run(['lookup', ...attributes(id)]), { notFound: 1, silent: true, failure: (result) => failure(result, deps.env) });
      return secret === null ? null : secret.replace(/\n$/, '');
    },
    async remove(id) {
      await keychain.assertAvailable();
      // `clear` exits 0 whether or not an item matched: a lookup first tells which.
      const existed = (await keychain.lookup(id)) !== null;
      const result = await run(['clear', ...attributes(id)]);
      if (result.kind !== 'exited' || result.code !== 0) throw failure(result, deps.env);
      return existed;
    },
  };
  return keychain;
}

/** A session bus to talk to: its address in the environment, or systemd's per-user socket. Nothing is sent. */
export function hasSessionBus(env: KeychainDeps['env']): boolean {
  if (env.DBUS_SESSION_BUS_ADDRESS?.trim()) return true;
  return env.XDG_RUNTIME_DIR !== undefined && env.XDG_RUNTIME_DIR !== '' && existsSync(join(env.XDG_RUNTIME_DIR, 'bus'));
}

/**
 * What went wrong, in the user's words. secret-tool's messages name no secret, but they are matched, not
 * shown: only the kind of problem reaches the screen.
 */
function failure(result: RunResult, env: KeychainDeps['env']): KeychainError {
  if (result.kind === 'spawn-failed') {
    return result.code === 'ENOENT' ? new KeychainError(t('keychain.noSecretTool'), 'no-tool') : new KeychainError(t('keychain.refused', { why: result.code }), 'refused');
  }
  if (result.kind === 'timeout') return new KeychainError(t('keychain.timeout'), 'timeout');
  if (result.kind === 'too-much') return new KeychainError(t('keychain.refused', { why: 'output' }), 'refused');
  const said = result.stderr;
  if (/autolaunch D-Bus/i.test(said)) return new KeychainError(t('keychain.noSession'), 'no-session');
  if (/Could not connect|Failed to connect|DBus\.Error\.(NoServer|FileNotFound|Disconnected)/i.test(said)) {
    // A bus address that is set but leads nowhere is not "not set".
    return new KeychainError(t(env.DBUS_SESSION_BUS_ADDRESS?.trim() ? 'keychain.busUnreachable' : 'keychain.noSession'), 'no-session');
  }
  if (/org\.freedesktop\.secrets|ServiceUnknown|not provided by any \.service/i.test(said)) return new KeychainError(t('keychain.noService'), 'no-session');
  if (/locked|Object does not exist at path|prompt|dismissed|cancel/i.test(said)) return new KeychainError(t('keychain.locked'), 'locked');
  return new KeychainError(t('keychain.refused', { why: `secret-tool exit ${result.code ?? result.signal ?? '?'}` }), 'refused');
}
