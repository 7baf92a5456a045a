import type * as z from 'zod/mini';
import { t } from '../base/i18n/index.js';
import { redact } from '../base/redact.js';
import { printable } from '../base/text.js';

/** Keys from a file on disk shown in a message: no control characters, a sane length. */
export const safe = (text: string) => printable(redact(text, [], 60), 60);

/** What a JSON value is, in words (never the value itself: it may be a secret). */
export function kindOf(value: unknown): string {
  if (value === null) return t('kind.null');
  if (Array.isArray(value)) return t('kind.array');
  switch (typeof value) {
    case 'number':
      return t(Number.isInteger(value) ? 'kind.number' : 'kind.fraction');
    case 'string':
      return t('kind.string');
    case 'boolean':
      return t('kind.boolean');
    case 'object':
      return t('kind.object');
    default:
      return t('issue.invalid');
  }
}

/** zod's names of what it expected, as the words of kindOf. */
function expectedKind(expected: string): string | null {
  if (expected === 'record' || expected === 'object') return t('kind.object');
  if (expected === 'int') return t('kind.int');
  if (expected === 'array' || expected === 'string' || expected === 'number' || expected === 'boolean' || expected === 'null') {
    return t(`kind.${expected}`);
  }
  return null;
}

const MISSING = Symbol('missing');

/** The value at `path` inside `root`, or MISSING where a step has no own property. */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return MISSING;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const list = (values: readonly unknown[]) => values.map((v) => safe(String(v))).join(t('list.join'));

/** What is wrong at the issue's place, in plain words; `found` is the value there (MISSING when absent). */
function whatIsWrong(issue: z.core.$ZodIssue, found: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = expectedKind(issue.expected);
      if (expected === null) break;
      if (found === MISSING || found === undefined) return t('issue.missing', { expected });
      return t('issue.type', { expected, found: kindOf(found) });
    }
    case 'invalid_value':
      if (found === MISSING) return t('issue.missingOneOf', { values: list(issue.values) });
      return t('issue.oneOf', { values: list(issue.values) });
    case 'invalid_union': {
      const options = optionsOf(issue);
      if (options.length === 0) break;
      return found === MISSING ? t('issue.missingOneOf', { values: list(options) }) : t('issue.oneOf', { values: list(options) });
    }
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return t('issue.empty');
      if (issue.origin === 'array' || issue.origin === 'set') return t('issue.fewItems', { limit: String(issue.minimum) });
      if (Number(issue.minimum) === 0 && issue.inclusive !== false) return t('issue.negative');
      return t('issue.atLeast', { limit: String(issue.minimum) });
    case 'too_big':
      if (issue.origin === 'array' || issue.origin === 'set') return t('issue.manyItems', { limit: String(issue.maximum) });
      return t('issue.atMost', { limit: String(issue.maximum) });
    case 'unrecognized_keys':
      return t('issue.unknownKeys', { keys: list(issue.keys) });
    case 'invalid_key':
      return t('issue.badKey');
    case 'invalid_format':
      return t('issue.format');
    case 'custom':
      // Our own checks word their problem through the catalogue and hand it over as `params.problem`.
      if (typeof issue.params?.problem === 'string') return issue.params.problem;
      break;
  }
  return t('issue.invalid');
}

/** The values a discriminated union takes (`type`: token, oauth, api_key); none for a plain union. */
function optionsOf(issue: z.core.$ZodIssueInvalidUnion): readonly unknown[] {
  return 'options' in issue && Array.isArray(issue.options) ? issue.options : [];
}

/** A plain union's first failing branch says more than "no branch matched". */
function innermost(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union' || optionsOf(issue).length > 0) return issue;
  const inner = issue.errors[0]?.[0];
  return inner ? innermost({ ...inner, path: [...issue.path, ...inner.path] }) : issue;
}

/**
 * One line that says where a parse failed (the JSON path, `profiles.anthropic:default.expires`) and what is
 * wrong there in plain words: missing, a wrong kind of value, not an allowed value. `input` is what was
 * parsed, so that the line can say what kind of value was found; values themselves are never quoted.
 */
export function describeIssue(error: z.core.$ZodError, input: unknown): string {
  const first = error.issues[0];
  if (!first) return t('store.invalid');
  const issue = innermost(first);
  const where = issue.path.length
    ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${safe(String(p))}`)).join('').replace(/^\./, '')
    : t('store.topLevel');
  return t('store.issue', { where, message: whatIsWrong(issue, valueAt(input, issue.path)) });
}
