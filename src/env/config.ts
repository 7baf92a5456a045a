import { readFile, statIfThere } from '../base/fs.js';
import { dirname, resolve } from 'node:path';
import { t } from '../base/i18n/index.js';
import { protoKeyPath } from '../base/proto-key.js';
import { printable } from '../base/text.js';
import type { Warn } from '../base/io.js';
import { importPackage } from './import.js';

/** A JSON object (not an array, not null). */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false;
  return true;
}

/**
 * The two sections this project reads, checked by hand: each is small, and loading zod to check them cost a
 * run with a config file ~4 ms (test/unit/config-sections.test.ts holds these to the zod schemas they
 * replace, value by value). Unknown fields are allowed, as OpenClaw's are. `undefined` is a section that is
 * not there; `null` one that is there and wrong.
 */
export const sections = {
  /** `auth.order`: provider → profile ids. */
  auth(value: unknown): { order?: Record<string, string[]> } | undefined | null {
    if (value === undefined) return undefined;
    if (!isObject(value)) return null;
    if (value.order === undefined) return {};
    if (!isObject(value.order)) return null;
    for (const ids of Object.values(value.order)) if (!isStringArray(ids)) return null;
    return { order: value.order as Record<string, string[]> };
  },
  /** SPEC 8: `plugins.load.paths`, files or folders of provider plugins. */
  plugins(value: unknown): { load?: { paths?: string[] } } | undefined | null {
    if (value === undefined) return undefined;
    if (!isObject(value)) return null;
    if (value.load === undefined) return {};
    if (!isObject(value.load)) return null;
    if (value.load.paths === undefined) return { load: {} };
    return isStringArray(value.load.paths) ? { load: { paths: value.load.paths } } : null;
  },
};

export interface OpenClawConfig {
  authOrder: Record<string, string[]>;
  /** Absolute: a relative entry resolves against the state dir (the config's own folder). */
  pluginPaths: string[];
  /** SPEC 12: the `secrets` section as written (its providers are checked where a reference is resolved). */
  secrets: unknown;
}

const EMPTY: OpenClawConfig = { authOrder: {}, pluginPaths: [], secrets: undefined };

/**
 * `<state>/openclaw.json` (JSON5 comments tolerated). A missing file is empty; a broken one warns. Each
 * section is checked on its own, so a mistake in one leaves the other in force.
 */
export async function readConfig(configFile: string, warn: Warn): Promise<OpenClawConfig> {
  let text: string;
  try {
    // Most state dirs have no config: looked for without making an error (see statIfThere).
    if (!(await statIfThere(configFile))) return { ...EMPTY };
    text = await readFile(configFile, 'utf8');
  } catch {
    return { ...EMPTY };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    try {
      // Loaded only for a config that plain JSON cannot read (comments, trailing commas): importing it
      // costs every command a few milliseconds.
      const JSON5 = (await importPackage<{ default: typeof import('json5') }>('json5')).default;
      value = JSON5.parse(text);
    } catch {
      warn(t('config.notJson', { file: configFile }));
      return { ...EMPTY };
    }
  }
  const root = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  if (root === null) {
    warn(t('config.notObject', { file: configFile }));
    return { ...EMPTY };
  }
  const auth = protoFree(root, 'auth', configFile, warn) ? sections.auth(root.auth) : undefined;
  if (auth === null) warn(t('config.badAuth', { file: configFile }));
  const plugins = protoFree(root, 'plugins', configFile, warn) ? sections.plugins(root.plugins) : undefined;
  if (plugins === null) warn(t('config.badPlugins', { file: configFile }));
  const base = dirname(configFile);
  return {
    authOrder: auth?.order ?? {},
    pluginPaths: (plugins?.load?.paths ?? []).filter((p) => p.trim() !== '').map((p) => resolve(base, p)),
    secrets: root.secrets,
  };
}

/**
 * A section with an own `__proto__` key somewhere in it is ignored, with a warning: validation would drop
 * the key without a word (and what it held with it).
 */
function protoFree(root: Record<string, unknown>, section: 'auth' | 'plugins', file: string, warn: Warn): boolean {
  const where = protoKeyPath(root[section], [section]);
  if (where === null) return true;
  warn(t('config.protoKey', { file, section, where: printable(where, 120) }));
  return false;
}
