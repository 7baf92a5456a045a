import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useLang } from '../../src/base/i18n/index.js';
import { schemas } from '../../src/model/schema.js';
import { describeIssue } from '../../src/model/issue.js';
import { jsonErrorOffset } from '../../src/store/json-where.js';
import { parseStore } from '../../src/store/parse.js';

// What a person reads about a bad store: where (the JSON path) and what is wrong, in plain words and in the
// language in use; never zod's or V8's English, never a value from the file.
const problemOf = (text: string) => {
  const parsed = parseStore(Buffer.from(text));
  return parsed.ok ? 'ok' : parsed.problem;
};
const token = (fields: object) => JSON.stringify({ version: 1, profiles: { 'anthropic:default': { type: 'token', provider: 'anthropic', token: 'sk-secret', ...fields } } });

const cases: [string, string, string][] = [
  ['[]', 'expected a JSON object with "version" and "profiles", found an array', '應為含有 "version" 與 "profiles" 的 JSON 物件，實際是陣列'],
  ['{"version":1}', 'profiles: missing (expected an object)', 'profiles：缺少這個欄位（應為物件）'],
  ['{"version":1,"profiles":[]}', 'profiles: expected an object, found an array', 'profiles：應為物件，實際是陣列'],
  ['{"version":"1","profiles":{}}', 'unsupported version "1" (this openclaw reads version 1)', '不支援的版本 "1"（這個 openclaw 只讀取版本 1）'],
  [
    token({ expires: 'soon' }),
    'profiles.anthropic:default.expires: expected a number, found a string',
    'profiles.anthropic:default.expires：應為數字，實際是字串',
  ],
  [token({ expires: -1 }), 'profiles.anthropic:default.expires: must not be negative', 'profiles.anthropic:default.expires：不可為負數'],
  [token({ token: '' }), 'profiles.anthropic:default.token: must not be empty', 'profiles.anthropic:default.token：不可為空'],
  [
    token({ type: 'bogus' }),
    'profiles.anthropic:default.type: not one of the allowed values (token, oauth, api_key)',
    'profiles.anthropic:default.type：不是允許的值（可用的值：token、oauth、api_key）',
  ],
  [
    token({ type: undefined }),
    'profiles.anthropic:default.type: missing (expected one of: token, oauth, api_key)',
    'profiles.anthropic:default.type：缺少這個欄位（應為以下其中之一：token、oauth、api_key）',
  ],
  [
    token({ provider: 'openai' }),
    'profiles.anthropic:default: profile id "anthropic:default" names provider "anthropic" but the profile is for "openai"',
    'profiles.anthropic:default：設定檔 id "anthropic:default" 指的是供應商 "anthropic"，但這個設定檔屬於「openai」',
  ],
  [
    '{"version":1,"profiles":{},"usageStats":{"anthropic:a":{"lastUsed":"yesterday"}}}',
    'usageStats.anthropic:a.lastUsed: expected a number, found a string',
    'usageStats.anthropic:a.lastUsed：應為數字，實際是字串',
  ],
  [
    '{"version":1,"profiles":{},"usageStats":{"a:b":{"errorCount":1.5}}}',
    'usageStats.a:b.errorCount: expected a whole number, found a number with a fraction',
    'usageStats.a:b.errorCount：應為整數，實際是帶小數的數字',
  ],
  ['{"version":1,"profiles":{},"order":{"a":["x",null]}}', 'order.a[1]: expected a string, found null', 'order.a[1]：應為字串，實際是空值（null）'],
  ['{"version":1,"profiles":{"a":1}}   x', 'the file is not valid JSON at line 1, column 36', '檔案不是有效的 JSON（第 1 行第 36 欄）'],
  ['{"version": 1,\n  "profiles": {"a": }}', 'the file is not valid JSON at line 2, column 21', '檔案不是有效的 JSON（第 2 行第 21 欄）'],
  ['{"version": 1, "profiles": {', 'the file is not valid JSON: it ends too early (truncated?)', '檔案不是有效的 JSON：內容提早結束（是否被截斷？）'],
];

let restore: (() => void) | undefined;
afterEach(() => restore?.());

describe('a bad store, in words', () => {
  it.each(cases)('%s (English)', (text, en) => {
    expect(problemOf(text)).toBe(en);
  });

  it.each(cases)('%s (zh-Hant)', async (text, _en, zh) => {
    restore = await useLang('zh-Hant');
    expect(problemOf(text)).toBe(zh);
  });

  it('never quotes a value from the file', () => {
    for (const fields of [{ expires: 'sk-secret' }, { type: 'sk-secret' }]) expect(problemOf(token(fields))).not.toContain('sk-secret');
    expect(problemOf('{"version":1,"profiles":{"a":"sk-secret" x}}')).not.toContain('sk-secret');
  });

  it('a legacy file: the path of its first problem', () => {
    const value = { 'openai-codex': { access: 'a', refresh: 'r', expires: '2025' } };
    const result = schemas().legacyOAuthFile.safeParse(value);
    expect(result.success).toBe(false);
    expect(describeIssue(result.error!, value)).toBe('openai-codex.expires: expected a number, found a string');
    const top = schemas().legacyOAuthFile.safeParse([]);
    expect(describeIssue(top.error!, [])).toBe('the top level: expected an object, found an array');
  });
});

describe('jsonErrorOffset', () => {
  it('finds where JSON.parse stops, or the end when the text ends too early', () => {
    const at = (text: string) => jsonErrorOffset(text);
    expect(at('{"a":1}')).toBeNull();
    expect(at('{"a":}')).toBe(5);
    expect(at('{"a" 1}')).toBe(5);
    expect(at('{"a":1,}')).toBe(7);
    expect(at('{"a":01}')).toBe(6);
    expect(at('[1 2]')).toBe(3);
    expect(at('{a:1}')).toBe(1);
    expect(at('{"a":tru}')).toBe(8);
    expect(at('"x\ny"')).toBe(2);
    expect(at('"\\q"')).toBe(2);
    expect(at('\uFEFF{}')).toBe(0);
    expect(at('{"a":1')).toBe(6);
    expect(at('[-]')).toBe(2);
    expect(at('['.repeat(200_000))).toBeNull();
  });
});

describe('a store file read as bytes or as text', () => {
  // The store is read as UTF-8 text by Node (src/store/store.ts); other files as bytes: both are judged alike.
  const valid = JSON.stringify({ version: 1, profiles: {} });
  it.each([
    ['empty', Buffer.alloc(0), 'the file is empty'],
    ['a NUL byte', Buffer.from(`${valid}\u0000`), 'binary'],
    ['not UTF-8', Buffer.concat([Buffer.from('{"version":1,"profiles":{},"x":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]), 'UTF-8'],
    ['a byte-order mark first', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(valid)]), 'ok'],
    ['a 0 in it (the digit, not a NUL)', Buffer.from(JSON.stringify({ version: 1, profiles: {}, n: 0 })), 'ok'],
  ])('%s', (_name, bytes, expected) => {
    const { dir, file } = { dir: mkdtempSync(join(tmpdir(), 'openclaw-parse-')), file: 'store.json' };
    try {
      writeFileSync(join(dir, file), bytes);
      const asText = parseStore(readFileSync(join(dir, file), 'utf8'));
      const asBytes = parseStore(bytes);
      expect(asText).toEqual(asBytes);
      expect(asBytes.ok ? 'ok' : asBytes.problem).toContain(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
