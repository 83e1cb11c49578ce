// Runs the drop-ins' bundle, dist/cli/index.js (scripts/bundle-cli.js), as a CommonJS module
// compiled from V8's code cache, dist/cli/index.js.cache, when that cache was made from this
// very file (docs/decisions/cli-startup.md): ~250 module reads and most of the compiling
// disappear from every drop-in's start.
const fs = require('fs');
const Module = require('module');
const path = require('path');
const vm = require('vm');

const BUNDLE = path.join(__dirname, '../../dist/cli/index.js');
const cacheOf = (file) => `${file}.cache`;

// V8 checks a cache against the source's length only: the first line of the cache names the
// bundle's size and mtime, so a rebuilt bundle is never run with another build's bytecode.
const stamp = (st) => `${st.size} ${st.mtimeMs}\n`;

function compile(file, source) {
  let cachedData;
  try {
    const buf = fs.readFileSync(cacheOf(file));
    const nl = buf.indexOf(10);
    if (nl > 0 && buf.toString('latin1', 0, nl + 1) === stamp(fs.statSync(file))) cachedData = buf.subarray(nl + 1);
  } catch {
    // No cache (not built yet, or removed): compiled from source, only slower.
  }
  // The wrapper Node's own loader uses, so the bundle sees the usual module scope.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  return new vm.Script(wrapped, { filename: file, cachedData });
}

/** Evaluates the bundle; returns its exports and the compiled script (the build makes the cache from it). */
function load(file = BUNDLE) {
  let source;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`lxcbus: ${file}: ${err.code === 'ENOENT' ? 'not built; run `npm run build`' : err.message}`);
  }
  const script = compile(file, source);
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  return { exports: mod.exports, script };
}

/** Build time: no cache while the bundle is rewritten. */
function removeCache(file = BUNDLE) {
  fs.rmSync(cacheOf(file), { force: true });
}

/** Build time: the code cache of the freshly evaluated bundle (with what its loading compiled). */
function writeCache(file = BUNDLE) {
  removeCache(file);
  const { script } = load(file);
  fs.writeFileSync(cacheOf(file), Buffer.concat([Buffer.from(stamp(fs.statSync(file)), 'latin1'), script.createCachedData()]));
}

module.exports = { load, writeCache, removeCache, BUNDLE };
