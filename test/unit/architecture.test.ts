import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';

/**
 * Imports point one way (README, "Architecture"): base and env at the bottom, then the profile model,
 * the store (the only writer), auth, and on top the command line and the wizard. Components are drawn
 * by the wizard and know only React, Ink and each other (the theme).
 */
const LAYERS: Record<string, number> = {
  'src/base': 0,
  'src/env': 1,
  'src/model': 2,
  'src/store': 3,
  'src/auth': 4,
  'src/cli': 5,
  flows: 5,
};
/** The one lazy edge upward-sideways: `onboard` loads the wizard bundle, typed by its module. */
const ALLOWED = new Set(['src/cli/commands/onboard-run.ts -> flows/onboard/run.tsx']);
const COMPONENT_PACKAGES = new Set(['react', 'react/jsx-runtime', 'ink']);
/**
 * Inside src/auth the concept's direction (README, "Architecture"): resolution and refresh (credentials/)
 * know no sign-in flow, no status screen and no doctor; sign-in and routing/status build on credentials and
 * know neither each other nor doctor and probe; the shared token-request helpers (the files at the top of
 * src/auth) and secrets/ know none of the folders above them.
 */
const AUTH_ABOVE = ['credentials', 'sign-in', 'routing', 'doctor', 'probe'];
const AUTH_MAY_NOT: Record<string, string[]> = {
  '': AUTH_ABOVE,
  secrets: AUTH_ABOVE,
  credentials: ['sign-in', 'routing', 'doctor', 'probe'],
  'sign-in': ['routing', 'doctor', 'probe'],
  routing: ['sign-in', 'doctor', 'probe'],
};
/** Below everything and pure: a component that draws what was typed or pasted makes it safe with these. */
const COMPONENT_SOURCES = new Set(['src/base/text.ts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every module a file names: static imports and re-exports, import(), and `typeof import()` types. */
export function importsOf(text: string): string[] {
  const found: string[] = [];
  const patterns = [/\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(match[1]!);
  return found;
}

function layerOf(file: string): string | null {
  if (file.startsWith('components/')) return 'components';
  return Object.keys(LAYERS).find((layer) => file.startsWith(`${layer}/`)) ?? null;
}

function resolveImport(from: string, specifier: string): string {
  const target = relative(ROOT, resolve(ROOT, dirname(from), specifier)).replace(/\.js$/, '');
  for (const ext of ['.ts', '.tsx']) {
    try {
      readFileSync(join(ROOT, target + ext));
      return target + ext;
    } catch {
      // try the next extension
    }
  }
  return target;
}

/** A file's folder inside src/auth ('' for the files at its top), or null outside it. */
function authFolderOf(file: string): string | null {
  if (!file.startsWith('src/auth/')) return null;
  return /^src\/auth\/([^/]+)\//.exec(file)?.[1] ?? '';
}

/** Why `file` may not import `specifier`, or null when it may. */
export function violation(file: string, specifier: string): string | null {
  const layer = layerOf(file);
  if (layer === 'components') {
    if (specifier.startsWith('.')) {
      const target = resolveImport(file, specifier);
      return target.startsWith('components/') || COMPONENT_SOURCES.has(target) ? null : `components may not import ${target}`;
    }
    return COMPONENT_PACKAGES.has(specifier) || specifier.startsWith('node:') ? null : `components may not import the package ${specifier}`;
  }
  if (!specifier.startsWith('.') || layer === null) return null;
  const target = resolveImport(file, specifier);
  if (ALLOWED.has(`${file} -> ${target}`)) return null;
  const targetLayer = layerOf(target);
  if (targetLayer === 'components') return layer === 'flows' ? null : `${layer} may not import components (${target})`;
  if (targetLayer === null) return `${file} imports ${target}, outside the layers`;
  if (targetLayer === layer) {
    const [from, to] = [authFolderOf(file), authFolderOf(target)];
    if (from === null || to === null || from === to) return null;
    return AUTH_MAY_NOT[from]?.includes(to) ? `src/auth/${from || '(top)'} may not import src/auth/${to} (${target})` : null;
  }
  return LAYERS[targetLayer]! < LAYERS[layer]! ? null : `${layer} may not import ${targetLayer} (${target})`;
}

describe('architecture: imports point one way', () => {
  const files = ['src', 'flows', 'components'].flatMap(sourceFiles).filter((f) => !f.startsWith('src/launcher/'));

  it('finds the source', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it('no import goes against the layers', () => {
    const problems = files.flatMap((file) =>
      importsOf(readFileSync(join(ROOT, file), 'utf8'))
        .map((specifier) => violation(file, specifier))
        .filter((problem): problem is string => problem !== null)
        .map((problem) => `${file}: ${problem}`),
    );
    expect(problems).toEqual([]);
  });

  it('catches forbidden imports (the rule itself)', () => {
    expect(violation('src/store/store.ts', '../cli/context.js')).toMatch(/store may not import src\/cli/);
    expect(violation('src/model/routing.ts', '../auth/routing/status.js')).toMatch(/model may not import src\/auth/);
    expect(violation('src/base/text.ts', '../env/paths.js')).toMatch(/base may not import src\/env/);
    expect(violation('src/cli/commands/status.ts', '../../../flows/onboard/App.js')).toMatch(/may not import flows/);
    expect(violation('components/ProfileTable.tsx', '../src/auth/routing/status.js')).toMatch(/components may not import/);
    expect(violation('components/TextInput.tsx', 'zod')).toMatch(/components may not import the package/);
    expect(violation('src/auth/routing/status.ts', '../../store/store.js')).toBeNull();
    expect(violation('flows/onboard/App.tsx', '../../components/Spinner.js')).toBeNull();
    // Inside src/auth: source → usable? → refresh at the owner knows no sign-in flow or status screen.
    expect(violation('src/auth/credentials/resolve.ts', '../sign-in/codex-login.js')).toMatch(/credentials may not import src\/auth\/sign-in/);
    expect(violation('src/auth/credentials/resolve.ts', '../routing/status.js')).toMatch(/credentials may not import src\/auth\/routing/);
    expect(violation('src/auth/routing/status.ts', '../sign-in/copy.js')).toMatch(/routing may not import src\/auth\/sign-in/);
    expect(violation('src/auth/token-http.ts', './credentials/resolve.js')).toMatch(/\(top\) may not import src\/auth\/credentials/);
    expect(violation('src/auth/sign-in/adopt.ts', '../credentials/tools.js')).toBeNull();
    expect(violation('src/auth/routing/status.ts', '../credentials/sources.js')).toBeNull();
    expect(violation('src/auth/doctor/stores.ts', '../credentials/holders.js')).toBeNull();
    expect(importsOf("import type { A } from './a.js';\nconst m = await importPackage<typeof import('../b.js')>('x');\nexport { c } from './c.js';")).toEqual([
      './a.js',
      './c.js',
      '../b.js',
    ]);
  });
});
