// Bundles the drop-ins' entry as tsc compiled it (dist/libs/cli) with everything it requires
// (bus-client, contracts, zod, nats) into one file, dist/cli/index.js, then writes V8's code
// cache of it (libs/cli/bundle-loader.js). Run by `npm run build:ts` after tsc; prints nothing
// on success. Why: docs/decisions/cli-startup.md.
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');
const { removeCache, writeCache, BUNDLE } = require('../libs/cli/bundle-loader');

const root = path.join(__dirname, '..');

// In one file every module's __dirname would be dist/cli: each bundled module gets its own
// (the shim's path is found from bus-client's), still relative to the bundle so the tree can move.
const ownDirname = {
  name: 'own-dirname',
  setup(build) {
    build.onLoad({ filter: /\.js$/ }, async (args) => {
      const code = await fs.promises.readFile(args.path, 'utf8');
      if (!/\b__(dirname|filename)\b/.test(code)) return undefined;
      const rel = (p) => JSON.stringify(path.relative(path.dirname(BUNDLE), p));
      const dir = `require('path').join(__dirname, ${rel(path.dirname(args.path))})`;
      const file = `require('path').join(__dirname, ${rel(args.path)})`;
      return { contents: code.replace(/\b__dirname\b/g, dir).replace(/\b__filename\b/g, file), loader: 'js' };
    });
  },
};

async function main() {
  removeCache();
  await esbuild.build({
    entryPoints: [path.join(root, 'dist/libs/cli/src/index.js')],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
    plugins: [ownDirname],
    // Not tsconfig.json's paths (they name the TS sources): @lxcbus/* resolve as Node does, to dist/.
    tsconfigRaw: {},
  });
  writeCache();
}

main().catch((err) => {
  process.stderr.write(`bundle-cli: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
