// Compiled entry: the workspace link resolves here; the code lives in dist/ (npm run build:ts).
module.exports = require('../../dist/libs/stack/src/index.js');
