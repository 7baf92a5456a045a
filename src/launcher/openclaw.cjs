#!/usr/bin/env node
'use strict';
// Starts dist/fast.cjs (the lines of src/cli/fast-path.ts: `models status`, `models auth token --provider p`)
// or dist/cli.cjs (every other line) with a code cache made by the Node that runs it: the parse and compile of
// the bundle are a third of `models status`'s start-up. It is V8's code cache through vm.Script: the one shipped beside
// the bundle was made by the build's Node; another Node (or other V8 flags) would reject it and compile from
// scratch, so a cache for this Node is written once to the user's cache folder ($XDG_CACHE_HOME/openclaw,
// else ~/.cache/openclaw; never the package's), and used from then on.
// Every cache file names the Node (and flags) and the bundle it was made for, its length and a checksum. V8's
// release builds do not check a cache's contents (a damaged one crashes Node 20), so a file that is damaged,
// cut short or made for something else is never handed to V8.
// scripts/build.mjs ships this file without its comments and spacing (Node compiles it from its text at every start).
const fs = require('node:fs');
const { dirname, join } = require('node:path');

// src/cli/fast-path.ts's lineKind(), put in by scripts/build.mjs as `var fastPath = …`: which bundle runs this
// line (dist/fast.cjs or dist/cli.cjs), and which of dist/cli.cjs's two code caches it takes.
/* __OPENCLAW_FAST_PATH__ */
const kind = fastPath.lineKind(process.argv);
/** Each bundle's identity (a hash of it), put in by scripts/build.mjs. */
const BUNDLES = { cli: '__OPENCLAW_CLI_ID__', fast: '__OPENCLAW_FAST_ID__', wizard: '__OPENCLAW_WIZARD_ID__' };
/** The build names the one cache it is making (fast, fast.token, cli, cli.help or wizard): only that one is written. */
const building = process.env.OPENCLAW_BUILD_CODE_CACHE || null;
const MAGIC = 'openclaw-code-cache 1 ';

// Code run by vm.Script has no loader for import(); src/env/import.ts uses this one instead. A package
// name is served from vendor/, where the build bundles each package the sources load this way (so an
// installed openclaw needs no node_modules); anything else is imported as is. The first such import turns on
// Node's compile cache (see compileCacheOn).
globalThis[Symbol.for('openclaw.import')] = (specifier) => {
  compileCacheOn();
  return import(vendorUrl(specifier) ?? specifier);
};

function vendorUrl(specifier) {
  if (/^(?:[./]|node:|file:|data:)/.test(specifier)) return undefined;
  // '@mariozechner/pi-ai/oauth' -> vendor/mariozechner+pi-ai+oauth.mjs, as scripts/build.mjs names it.
  const vendored = join(__dirname, 'vendor', `${specifier.replace(/^@/, '').replaceAll('/', '+')}.mjs`);
  if (!fs.existsSync(vendored)) return undefined;
  return require('node:url').pathToFileURL(vendored).href;
}

/** `$XDG_CACHE_HOME/openclaw` (an absolute one), else `~/.cache/openclaw`; null when there is no home. */
function userCacheDir() {
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg && xdg.startsWith('/')) return join(xdg, 'openclaw');
  let home = process.env.HOME;
  if (!home) {
    try {
      home = require('node:os').homedir();
    } catch {
      return null;
    }
  }
  return home ? join(home, '.cache', 'openclaw') : null;
}

const cacheDir = building ? null : userCacheDir();

/**
 * Node 22.1+: Node's own compile cache for the modules loaded through Node's loaders (the vendored packages),
 * in the user's cache folder; Node checks each entry before use. Turned on at the first such import, not at
 * start: on Node 24 turning it on cost every `models status` ~0.7 ms, and status imports none. Never fatal:
 * without a writable folder they compile as usual. Asked only of a Node that can have it (loading node:module
 * costs Node 20 about 0.4 ms).
 */
