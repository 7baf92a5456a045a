import { KeychainError, systemKeychain, type Keychain } from '../auth/secrets/keychain/index.js';
import type { Env } from '../base/io.js';
import { EXEC_ID_PATTERN } from '../model/secret-ref.js';

/**
 * `openclaw-keychain` (dist/openclaw-keychain.cjs): the exec resolver that keychain references name
 * (SPEC 12), so that OpenClaw resolves them too. OpenClaw's protocol v1: the request
 * `{"protocolVersion": 1, "provider", "ids"}` on stdin, the answer `{"protocolVersion": 1, "values",
 * "errors"?}` on stdout; an id without an item is `NOT_FOUND`. Nothing but the answer is printed, and a
 * keychain's own words never go into it.
 */
export interface ResolverAnswer {
  protocolVersion: 1;
  values: Record<string, string>;
  errors?: Record<string, { code: string }>;
}

const MAX_REQUEST = 1024 * 1024;

export async function answer(requestText: string, keychain: Keychain): Promise<{ answer: ResolverAnswer } | { usage: string }> {
  let request: unknown;
  try {
    request = JSON.parse(requestText);
  } catch {
    return { usage: 'openclaw-keychain: expected a protocol v1 request (JSON) on stdin' };
  }
  const { protocolVersion, ids } = (typeof request === 'object' && request !== null ? request : {}) as { protocolVersion?: unknown; ids?: unknown };
  if (protocolVersion !== 1 || !Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
    return { usage: 'openclaw-keychain: expected {"protocolVersion": 1, "provider": …, "ids": […]}' };
  }
  const values: Record<string, string> = {};
  const errors: Record<string, { code: string }> = {};
  for (const id of ids as string[]) {
    if (!EXEC_ID_PATTERN.test(id)) {
      errors[id] = { code: 'INVALID_ID' };
      continue;
    }
    try {
      const value = await keychain.lookup(id);
      if (value === null || value === '') errors[id] = { code: 'NOT_FOUND' };
      else values[id] = value;
    } catch (error) {
      if (!(error instanceof KeychainError)) throw error;
      errors[id] = { code: error.problem === 'locked' ? 'KEYCHAIN_LOCKED' : 'KEYCHAIN_UNAVAILABLE' };
    }
  }
  return { answer: Object.keys(errors).length > 0 ? { protocolVersion: 1, values, errors } : { protocolVersion: 1, values } };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_REQUEST) break;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function main(env: Env = process.env): Promise<void> {
  const result = await answer(await readAll(process.stdin), systemKeychain(env));
  if ('usage' in result) {
    process.stderr.write(`${result.usage}\n`);
    process.exitCode = 2;
    return;
  }
  process.stdout.write(`${JSON.stringify(result.answer)}\n`);
}

// The bundle's entry (scripts/build.mjs) calls main(); importing this module (tests) runs nothing.
