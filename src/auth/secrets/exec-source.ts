import { lstat } from '../../base/fs.js';
import { isAbsolute, resolve, sep } from 'node:path';
import { UserError } from '../../base/errors.js';
import { t } from '../../base/i18n/index.js';
import type { Env } from '../../base/io.js';
import { refLabel, type SecretRef } from '../../model/secret-ref.js';
import { expandHome } from './file-source.js';
import { runProgram } from './run.js';
import { EXEC_MAX_OUTPUT_BYTES, EXEC_TIMEOUT_MS, type ExecProvider } from './providers.js';

/** The per-id error codes OpenClaw shows (docs: gateway/secrets, "Exec provider"); any other is not shown. */
const RECOGNISED_CODES = new Set(['NOT_FOUND', 'AMBIGUOUS_DUPLICATE_KEY']);

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(4, '0');

/**
 * SPEC 12's exec source: the provider's absolute `command` run directly (no shell), after checking it is
 * a regular file of this user, not a symbolic link, not writable by group or others (and inside one of its
 * `trustedDirs` when given); `args` as given; an environment of `passEnv` (and the provider's `env`) only;
 * the protocol v1 request on stdin; cut at `timeoutMs` and `maxOutputBytes`.
 *
 * What the resolver prints can hold the secret: nothing of its stderr, and nothing of its stdout but the
 * value asked for and a recognised error code, ever reaches a message.
 */
export async function resolveExecRef(ref: SecretRef, provider: ExecProvider, env: Env): Promise<string> {
  const label = refLabel(ref);
  const command = expandHome(provider.command, env);
  const fail = (why: string): never => {
    throw new UserError(t('ref.execFailed', { ref: label, command, why }));
  };
  await assertTrustedCommand(command, provider, env, fail);
  const childEnv: Record<string, string> = {};
  for (const name of provider.passEnv ?? []) {
    const value = env[name];
    if (value !== undefined) childEnv[name] = value;
  }
  Object.assign(childEnv, provider.env ?? {});
  const request = `${JSON.stringify({ protocolVersion: 1, provider: ref.provider, ids: [ref.id] })}\n`;
  // What it says on stderr is never shown (it may hold the secret): runProgram drops it unless asked.
  const run = await runProgram(command, provider.args ?? [], {
    env: childEnv,
    input: request,
    timeoutMs: provider.timeoutMs ?? EXEC_TIMEOUT_MS,
    maxOutputBytes: provider.maxOutputBytes ?? EXEC_MAX_OUTPUT_BYTES,
  });
  switch (run.kind) {
    case 'spawn-failed':
      return fail(t('ref.why.spawn', { code: run.code }));
    case 'timeout':
      return fail(t('ref.why.timeout', { ms: provider.timeoutMs ?? EXEC_TIMEOUT_MS }));
    case 'too-much':
      return fail(t('ref.why.tooMuch', { max: provider.maxOutputBytes ?? EXEC_MAX_OUTPUT_BYTES }));
    case 'exited':
      if (run.code !== 0) return fail(run.signal ? t('ref.why.signal', { signal: run.signal }) : t('ref.why.exit', { code: String(run.code) }));
      return valueFrom(ref, provider, run.stdout, fail);
  }
}

async function assertTrustedCommand(command: string, provider: ExecProvider, env: Env, fail: (why: string) => never): Promise<void> {
  if (!isAbsolute(command)) fail(t('ref.why.notAbsolute'));
  const info = await lstat(command).catch((error: NodeJS.ErrnoException) => fail(error.code === 'ENOENT' ? t('ref.why.missing') : t('ref.why.unreadable', { code: error.code ?? 'EIO' })));
  if (info.isSymbolicLink()) fail(t('ref.why.symlink'));
  if (!info.isFile()) fail(t('ref.why.notFile'));
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) fail(t('ref.why.owner', { uid: info.uid }));
  if ((info.mode & 0o022) !== 0) fail(t('ref.why.writable', { mode: octal(info.mode) }));
  const dirs = provider.trustedDirs;
  if (dirs !== undefined) {
    const inside = dirs.some((dir) => {
      const root = resolve(expandHome(dir, env));
      return command.startsWith(root.endsWith(sep) ? root : root + sep);
    });
    if (!inside) fail(t('ref.why.untrustedDir'));
  }
}

/** The answer `{"protocolVersion": 1, "values": {…}, "errors"?: {…}}`, or plain stdout when `jsonOnly` is false. */
function valueFrom(ref: SecretRef, provider: ExecProvider, stdout: string, fail: (why: string) => never): string {
  let answer: unknown;
  try {
    answer = JSON.parse(stdout);
  } catch {
    if (provider.jsonOnly === false) {
      const plain = stdout.replace(/\r?\n$/, '');
      return plain === '' ? fail(t('ref.why.noValue')) : plain;
    }
    return fail(t('ref.why.notProtocol'));
  }
  if (typeof answer !== 'object' || answer === null || (answer as { protocolVersion?: unknown }).protocolVersion !== 1) {
    return fail(t('ref.why.notProtocol'));
  }
  const { values, errors } = answer as { values?: unknown; errors?: unknown };
  const value = typeof values === 'object' && values !== null && Object.hasOwn(values, ref.id) ? (values as Record<string, unknown>)[ref.id] : undefined;
  if (typeof value === 'string' && value !== '') return value;
  const error = typeof errors === 'object' && errors !== null && Object.hasOwn(errors, ref.id) ? (errors as Record<string, unknown>)[ref.id] : undefined;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && RECOGNISED_CODES.has(code)) return fail(code);
  return fail(t('ref.why.noValue'));
}
