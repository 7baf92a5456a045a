import { authProfiles, describeIssue, type AuthProfiles } from '../model/schema.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * Parses JSON text without ever quoting it back: V8's JSON errors can echo part of the input, and the
 * input here holds secrets. Only the position survives.
 */
export function parseJsonText(bytes: Buffer): Parsed<unknown> {
  if (bytes.length === 0) return { ok: false, problem: 'the file is empty' };
  if (bytes.includes(0)) return { ok: false, problem: 'the file holds binary data, not JSON text' };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('\uFFFD')) return { ok: false, problem: 'the file is not UTF-8 text' };
  if (text.trim() === '') return { ok: false, problem: 'the file holds only white space' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const where = /position \d+(?: \(line \d+ column \d+\))?/.exec(String((error as Error).message));
    const truncated = /end of JSON input/i.test(String((error as Error).message));
    const detail = truncated ? ': it ends too early (truncated?)' : where ? ` at ${where[0]}` : '';
    return { ok: false, problem: `the file is not valid JSON${detail}` };
  }
}

export function parseStore(bytes: Buffer): Parsed<AuthProfiles> {
  const json = parseJsonText(bytes);
  if (!json.ok) return json;
  return validateStore(json.value);
}

export function validateStore(value: unknown): Parsed<AuthProfiles> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    return { ok: false, problem: `expected a JSON object with "version" and "profiles", found ${kind}` };
  }
  const version = (value as { version?: unknown }).version;
  if (version !== 1) {
    return {
      ok: false,
      problem:
        version === undefined
          ? 'it has no "version" field (expected 1)'
          : `unsupported version ${JSON.stringify(version)?.slice(0, 20)} (this openclaw reads version 1)`,
    };
  }
  const result = authProfiles.safeParse(value);
  if (!result.success) return { ok: false, problem: describeIssue(result.error) };
  return { ok: true, value: result.data };
}