let compileCacheAsked = false;
function compileCacheOn() {
  if (compileCacheAsked || !cacheDir) return;
  compileCacheAsked = true;
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 1)) require('node:module').enableCompileCache?.(join(cacheDir, 'compile-cache'));
}
// The wizard (dist/wizard.cjs) is loaded the same way when `onboard` asks for it (src/cli/commands/onboard.ts).
globalThis[Symbol.for('openclaw.loadBundle')] = (name) => loadBundle(name, name, cacheDir);
if (kind === 'status' || kind === 'token') loadBundle('fast', kind === 'token' ? 'fast.token' : 'fast', cacheDir);
else loadBundle('cli', kind === 'help' ? 'cli.help' : 'cli', cacheDir);

/**
 * Runs dist/<name>.cjs through vm.Script with V8's code cache `<cacheName>`, made after a whole run (on Node 24
 * a status runs ~15% fewer instructions with it than with Node's compile cache, which holds only the functions
 * compiled before the bundle runs), and returns its exports.
 */
function loadBundle(name, cacheName, dir) {
  const { Script } = require('node:vm');
  const file = join(__dirname, `${name}.cjs`);
  const bundleId = BUNDLES[name];
  // dist/<name>.cjs.cache, or dist/<name>.cjs.<line>.cache for cache <name>.<line> (cli.help, fast.token).
  const shipped = join(__dirname, `${name}.cjs${cacheName.slice(name.length)}.cache`);
  const making = building === cacheName;
  // V8's cache is for one V8 (one Node) and one set of V8 flags. The shipped one is taken when it names this
  // Node; one in the user's cache folder was written because V8 rejected that one here, and comes first.
  const node = `${process.version} ${process.arch}`;
  const setup = [node, ...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
  const userName = `${cacheName}-${bundleId.slice(0, 16)}-${textHash(setup)}`;
  const userFile = dir && join(dir, `${userName}.cache`);
  let cachedData = userFile ? readCache(userFile, setup, bundleId, (data, sum, info) => checkedOnce(userFile, userName, data, sum, info, dir)) : undefined;
  if (cachedData === undefined && !making) {
    // The stamp's name holds the package's path too: two installs of one build keep a stamp each.
    cachedData = readCache(shipped, node, bundleId, (data, sum, info) => checkedOnce(shipped, `shipped-${cacheName}-${bundleId.slice(0, 16)}-${textHash(__dirname)}`, data, sum, info, dir));
  }
  // The bundle is one function expression, (function (exports, require, module, __filename, __dirname) {…}).
  const script = new Script(fs.readFileSync(file, 'utf8'), { filename: file, cachedData });
  const target = making ? shipped : !building && (cachedData === undefined || script.cachedDataRejected) && userFile;
  if (target) {
    // After this run, so that the functions it compiled are in the cache for the next start.
    process.on('exit', () => writeCache(target, making ? node : setup, bundleId, script.createCachedData(), !making));
  }
  const bundle = { exports: {} };
  script.runInThisContext()(bundle.exports, require, bundle, file, __dirname);
  return bundle.exports;
}

/**
 * The cache's data when `path` is a cache for this key and bundle, of the length it says and passing
 * `whole(data, sum, info)`; else undefined.
 */
function readCache(path, key, bundleId, whole) {
  let info;
  let bytes;
  try {
    // Most runs have no cache in the user's folder: asked without an exception (~0.3 ms to make one).
    info = fs.statSync(path, { throwIfNoEntry: false });
    if (!info) return undefined;
    // Read by hand into an array of the size just seen: readFileSync() without an encoding costs ~0.3 ms more
    // at its first call. A file that has grown since is cut short (and so fails the length check).
    const fd = fs.openSync(path, 'r');
    try {
      bytes = new Uint8Array(info.size);
      let got = 0;
      for (let n; got < bytes.length && (n = fs.readSync(fd, bytes, got, bytes.length - got, got)) > 0; ) got += n;
      if (got < bytes.length) bytes = bytes.subarray(0, got);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
  // The header is read byte by byte: Buffer's own toString() and indexOf() cost ~0.2 ms at their first call.
  const limit = Math.min(bytes.length, 1024);
  let end = 0;
  while (end < limit && bytes[end] !== 10) end++;
  if (end === limit) return undefined;
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) return undefined;
  let header;
  try {
    // Written by writeCache() in ASCII: one char a byte.
    header = JSON.parse(String.fromCharCode.apply(null, bytes.subarray(MAGIC.length, end)));
  } catch {
    return undefined;
  }
  const data = bytes.subarray(end + 1);
  if (header === null || header.key !== key || header.bundle !== bundleId || header.length !== data.length) return undefined;
  return whole(data, header.sum, info) ? data : undefined;
}

/**
 * A cache's checksum costs about 2 ms on Node 20, so each cache file (the shipped one, or one in the user's
 * folder) is checked once: a stamp `<stampName>-<seen>.ok` in the user's cache folder, its name a hash of the
 * file as it was then (path, inode, size, times): any write to the file since changes them, and so the name
 * looked for. Without a cache folder it is checked every time.
 */
function checkedOnce(path, stampName, data, sum, info, dir) {
  const seen = `${path} ${info.ino} ${info.size} ${info.mtimeMs} ${info.ctimeMs}`;
  const stamp = dir && join(dir, `${stampName}-${textHash(seen)}.ok`);
  if (stamp && fs.statSync(stamp, { throwIfNoEntry: false })) return true;
  if (checksum(data) !== sum) return false;
  if (stamp) {
    writePrivately(stamp, Buffer.from(seen));
    // The stamps of this file as it was before are of no more use.
    try {
      for (const name of fs.readdirSync(dir)) {
        if (name.startsWith(`${stampName}-`) && name.endsWith('.ok') && join(dir, name) !== stamp) fs.rmSync(join(dir, name), { force: true });
      }
    } catch {
      // left for the next stamp to take away
    }
  }
  return true;
}

/** Two FNV-1a hashes of a string's UTF-16 units, in base 36 (part of a stamp's or a user cache's file name, not a secret). */
function textHash(text) {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x5bd1e995) ^ (b >>> 15);
  }
  return `${(a >>> 0).toString(36)}${(b >>> 0).toString(36)}`;
}

