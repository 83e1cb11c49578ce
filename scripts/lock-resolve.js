// Fills in the `resolved` tarball URL of every registry package in package-lock.json
// (this machine's npm omits them), so `npm ci` can take tarballs from the local
// cache by integrity without asking the registry for metadata. Prints nothing;
// writes the lockfile given as argv[2] to argv[3].
const fs = require('fs');
const [src, dst, registry = 'https://registry.npmjs.org/'] = process.argv.slice(2);
const lock = JSON.parse(fs.readFileSync(src, 'utf8'));
const base = registry.endsWith('/') ? registry : `${registry}/`;
for (const [path, entry] of Object.entries(lock.packages || {})) {
  if (!path.includes('node_modules/') || entry.link || entry.resolved || !entry.version || !entry.integrity) continue;
  const name = entry.name || path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
  const leaf = name.startsWith('@') ? name.split('/')[1] : name;
  entry.resolved = `${base}${name}/-/${leaf}-${entry.version}.tgz`;
}
fs.writeFileSync(dst, `${JSON.stringify(lock, null, 2)}\n`);
