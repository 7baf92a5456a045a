import { t } from '../base/i18n/index.js';
import { protoKeyPath } from '../base/proto-key.js';
import { printable } from '../base/text.js';
import { describeIssue, kindOf } from '../model/issue.js';
import { plainlyValid, schemas, type AuthProfiles } from '../model/schema.js';
import { jsonErrorOffset, lineAndColumn } from './json-where.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * Parses JSON text without ever quoting it back: V8's JSON errors can echo part of the input, and the
 * input here holds secrets. Only the line and column are told. `input` is a file's bytes, or the file
 * read as UTF-8 by Node (readFile(file, 'utf8'), where a byte sequence that is not UTF-8 becomes U+FFFD, as
 * TextDecoder makes it): both are judged alike. A byte-order mark at the start is dropped.
 */
export function parseJsonText(input: Uint8Array | string): Parsed<unknown> {
  if (input.length === 0) return { ok: false, problem: t('store.empty') };
  if (typeof input === 'string' ? input.includes('\0') : input.includes(0)) return { ok: false, problem: t('store.binary') };
  const text = typeof input === 'string' ? (input.charCodeAt(0) === 0xfeff ? input.slice(1) : input) : new TextDecoder('utf-8', { fatal: false }).decode(input);
  if (text.includes('\uFFFD')) return { ok: false, problem: t('store.notUtf8') };
  if (text.trim() === '') return { ok: false, problem: t('store.blank') };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    // Our own scan says where, in the user's language: V8's message is English (and may quote the input).
    const at = jsonErrorOffset(text);
    if (at === null) return { ok: false, problem: t('store.notJson') };
    if (at >= text.length) return { ok: false, problem: t('store.truncated') };
    return { ok: false, problem: t('store.notJsonAt', lineAndColumn(text, at)) };
  }
}

export function parseStore(input: Uint8Array | string): Parsed<AuthProfiles> {
  const json = parseJsonText(input);
  if (!json.ok) return json;
  // Before validation, which would drop the key (and a rewrite lose what it held): refused, left as it is.
  const proto = protoKeyPath(json.value);
  if (proto !== null) return { ok: false, problem: t('store.protoKey', { where: printable(proto, 120) }) };
  return validateStore(json.value);
}

export function validateStore(value: unknown): Parsed<AuthProfiles> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, problem: t('store.notObject', { kind: kindOf(value) }) };
  }
  const version = (value as { version?: unknown }).version;
  if (version !== 1) {
    return {
      ok: false,
      problem: version === undefined ? t('store.noVersion') : t('store.badVersion', { version: String(JSON.stringify(version)?.slice(0, 20)) }),
    };
  }
  // A store in the usual shape needs no zod (see plainlyValid); zod decides the rest and names the problem.
  if (plainlyValid(value)) return { ok: true, value };
  const result = schemas().authProfiles.safeParse(value);
  if (!result.success) return { ok: false, problem: describeIssue(result.error, value) };
  return { ok: true, value: result.data };
}
