#!/usr/bin/env node
'use strict';
// Starts dist/cli.cjs with V8's code cache (Node 20 has no module compile cache of its own): every
// command saves the parse and compile of the bundle, a third of `models status`'s start-up. A cache
// from another Node version is rejected by V8 and the bundle compiles as usual.
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Script } = require('node:vm');

const file = join(__dirname, 'cli.cjs');
const cacheFile = join(__dirname, 'cli.cjs.cache');
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const source = readFileSync(file, 'utf8');
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
  filename: file,
  cachedData,
});
if (process.env.OPENCLAW_BUILD_CODE_CACHE === '1') {
  // Build time only: after a representative run, keep the compiled functions for the next start.
  process.on('exit', () => writeFileSync(cacheFile, script.createCachedData()));
}
// Code run by vm.Script has no loader for import(); src/env/import.ts uses this one instead. A package
// name is served from vendor/, where the build bundles each package the sources load this way (so an
// installed openclaw needs no node_modules); anything else (the wizard's file URL) is imported as is.
globalThis[Symbol.for('openclaw.import')] = (specifier) => import(vendorUrl(specifier) ?? specifier);

function vendorUrl(specifier) {
  if (/^(?:[./]|node:|file:|data:)/.test(specifier)) return undefined;
  // '@mariozechner/pi-ai/oauth' -> vendor/mariozechner+pi-ai+oauth.mjs, as scripts/build.mjs names it.
  const vendored = join(__dirname, 'vendor', `${specifier.replace(/^@/, '').replaceAll('/', '+')}.mjs`);
  if (!require('node:fs').existsSync(vendored)) return undefined;
  return require('node:url').pathToFileURL(vendored).href;
}
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, require, bundle, file, __dirname);
