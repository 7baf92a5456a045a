import { constants } from 'node:fs';
import { lstat, open } from '../../base/fs.js';
import { isAbsolute, join } from 'node:path';
import { UserError } from '../../base/errors.js';
import { t } from '../../base/i18n/index.js';
import type { Env } from '../../base/io.js';
import { refLabel, type SecretRef } from '../../model/secret-ref.js';
import { FILE_MAX_BYTES, FILE_TIMEOUT_MS, type FileProvider } from './providers.js';

/** `~/…` as OpenClaw reads it (its docs write `~/.openclaw/secrets.json`). */
export function expandHome(path: string, env: Env): string {
  if (path === '~' || path.startsWith('~/')) return join(env.HOME ?? '', path.slice(1));
  return path;
}

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(4, '0');

/**
 * SPEC 12's file source: a private regular file of this user with one link, no symbolic link, at most
 * 1 MiB (the provider's `maxBytes`), read within 5 s (its `timeoutMs`). The id is a JSON pointer into a
 * JSON object (`mode: "json"`, the default) or `value` for `singleValue`. Errors name the reference and
 * the file, never what the file holds.
 */
export async function resolveFileRef(ref: SecretRef, provider: FileProvider, env: Env): Promise<string> {
  const label = refLabel(ref);
  const path = expandHome(provider.path, env);
  const fail = (why: string): never => {
    throw new UserError(t('ref.fileRefused', { ref: label, file: path, why }));
  };
  if (!isAbsolute(path)) fail(t('ref.why.notAbsolute'));
  const timeoutMs = provider.timeoutMs ?? FILE_TIMEOUT_MS;
  const maxBytes = provider.maxBytes ?? FILE_MAX_BYTES;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new UserError(t('ref.fileRefused', { ref: label, file: path, why: t('ref.why.slow', { ms: timeoutMs }) }))), timeoutMs);
  });
  try {
    const text = await Promise.race([readPrivate(path, maxBytes, fail), deadline]);
    return valueAt(ref, provider, text, fail);
  } finally {
    clearTimeout(timer);
  }
}

async function readPrivate(path: string, maxBytes: number, fail: (why: string) => never): Promise<string> {
  const link = await lstat(path).catch((error: NodeJS.ErrnoException) => fail(error.code === 'ENOENT' ? t('ref.why.missing') : t('ref.why.unreadable', { code: error.code ?? 'EIO' })));
  if (link.isSymbolicLink()) fail(t('ref.why.symlink'));
  // Opened without following a link and without blocking on a FIFO; everything is checked again on the handle.
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch((error: NodeJS.ErrnoException) =>
    fail(error.code === 'ELOOP' ? t('ref.why.symlink') : t('ref.why.unreadable', { code: error.code ?? 'EIO' })),
  );
  try {
    const info = await handle.stat();
    if (!info.isFile()) fail(t('ref.why.notFile'));
    const uid = process.getuid?.();
    if (uid !== undefined && info.uid !== uid) fail(t('ref.why.owner', { uid: info.uid }));
    if ((info.mode & 0o077) !== 0) fail(t('ref.why.mode', { mode: octal(info.mode) }));
    if (info.nlink !== 1) fail(t('ref.why.links', { n: info.nlink }));
    if (info.size > maxBytes) fail(t('ref.why.large', { max: maxBytes }));
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > maxBytes) fail(t('ref.why.large', { max: maxBytes }));
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

function valueAt(ref: SecretRef, provider: FileProvider, text: string, fail: (why: string) => never): string {
  if ((provider.mode ?? 'json') === 'singleValue') {
    if (ref.id !== 'value') fail(t('ref.why.singleValue'));
    const value = text.replace(/\r?\n$/, '');
    return value === '' ? fail(t('ref.why.empty')) : value;
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    fail(t('ref.why.notJson'));
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) fail(t('ref.why.notJson'));
  const value = jsonPointer(document, ref.id);
  if (value === undefined) fail(t('ref.why.noPointer'));
  if (typeof value !== 'string' || value === '') fail(t('ref.why.notString'));
  return value as string;
}

/** RFC 6901: `/a/b~1c` is `a`, then `b/c`; `~0` is `~`. Own properties only. */
export function jsonPointer(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  if (!pointer.startsWith('/')) return undefined;
  let at: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}
