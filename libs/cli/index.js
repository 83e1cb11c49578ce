// Compiled entry: the workspace link resolves here. The drop-ins run one bundled file built from
// dist/libs/cli (npm run build:ts, scripts/bundle-cli.js); see bundle-loader.js.
module.exports = require('./bundle-loader').load().exports;
