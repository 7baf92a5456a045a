import { readdir, stat } from '../../base/fs.js';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { t } from '../../base/i18n/index.js';
import { redact } from '../../base/redact.js';
import { printable, stripControl } from '../../base/text.js';
import type { Warn } from '../../base/io.js';
import { importPackage } from '../../env/import.js';
import { ForeignFileError } from '../../store/errors.js';
import type { OwnCheck } from '../../store/ownership.js';
import { assertTrustedCode } from '../../store/trusted-code.js';
import type { ApiKeyMethod, MethodProbe, OAuthMethod, PluginLoadError, ProviderDef, SignInMethod } from './types.js';

/** SPEC 8: provider and method ids of plugins. */
export const PLUGIN_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
const LABEL_MAX = 80;
/** A plugin whose import has not settled by then (a top-level await that never ends) is given up on. */
export const PLUGIN_IMPORT_TIMEOUT_MS = 10_000;

class PluginShapeError extends Error {}

/** Each configured path as the files it stands for: a file as it is, a folder's *.mjs and *.js sorted. */
export async function pluginFiles(paths: readonly string[]): Promise<{ files: string[]; errors: PluginLoadError[]; skipped: PluginLoadError[] }> {
  const files: string[] = [];
  const errors: PluginLoadError[] = [];
  const skipped: PluginLoadError[] = [];
  for (const path of paths) {
    try {
      if ((await stat(path)).isDirectory()) {
        const names = (await readdir(path)).filter((name) => /\.(?:mjs|js)$/.test(name)).sort();
        // A hidden file is easily dropped unseen (an editor's, another user's): named, never run. Skipping
        // it is a notice, not a failure (issue 17 item 3): nothing configured failed.
        for (const name of names.filter((n) => n.startsWith('.'))) skipped.push({ file: printable(join(path, name), 200), reason: t('plugin.hidden') });
        files.push(...names.filter((n) => !n.startsWith('.')).map((name) => join(path, name)));
      } else files.push(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      errors.push({ file: printable(path, 200), reason: code === 'ENOENT' ? t('plugin.notFound') : reasonOf(error) });
    }
  }
  return { files: [...new Set(files)], errors, skipped };
}

function reasonOf(error: unknown): string {
  const plain = error instanceof PluginShapeError || error instanceof ForeignFileError;
  const message = error instanceof Error ? `${plain ? '' : `${error.name}: `}${error.message}` : String(error);
  return printable(redact(message, [], 200), 200);
}

function label(value: unknown, where: string): string {
  if (typeof value !== 'string' || stripControl(value).trim() === '') throw new PluginShapeError(t('plugin.noLabel', { where }));
  return printable(stripControl(value).replace(/\s+/g, ' ').trim(), LABEL_MAX);
}

function id(value: unknown, where: string): string {
  if (typeof value !== 'string' || !PLUGIN_ID_PATTERN.test(value)) {
    throw new PluginShapeError(t('plugin.badId', { where }));
  }
  return value;
}

/** A method's own live check (issue 21), when it declares one: a function that names the request to send. */
function probeOf(raw: Record<string, unknown>, where: string): { probe?: MethodProbe } {
  if (raw.probe === undefined) return {};
  if (typeof raw.probe !== 'function') throw new PluginShapeError(t('plugin.notFunction', { where, fn: 'probe' }));
  return { probe: raw.probe as MethodProbe };
}

function method(value: unknown, provider: string): SignInMethod {
  if (typeof value !== 'object' || value === null) throw new PluginShapeError(t('plugin.methodNotObject', { provider }));
  const raw = value as Record<string, unknown>;
  const methodId = id(raw.id, t('plugin.whereMethodOf', { provider }));
  const where = t('plugin.whereMethod', { provider, method: methodId });
  if (raw.kind === 'oauth') {
    const oauth = raw.oauth as Record<string, unknown> | null | undefined;
    for (const fn of ['login', 'refreshToken', 'getApiKey']) {
      if (typeof oauth?.[fn] !== 'function') throw new PluginShapeError(t('plugin.notFunction', { where, fn }));
    }
    const result: OAuthMethod = { kind: 'oauth', id: methodId, label: label(raw.label, where), oauth: oauth as unknown as OAuthMethod['oauth'], ...probeOf(raw, where) };
    if (raw.prompts !== undefined) {
      if (typeof raw.prompts !== 'boolean') throw new PluginShapeError(t('plugin.promptsNotBoolean', { where }));
      result.prompts = raw.prompts;
    }
    return result;
  }
  if (raw.kind === 'api-key') {
    const result: ApiKeyMethod = { kind: 'api-key', id: methodId, label: label(raw.label, where), ...probeOf(raw, where) };
    if (raw.hint !== undefined) {
      if (typeof raw.hint !== 'string') throw new PluginShapeError(t('plugin.hintNotString', { where }));
      result.hint = printable(stripControl(raw.hint).replace(/\s+/g, ' ').trim(), 200);
    }
    if (raw.pattern !== undefined) {
      if (typeof raw.pattern !== 'string') throw new PluginShapeError(t('plugin.patternNotString', { where }));
      try {
        new RegExp(raw.pattern);
      } catch {
        throw new PluginShapeError(t('plugin.patternInvalid', { where }));
      }
      result.pattern = raw.pattern;
    }
    return result;
  }
  throw new PluginShapeError(t('plugin.kind', { where }));
}

/** The providers a plugin module exports, checked; throws at the first thing that is wrong. */
export function pluginProviders(module: unknown, file: string, taken: ReadonlyMap<string, string>): ProviderDef[] {
  const list = (module as { providers?: unknown } | null)?.providers;
  if (!Array.isArray(list)) throw new PluginShapeError(t('plugin.noProviders'));
  const providers: ProviderDef[] = [];
  const seen = new Map(taken);
  for (const entry of list as unknown[]) {
    if (typeof entry !== 'object' || entry === null) throw new PluginShapeError(t('plugin.providerNotObject'));
    const raw = entry as Record<string, unknown>;
    const providerId = id(raw.id, t('plugin.whereAProvider'));
    const owner = seen.get(providerId);
    if (owner !== undefined) {
      throw new PluginShapeError(
        owner === 'built-in' ? t('plugin.idTakenBuiltIn', { id: providerId }) : t('plugin.idTaken', { id: providerId, owner: printable(owner, 120) }),
      );
    }
    if (!Array.isArray(raw.auth) || raw.auth.length === 0) throw new PluginShapeError(t('plugin.noMethods', { provider: providerId }));
    const methods = (raw.auth as unknown[]).map((m) => method(m, providerId));
    const ids = methods.map((m) => m.id);
    const twice = ids.find((m, i) => ids.indexOf(m) !== i);
    if (twice) throw new PluginShapeError(t('plugin.twoMethods', { provider: providerId, method: twice }));
    providers.push({ id: providerId, label: label(raw.label, t('plugin.whereProvider', { provider: providerId })), methods, source: file });
    seen.set(providerId, file);
  }
  return providers;
}

/**
 * Imports each plugin file and checks what it exports. A file that fails to import or exports
 * something malformed adds one PluginLoadError (redacted, printable) and nothing else. Before it is
 * imported, the file and its folders are checked (SPEC 2): one that another user owns or could replace
 * is not imported, and is named the same way.
 */
export async function loadPlugins(
  paths: readonly string[],
  taken: ReadonlyMap<string, string>,
  options: OwnCheck & { importTimeoutMs?: number; warn: Warn },
): Promise<{ providers: ProviderDef[]; errors: PluginLoadError[]; skipped: PluginLoadError[] }> {
  const timeoutMs = options.importTimeoutMs ?? PLUGIN_IMPORT_TIMEOUT_MS;
  const { files, errors, skipped } = await pluginFiles(paths);
  const providers: ProviderDef[] = [];
  const owners = new Map(taken);
  for (const file of files) {
    try {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new PluginShapeError(t('plugin.timeout', { seconds: timeoutMs / 1000 }))), timeoutMs);
        timer.unref();
      });
      const real = await assertTrustedCode(file, options.warn, options);
      const module = await Promise.race([importPackage<unknown>(pathToFileURL(real).href), timeout]).finally(() => clearTimeout(timer));
      const found = pluginProviders(module, file, owners);
      for (const provider of found) owners.set(provider.id, file);
      providers.push(...found);
    } catch (error) {
      errors.push({ file: printable(file, 200), reason: reasonOf(error) });
    }
  }
  return { providers, errors, skipped };
}
