import { readFile } from '../../base/fs.js';
import { t } from '../../base/i18n/index.js';
import type { Env, Warn } from '../../base/io.js';
import { readConfig } from '../../env/config.js';
import { DEFAULT_AGENT, type AgentPaths } from '../../env/paths.js';
import { signInCommand } from '../../model/commands.js';
import { own, schemas, type AuthProfiles } from '../../model/schema.js';
import { CorruptStoreError, ForeignFileError, StoreIoError } from '../../store/errors.js';
import { importLegacy } from '../../store/legacy.js';
import { parseJsonText } from '../../store/parse.js';
import { clearGrantMarks } from '../../store/profiles.js';
import { readStore, updateStore } from '../../store/store.js';
import { grantsHeldByMany } from '../credentials/holders.js';
import { readView, viewOptionsOf } from '../credentials/sources.js';
import { loadRegistry } from '../providers/registry.js';
import type { Finding } from './finding.js';

type Agent = { id: string; paths: AgentPaths };
const quiet: Warn = () => undefined;
/**
 * How the doctor reads: without --fix nothing is changed, not even a mode a reader would tighten (SPEC 11);
 * with it, loose modes are tightened as any reader does (checkModes has reported them already).
 */
const reading = (fix: boolean) => ({ warn: quiet, tighten: fix });
const named = (store: AuthProfiles, id: string) => Object.hasOwn(store.profiles, id) || Object.hasOwn(store.links ?? {}, id);

/** `order`, `lastGood` and `usageStats` entries that name neither a profile nor a link of the store. */
function dangling(store: AuthProfiles): { where: 'order' | 'lastGood' | 'usageStats'; key: string; id: string }[] {
  const found: { where: 'order' | 'lastGood' | 'usageStats'; key: string; id: string }[] = [];
  for (const [provider, ids] of Object.entries(store.order ?? {})) for (const id of ids) if (!named(store, id)) found.push({ where: 'order', key: provider, id });
  for (const [provider, id] of Object.entries(store.lastGood ?? {})) if (!named(store, id)) found.push({ where: 'lastGood', key: provider, id });
  for (const id of Object.keys(store.usageStats ?? {})) if (!named(store, id)) found.push({ where: 'usageStats', key: id, id });
  return found;
}

function dropDangling(draft: AuthProfiles): void {
  for (const { where, key, id } of dangling(draft)) {
    if (where === 'order') draft.order![key] = draft.order![key]!.filter((entry) => entry !== id);
    else if (where === 'lastGood') delete draft.lastGood![key];
    else delete draft.usageStats![key];
  }
  for (const [provider, ids] of Object.entries(draft.order ?? {})) if (ids.length === 0) delete draft.order![provider];
  for (const key of ['order', 'lastGood', 'usageStats'] as const) if (draft[key] && Object.keys(draft[key]!).length === 0) delete draft[key];
}

/** Each agent's store: readable, no dangling entries, no profile needing a sign-in, no link leading nowhere. */
export async function checkStores(env: Env, agents: Agent[], fix: boolean, now: () => number): Promise<Finding[]> {
  const found: Finding[] = [];
  for (const { id: agent, paths } of agents) {
    let view;
    try {
      view = await readView(paths, { ...viewOptionsOf(quiet, env), tighten: fix });
    } catch (error) {
      if (!(error instanceof CorruptStoreError || error instanceof ForeignFileError || error instanceof StoreIoError)) throw error;
      found.push({ check: 'store', agent, message: t('doctor.store', { file: paths.storeFile, problem: error.problem }), fixable: false, fixed: false });
      continue;
    }
    if (!view.exists) continue;
    const { store } = await readStore(paths, reading(fix));
    const loose = dangling(store);
    if (loose.length) {
      if (fix) await updateStore(paths, dropDangling, { warn: quiet, now });
      for (const d of loose) {
        found.push({ check: 'dangling', agent, message: t('doctor.dangling', { where: d.where, id: d.id, agent }), fixable: true, fixed: fix, ...(fix ? { done: t('doctor.danglingFixed', { where: d.where, id: d.id }) } : {}) });
      }
    }
    for (const [id, stats] of Object.entries(view.store.usageStats ?? {})) {
      // A linked profile's mark is its owner's, told once there.
      if (!stats.reloginRequired || !own(view.store.profiles, id) || view.sources[id]?.kind === 'inherited') continue;
      const provider = view.store.profiles[id]!.provider;
      found.push({ check: 'relogin', agent, message: t('doctor.relogin', { id, agent, command: signInCommand(provider, { agent, profileId: id }) }), fixable: false, fixed: false });
    }
    for (const u of view.unresolved) {
      found.push({ check: 'link', agent, message: t('holder.unresolved', { id: u.id, owner: u.owner, command: signInCommand(u.provider, { agent, profileId: u.id }) }), fixable: false, fixed: false });
    }
  }
  return found;
}

