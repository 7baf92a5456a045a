import { t } from '../../../base/i18n/index.js';
import { hasControl } from '../../../base/text.js';
import type { RunResult } from '../run.js';
import { itemAnswer, KEYCHAIN_MAX_OUTPUT, KEYCHAIN_SERVICE, KEYCHAIN_TIMEOUT_MS, KeychainError, toolEnv, type Keychain, type KeychainDeps } from './keychain.js';

export const SECURITY = '/usr/bin/security';
/** `security -i` reads lines of at most 4096 bytes; the command around the secret needs some of them. */
const MAX_LINE_SECRET = 3500;
/** `errSecItemNotFound`, as `security` exits with it. */
const NOT_FOUND = 44;

/**
 * One word of a `security -i` line: its own parser (split_line in Apple's SecurityTool) takes a double-
 * quoted word with backslash escapes. Control characters are refused before this (a line ends at one).
 */
export function securityWord(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * macOS: the login keychain through `/usr/bin/security`. `add-generic-password -w <secret>` would put the
 * secret on argv, where `ps` shows it to every user; `security -i` reads its commands from stdin instead, so
 * the secret travels on the pipe only. Reading (`find-generic-password -w`) prints it to our pipe.
 */
export function macosKeychain(deps: KeychainDeps): Keychain {
  const run = (args: string[], input?: string) =>
    deps.run(SECURITY, args, { env: toolEnv(deps.env), timeoutMs: KEYCHAIN_TIMEOUT_MS, maxOutputBytes: KEYCHAIN_MAX_OUTPUT, keepStderr: true, ...(input === undefined ? {} : { input }) });
  const item = (id: string) => ['-s', KEYCHAIN_SERVICE, '-a', id];
  return {
    name: 'macOS login keychain',
    async assertAvailable() {
      // Nothing to ask before use: the login keychain is there in every user session.
    },
    async store(id, label, secret) {
      if (hasControl(secret) || secret.length > MAX_LINE_SECRET) throw new KeychainError(t('keychain.secretShape'), 'refused');
      // -U replaces the item of an earlier paste.
      const line = ['add-generic-password', '-U', ...item(id), '-l', label, '-w', secret].map(securityWord).join(' ');
      const result = await run(['-i'], `${line}\n`);
      if (result.kind !== 'exited' || result.code !== 0) throw failure(result);
    },
    async lookup(id) {
      const secret = itemAnswer(await run(['find-generic-password', ...item(id), '-w']), { notFound: NOT_FOUND, failure });
      return secret === null ? null : secret.replace(/\n$/, '');
    },
    async remove(id) {
      return itemAnswer(await run(['delete-generic-password', ...item(id)]), { notFound: NOT_FOUND, failure }) !== null;
    },
  };
}

function failure(result: RunResult): KeychainError {
  if (result.kind === 'spawn-failed') return new KeychainError(t('keychain.refused', { why: `security ${result.code}` }), 'no-tool');
  if (result.kind === 'timeout') return new KeychainError(t('keychain.timeout'), 'timeout');
  if (result.kind === 'too-much') return new KeychainError(t('keychain.refused', { why: 'output' }), 'refused');
  // 51: errSecInteractionNotAllowed (no GUI session, e.g. over SSH); 36/128: locked or the prompt denied.
  if (result.code === 51 || result.code === 36 || result.code === 128 || /locked|interaction is not allowed|User canceled/i.test(result.stderr)) {
    return new KeychainError(t('keychain.locked'), 'locked');
  }
  return new KeychainError(t('keychain.refused', { why: `security exit ${result.code ?? result.signal ?? '?'}` }), 'refused');
}
