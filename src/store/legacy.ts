import { checkedAccountId, checkedEmail } from '../model/account.js';
import { t } from '../base/i18n/index.js';
import { readFile, stat } from '../base/fs.js';
import { assertOwnFile, octal } from './ownership.js';
import type { Warn } from '../base/io.js';
import { parseJsonText } from './parse.js';
import { protoKeyPath } from '../base/proto-key.js';
import { printable } from '../base/text.js';
import { describeIssue } from '../model/issue.js';
import { PROVIDER_PATTERN, schemas, type AuthProfiles } from '../model/schema.js';

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
    warn(t('legacy.readable', { file: legacyFile, mode: octal(mode & 0o777) }));
  }
  const json = parseJsonText(bytes);
  const proto = json.ok ? protoKeyPath(json.value) : null;
  const parsed = json.ok && proto === null ? schemas().legacyOAuthFile.safeParse(json.value) : null;
  if (!json.ok || !parsed?.success) {
    const problem = !json.ok ? json.problem : proto !== null ? t('store.protoKey', { where: printable(proto, 120) }) : parsed ? describeIssue(parsed.error!, json.value) : t('store.invalid');
    warn(t('legacy.ignored', { file: legacyFile, problem }));
    return store;
  }
  for (const [provider, entry] of Object.entries(parsed.data)) {
    if (!PROVIDER_PATTERN.test(provider)) {
      warn(t('legacy.badProvider', { file: legacyFile }));
      continue;
    }
    const id = `${provider}:default`;
    if (store.profiles[id]) continue;
    // SPEC 4: an account id or email is stored only in a shape that is safe to show.
    const { accountId, email, ...rest } = entry;
    const account = checkedAccountId(accountId);
    const mail = checkedEmail(email);
    store.profiles[id] = { ...rest, type: 'oauth', provider, ...(account ? { accountId: account } : {}), ...(mail ? { email: mail } : {}) };
  }
  return store;
}