/**
 * SPEC 11: a grant held by several agents stays with one (the default agent's copy when it holds one, else
 * the most recently refreshed) and the others get a link to it. Each store is changed under its own lock,
 * and only while it still holds that very refresh token: the one copy left is never removed.
 */
export async function checkHeldTwice(env: Env, fix: boolean, now: () => number): Promise<Finding[]> {
  const found: Finding[] = [];
  for (const group of await grantsHeldByMany({ ...env } as Record<string, string>, quiet, { tighten: fix })) {
    const keeper = group.find((h) => h.agent === DEFAULT_AGENT) ?? [...group].sort((a, b) => b.expires - a.expires)[0]!;
    const others = group.filter((h) => h !== keeper);
    const agents = [...new Set(group.map((h) => h.agent))].join(', ');
    const finding: Finding = { check: 'held-twice', agent: null, message: t('doctor.heldTwice', { id: keeper.id, agents }), fixable: true, fixed: false };
    if (fix) {
      const { store } = await readStore(keeper.paths, { warn: quiet });
      const kept = own(store.profiles, keeper.id);
      if (kept?.type !== 'oauth') {
        found.push(finding);
        continue;
      }
      const provider = kept.provider;
      for (const other of others) {
        await updateStore(
          other.paths,
          (draft) => {
            const there = own(draft.profiles, other.id);
            if (there?.type !== 'oauth' || there.refresh !== other.refresh) return;
            delete draft.profiles[other.id];
            clearGrantMarks(draft, other.id);
            draft.links = { ...draft.links, [other.id]: { provider, agent: keeper.agent, ...(other.id === keeper.id ? {} : { profileId: keeper.id }) } };
          },
          { warn: quiet, now },
        );
      }
      finding.fixed = true;
      const linked = [...new Set(others.map((o) => o.agent))];
      finding.done = t(linked.length === 1 ? 'doctor.heldTwiceFixedOne' : 'doctor.heldTwiceFixed', { keeper: keeper.agent, others: linked.join(', ') });
    }
    found.push(finding);
  }
  return found;
}

/** The legacy file's entries that the default agent has not imported (SPEC 2.3); --fix imports them. */
export async function checkLegacy(main: Agent, fix: boolean, now: () => number): Promise<Finding[]> {
  const bytes = await readFile(main.paths.legacyFile).catch(() => null);
  if (bytes === null) return [];
  const json = parseJsonText(bytes);
  const parsed = json.ok ? schemas().legacyOAuthFile.safeParse(json.value) : null;
  if (!parsed?.success) return [{ check: 'legacy', agent: null, message: t('doctor.legacyBroken', { file: main.paths.legacyFile }), fixable: false, fixed: false }];
  const { store } = await readStore(main.paths, reading(fix)).catch(() => ({ store: null }));
  if (store === null) return [];
  const missing = Object.keys(parsed.data).map((provider) => `${provider}:default`).filter((id) => !named(store, id));
  if (missing.length === 0) return [];
  const finding: Finding = { check: 'legacy', agent: DEFAULT_AGENT, message: t('doctor.legacy', { file: main.paths.legacyFile, ids: missing.join(', ') }), fixable: true, fixed: false };
  if (fix) {
    await updateStore(main.paths, (draft) => importLegacy(draft, main.paths.legacyFile, quiet).then(() => undefined), { warn: quiet, now });
    finding.fixed = true;
    finding.done = t('doctor.legacyFixed', { ids: missing.join(', ') });
  }
  return [finding];
}

/** The config file and the plugins it names: what they would warn about on every run. */
export async function checkConfig(main: Agent, fix: boolean): Promise<Finding[]> {
  const lines: string[] = [];
  await readConfig(main.paths.configFile, (line) => lines.push(line));
  const found: Finding[] = lines.map((message) => ({ check: 'config', agent: null, message, fixable: false, fixed: false }));
  const registry = await loadRegistry(main.paths, { warn: (line) => lines.push(line), listsErrors: true, tighten: fix });
  for (const error of registry.errors) found.push({ check: 'plugin', agent: null, message: t('plugin.notLoaded', { file: error.file, reason: error.reason }), fixable: false, fixed: false });
  // A hidden file passed over is a notice, not a problem: doctor says it and stays clean for it.
  for (const passed of registry.skipped) found.push({ check: 'plugin', agent: null, message: t('plugin.skipped', { file: passed.file, reason: passed.reason }), fixable: false, fixed: false, notice: true });
  return found;
}