function writeCache(path, key, bundleId, data, privately) {
  let header = `${MAGIC}${JSON.stringify({ key, bundle: bundleId, length: data.length, sum: checksum(data) })}`;
  // Padded so that the data starts on a 4-byte boundary (checksum reads it as 32-bit words).
  header = `${header.padEnd(Math.ceil((header.length + 1) / 4) * 4 - 1)}\n`;
  const bytes = Buffer.concat([Buffer.from(header, 'latin1'), data]);
  if (privately) writePrivately(path, bytes);
  else fs.writeFileSync(path, bytes);
}

/** Written whole or not at all (a temporary file renamed), 0600 in a 0700 folder; a failure costs nothing more. */
function writePrivately(path, bytes) {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    fs.writeFileSync(temp, bytes, { mode: 0o600 });
    fs.renameSync(temp, path);
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // nothing left to do
    }
  }
}

/** Two running sums of the data's 32-bit words (and of its last bytes), and its length: any change shows. */
function checksum(bytes) {
  const words = bytes.length >> 2;
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : Uint8Array.prototype.slice.call(bytes);
  const view = new Int32Array(aligned.buffer, aligned.byteOffset, words);
  let a = 0;
  let b = 0;
  for (let i = 0; i < words; i++) {
    a = (a + view[i]) | 0;
    b = (b + a) | 0;
  }
  for (let i = words * 4; i < bytes.length; i++) {
    a = (a + bytes[i]) | 0;
    b = (b + a) | 0;
  }
  return ((a ^ Math.imul(b, 31)) >>> 0) + bytes.length * 0x100000000;
}
