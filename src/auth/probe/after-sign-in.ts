import type { Env, Warn } from '../../base/io.js';
import type { AgentPaths } from '../../env/paths.js';
import { probeProfiles } from './run.js';
import { SIGN_IN_CHECK_MS, type SignInChecked } from './verify.js';
import { quotaLines, reasonLine } from './words.js';

/**
 * Issue 21 for a sign-in that stores its own credential (OAuth: ChatGPT, GitHub Copilot, a plugin's): one
 * probe of the profile just written, with a sign-in's short budget, and what it found in words (a ChatGPT
 * sign-in's usage windows among them). The provider has just issued the grant, so it is kept even when
 * refused (the refresh token is the user's only copy of it); a refusal is said as such.
 */
export async function checkSignedIn(paths: AgentPaths, profileId: string, options: { env: Env; warn: Warn; now: () => number }): Promise<SignInChecked | null> {
  const [result] = await probeProfiles(paths, { ...options, profileId, deadlineMs: SIGN_IN_CHECK_MS, totalMs: SIGN_IN_CHECK_MS });
  if (!result || result.reasonCode === 'no_probe') return null;
  const now = options.now();
  if (result.bucket === 'ok') return { kind: 'ok', details: quotaLines(result.quota, now) };
  const why = reasonLine(result, now);
  return result.bucket === 'auth' ? { kind: 'refused', why } : { kind: 'unchecked', why };
}
