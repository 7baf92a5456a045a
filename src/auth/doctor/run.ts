import type { Env } from '../../base/io.js';
import { ForeignFileError } from '../../store/errors.js';
import { agentsOnDisk, checkModes, checkStaleFiles } from './files.js';
import type { Finding } from './finding.js';
import { checkConfig, checkHeldTwice, checkLegacy, checkStores } from './stores.js';

export type { Check, Finding } from './finding.js';

/**
 * `openclaw doctor` (SPEC 11): every agent checked for each problem, and with `fix` what is safe repaired.
 * Modes are looked at first, before any reader tightens them; the legacy file is imported before grants
 * held twice are looked for, so that the default agent's copy is the one kept. Without `fix` nothing is
 * changed, not even a mode a reader would tighten (SPEC 11): each read below is given `tighten: fix`.
 */
export async function runDoctor(env: Env, options: { fix: boolean; now: () => number }): Promise<Finding[]> {
  const { fix, now } = options;
  const agents = await agentsOnDisk(env);
  const found: Finding[] = [...(await checkModes(env, agents, fix)), ...(await checkStaleFiles(agents, fix, now()))];
  // Nothing is read from a state dir of another user (SPEC 2): that finding is the whole answer.
  if (found.some((f) => f.check === 'owner' && f.agent === null)) return found;
  found.push(...(await checkLegacy(agents[0]!, fix, now)));
  found.push(...(await checkStores(env, agents, fix, now)));
  try {
    found.push(...(await checkHeldTwice(env, fix, now)));
  } catch (error) {
    if (!(error instanceof ForeignFileError)) throw error;
  }
  found.push(...(await checkConfig(agents[0]!, fix)));
  return found;
}
