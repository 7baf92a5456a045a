import { readFile } from '../base/fs.js';
import { dirname, resolve } from 'node:path';
import * as z from 'zod/mini';
import { t } from '../base/i18n/index.js';
import { protoKeyPath } from '../base/proto-key.js';
import { printable } from '../base/text.js';
import type { Warn } from '../base/io.js';
import { importPackage } from './import.js';

/** Built when a config file is there to check (most runs have none; zod's schemas cost start-up time). */
let schemas: ReturnType<typeof buildSchemas> | undefined;
function buildSchemas() {
  z.config({ jitless: true });
  return {
    auth: z.optional(
      z.looseObject({
        order: z.optional(z.record(z.string(), z.array(z.string()))),
      }),
    ),
    /** SPEC 8: `plugins.load.paths`, files or folders of provider plugins. */
    plugins: z.optional(
      z.looseObject({
        load: z.optional(z.looseObject({ paths: z.optional(z.array(z.string())) })),
      }),
    ),
  };
}

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
  schemas ??= buildSchemas();
  const auth = protoFree(root, 'auth', configFile, warn) ? schemas.auth.safeParse(root.auth) : null;
  if (auth && !auth.success) warn(t('config.badAuth', { file: configFile }));
  const plugins = protoFree(root, 'plugins', configFile, warn) ? schemas.plugins.safeParse(root.plugins) : null;
  if (plugins && !plugins.success) warn(t('config.badPlugins', { file: configFile }));
  const base = dirname(configFile);
  return {
    authOrder: (auth?.success && auth.data?.order) || {},
    pluginPaths: ((plugins?.success && plugins.data?.load?.paths) || []).filter((p) => p.trim() !== '').map((p) => resolve(base, p)),
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
