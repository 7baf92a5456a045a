import { chmod, readFile, stat } from '../base/fs.js';
import { basename, dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ensureDir, writeFileAtomic } from './files.js';

export type Registered = { kind: 'added' } | { kind: 'present' } | { kind: 'manual'; json: string };

/**
 * Puts `secrets.providers[alias] = entry` into `<state>/openclaw.json` (SPEC 12: the keychain's exec
 * provider, so that OpenClaw resolves the reference too), keeping everything else in the file. A file
 * that plain JSON cannot read (JSON5 comments) is not rewritten, as that would drop its comments: the
 * caller tells the user what to add. A missing file is created, 0600 in its 0700 directory.
 */
export async function registerSecretProvider(configFile: string, alias: string, entry: Record<string, unknown>): Promise<Registered> {
  let text: string | null;
  try {
    text = await readFile(configFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    text = null;
  }
  let root: Record<string, unknown> = {};
  if (text !== null && text.trim() !== '') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { kind: 'manual', json: JSON.stringify({ [alias]: entry }) };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'manual', json: JSON.stringify({ [alias]: entry }) };
    root = value as Record<string, unknown>;
  }
  const secrets = objectAt(root, 'secrets');
  const providers = secrets && objectAt(secrets, 'providers');
  if (!secrets || !providers) return { kind: 'manual', json: JSON.stringify({ [alias]: entry }) };
  if (isDeepStrictEqual(providers[alias], entry)) return { kind: 'present' };
  providers[alias] = entry;
  await ensureDir(dirname(configFile));
  await writeFileAtomic(configFile, `${JSON.stringify(root, null, 2)}\n`);
  return { kind: 'added' };
}

/** `parent[key]` as an object, created when missing; null when it is something else. */
function objectAt(parent: Record<string, unknown>, key: string): Record<string, unknown> | null {
  if (!Object.hasOwn(parent, key) || parent[key] === undefined) parent[key] = {};
  const value = parent[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/**
 * The resolver file an exec provider may name: OpenClaw refuses a command that is not the user's own or
 * that group or others can write (SPEC 12), as a package installed by root (`sudo npm -g`) would be. Such a
 * resolver is copied to `<state>/bin/` (0700, the user's), refreshed at each call; one that passes is
 * named where it is.
 */
export async function ownResolver(shipped: string, stateDir: string): Promise<string> {
  const info = await stat(shipped);
  const uid = process.getuid?.();
  if (uid === undefined || (info.uid === uid && (info.mode & 0o022) === 0)) return shipped;
  const dir = join(stateDir, 'bin');
  await ensureDir(dir);
  const target = join(dir, basename(shipped));
  await writeFileAtomic(target, await readFile(shipped, 'utf8'));
  await chmod(target, 0o700);
  return target;
}
