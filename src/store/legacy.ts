import { readFile, stat } from 'node:fs/promises';
import { assertOwnFile } from './ownership.js';
import type { Warn } from '../base/io.js';
import { parseJsonText } from './parse.js';
import { describeIssue, legacyOAuthFile, PROVIDER_PATTERN, type AuthProfiles } from '../model/schema.js';

/**
 * `<state>/credentials/oauth.json` from older releases: each entry becomes `<provider>:default` unless
 * that id exists. The legacy file is never written, and a broken one only warns.
 */
export async function importLegacy(store: AuthProfiles, legacyFile: string, warn: Warn): Promise<AuthProfiles> {
  // SPEC 2: it must be ours before it is read (a missing one is fine). It is never changed, even its mode.
  if (!(await assertOwnFile(legacyFile))) return store;
  let bytes: Buffer;
  try {
    bytes = await readFile(legacyFile);
  } catch {
    return store;
  }
  const mode = (await stat(legacyFile).catch(() => null))?.mode ?? 0;
  if ((mode & 0o077) !== 0) {
    warn(`${legacyFile} is readable by others (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); importing it, but it should be private: chmod 600 ${legacyFile}`);
  }
  const json = parseJsonText(bytes);
  const parsed = json.ok ? legacyOAuthFile.safeParse(json.value) : null;
  if (!json.ok || !parsed?.success) {
    const problem = !json.ok ? json.problem : parsed ? describeIssue(parsed.error!) : 'invalid';
    warn(`ignoring legacy credentials ${legacyFile}: ${problem}.`);
    return store;
  }
  for (const [provider, entry] of Object.entries(parsed.data)) {
    if (!PROVIDER_PATTERN.test(provider)) {
      warn(`ignoring legacy entry with invalid provider name in ${legacyFile}.`);
      continue;
    }
    const id = `${provider}:default`;
    if (store.profiles[id]) continue;
    store.profiles[id] = { ...entry, type: 'oauth', provider };
  }
  return store;
}
