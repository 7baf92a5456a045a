import { t } from '../../../base/i18n/index.js';
import type { Env } from '../../../base/io.js';
import { runProgram, type Runner } from '../run.js';
import { KeychainError, type Keychain } from './keychain.js';
import { macosKeychain } from './macos.js';
import { secretServiceKeychain } from './secret-service.js';
import { windowsKeychain } from './windows.js';

export { KeychainError, type Keychain } from './keychain.js';

/** The keychain of this system (SPEC 12); `platform` and `run` are for tests of what each backend sends. */
export function systemKeychain(env: Env, options: { platform?: NodeJS.Platform; run?: Runner } = {}): Keychain {
  const deps = { env, platform: options.platform ?? process.platform, run: options.run ?? runProgram };
  switch (deps.platform) {
    case 'darwin':
      return macosKeychain(deps);
    case 'win32':
      return windowsKeychain(deps);
    case 'linux':
    case 'freebsd':
    case 'openbsd':
      return secretServiceKeychain(deps);
    default:
      return {
        name: deps.platform,
        assertAvailable: async () => {
          throw new KeychainError(t('keychain.unsupported', { platform: deps.platform }), 'unsupported');
        },
        store: async () => {
          throw new KeychainError(t('keychain.unsupported', { platform: deps.platform }), 'unsupported');
        },
        lookup: async () => {
          throw new KeychainError(t('keychain.unsupported', { platform: deps.platform }), 'unsupported');
        },
        remove: async () => {
          throw new KeychainError(t('keychain.unsupported', { platform: deps.platform }), 'unsupported');
        },
      };
  }
}
