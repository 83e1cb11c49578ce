/**
 * Entry of the background launcher that `lxcbus up -d` starts:
 * `node launcher-main.js <up options>`, a foreground `lxcbus up` whose
 * stdout and stderr are <statedir>/logs/stack.log.
 */
import { runStackUp } from './stack-commands';

runStackUp(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`lxcbus up: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
