import { chmod, readdir, rm, stat } from '../../base/fs.js';
import { t } from '../../base/i18n/index.js';
import { DEFAULT_AGENT, agentIdProblem, agentsDir, stateDir, type AgentPaths } from '../../env/paths.js';
import type { Env } from '../../base/io.js';
import { agentPathsOf } from '../../store/agents.js';
import { staleTemps } from '../../store/files.js';
import { DIR_MODE, FILE_MODE, octal } from '../../store/ownership.js';
import { STALE_LOCK_MS } from '../../store/store.js';
import type { Finding } from './finding.js';

/**
 * The agents as folders, read without tightening anything (the store's readers tighten what they touch,
 * which would hide from the doctor what it is there to find).
 */
export async function agentsOnDisk(env: Env): Promise<{ id: string; paths: AgentPaths }[]> {
  const names = await readdir(agentsDir(env), { withFileTypes: true }).catch(() => []);
  const ids = names.filter((d) => d.isDirectory() && d.name !== DEFAULT_AGENT && agentIdProblem(d.name) === null).map((d) => d.name);
  return [DEFAULT_AGENT, ...ids.sort()].map((id) => ({ id, paths: agentPathsOf(env, id) }));
}

/** A path's mode and owner: looser than it should be is fixed by tightening; another user's is only told. */
async function checkPath(path: string, want: number, agent: string | null, fix: boolean): Promise<Finding | null> {
  const info = await stat(path).catch(() => null);
  if (!info) return null;
  if (typeof process.getuid === 'function' && info.uid !== process.getuid()) {
    return { check: 'owner', agent, message: t('doctor.owner', { path }), fixable: false, fixed: false };
  }
  const mode = info.mode & 0o777;
  if ((mode & 0o077) === 0) return null;
  const finding: Finding = { check: 'mode', agent, message: t('doctor.mode', { path, mode: octal(mode), want: octal(want) }), fixable: true, fixed: false };
  if (fix) {
    await chmod(path, want);
    finding.fixed = true;
    finding.done = t('doctor.modeFixed', { path, want: octal(want) });
  }
  return finding;
}

/** Modes and ownership of the state dir, each agent's folder and credential files, and the legacy file. */
export async function checkModes(env: Env, agents: { id: string; paths: AgentPaths }[], fix: boolean): Promise<Finding[]> {
  const checks: Promise<Finding | null>[] = [checkPath(stateDir(env), DIR_MODE, null, fix), checkPath(agentsDir(env), DIR_MODE, null, fix)];
  for (const { id, paths } of agents) {
    checks.push(checkPath(paths.agentDir, DIR_MODE, id, fix), checkPath(paths.storeFile, FILE_MODE, id, fix), checkPath(paths.runtimeCacheFile, FILE_MODE, id, fix));
  }
  const found = (await Promise.all(checks)).filter((f): f is Finding => f !== null);
  // The legacy file is never changed (SPEC 2.3), its mode neither: told, not fixed.
  const legacy = agents[0]!.paths.legacyFile;
  const info = await stat(legacy).catch(() => null);
  if (info && (info.mode & 0o077) !== 0) found.push({ check: 'mode', agent: null, message: t('doctor.mode', { path: legacy, mode: octal(info.mode & 0o777), want: octal(FILE_MODE) }), fixable: false, fixed: false });
  return found;
}

/** A lock whose holder stopped keeping it fresh, and temporary files a killed writer left. */
export async function checkStaleFiles(agents: { id: string; paths: AgentPaths }[], fix: boolean, now: number): Promise<Finding[]> {
  const found: Finding[] = [];
  for (const { id, paths } of agents) {
    const lock = `${paths.storeFile}.lock`;
    const info = await stat(lock).catch(() => null);
    if (info && now - info.mtimeMs > STALE_LOCK_MS) {
      const finding: Finding = { check: 'stale-lock', agent: id, message: t('doctor.staleLock', { path: lock }), fixable: true, fixed: false };
      if (fix) {
        await rm(lock, { recursive: true, force: true });
        finding.fixed = true;
        finding.done = t('doctor.removed', { path: lock });
      }
      found.push(finding);
    }
    for (const temp of [...(await staleTemps(paths.storeFile)), ...(await staleTemps(paths.runtimeCacheFile))]) {
      const finding: Finding = { check: 'stale-temp', agent: id, message: t('doctor.staleTemp', { path: temp }), fixable: true, fixed: false };
      if (fix) {
        await rm(temp, { force: true });
        finding.fixed = true;
        finding.done = t('doctor.removed', { path: temp });
      }
      found.push(finding);
    }
  }
  return found;
}
