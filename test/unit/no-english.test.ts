import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';

/**
 * SPEC 9: every sentence a person reads comes from the catalogue. This reads the sources for string
 * literals handed to what prints or shows text (print, write, errors, warnings, Ink's <Text>, labels, hints,
 * problems) and fails on one that holds English words. Commands (`openclaw …`), ids and file names pass.
 */

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return path === 'src/base/i18n' ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

// A literal right after something that shows text: a call, or a property or prop that is shown.
const SHOWN =
  /\b(?:print|write|warn|intro|outro|info|success|step|UserError|CancelledError|ForeignFileError|CorruptStoreError|PluginShapeError|RefreshSecretError|super|message|label|placeholder|hint|problem|reason|title|empty|summary|detail|text|about)\s*(?:\(|:|=)\s*\{?\s*(?:ctx,\s*)?(['"`])((?:\\.|(?!\1)[^\\])*)\1/g;
// Text between an opening and a closing JSX tag, on one line (in .tsx files).
const JSX_TEXT = /<[A-Za-z][^<>]*>\s*([A-Za-z][^<>{}\n]*?)\s*<\//g;

/** Two English words in a row, once `${…}` values are taken out; commands and file names are not prose. */
function isEnglish(literal: string): boolean {
  const text = literal
    .replace(/\$\{[^}]*\}/g, ' ')
    .replace(/\bopenclaw (onboard|models( auth)?( [a-z-]+)?|agents [a-z]+|channels [a-z]+)\b|\bclaude setup-token\b|\bssh -L \S+/g, ' ')
    .replace(/\bopenclaw\b/g, ' ')
    .trim();
  return /\b[A-Za-z][a-z]+[ ,;:]+[A-Za-z][a-z]+\b/.test(text);
}

export function englishIn(text: string, jsx = true): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(SHOWN)) if (isEnglish(match[2]!)) found.push(match[0]);
  if (jsx) for (const match of text.matchAll(JSX_TEXT)) if (isEnglish(match[1]!)) found.push(match[0]);
  return found;
}

describe('no English sentence outside the catalogue', () => {
  it('finds one where it is (the check can fail)', () => {
    expect(englishIn("print(ctx, 'No credentials yet. Sign in with:');")).toHaveLength(1);
    expect(englishIn('throw new UserError(`Invalid provider ${p}: use lowercase letters.`);')).toHaveLength(1);
    expect(englishIn('<Text bold>Which agent are you setting up?</Text>')).toHaveLength(1);
    expect(englishIn("return { hint: 'not set up' };")).toHaveLength(1);
    expect(englishIn("<TextInput label=\"New agent id\" />")).toHaveLength(1);
    expect(englishIn("print(ctx, t('status.empty'));")).toEqual([]);
    expect(englishIn("print(ctx, `  ${c.accent('openclaw onboard')}`);")).toEqual([]);
    expect(englishIn("print(ctx, 'Run openclaw onboard to fix it');")).toHaveLength(1);
    expect(englishIn("throw new PluginShapeError(`${where} has no label`);")).toHaveLength(1);
  });

  it('none in the sources that are moved to the catalogue', () => {
    const files = sources('src').concat(sources('flows'), sources('components'));
    expect(files.length).toBeGreaterThan(60);
    const found = files.flatMap((file) => englishIn(readFileSync(join(ROOT, file), 'utf8'), file.endsWith('.tsx')).map((hit) => `${file}: ${hit}`));
    expect(found).toEqual([]);
  });
});
