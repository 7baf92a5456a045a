import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const KEYCHAIN_RESOLVER_FILE = 'openclaw-keychain.cjs';

/**
 * The absolute path of this package's keychain resolver (dist/openclaw-keychain.cjs, SPEC 12): beside the
 * CLI bundle when running from dist/, else in the package's dist/ (run from source, as the tests do).
 */
export function keychainResolverPath(): string {
  const beside = join(__dirname, KEYCHAIN_RESOLVER_FILE);
  if (existsSync(beside)) return beside;
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', KEYCHAIN_RESOLVER_FILE);
}
