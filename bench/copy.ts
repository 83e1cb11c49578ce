/**
 * lxc-copy times, lxcbus next to real LXC in the same run, on the same
 * container (busybox from the busybox template, `lxc.net.0.type = empty`):
 * `lxc-copy -s` (overlay snapshot clone) and a full `lxc-copy` (rootfs copied),
 * each followed by an untimed `lxc-destroy` of the clone. Both sides are timed
 * as a user runs them: the command-line tool's wall time (bin/lxc-copy, a Node
 * client talking to the stack, vs /usr/bin/lxc-copy). Runs alternate between
 * the two, after one discarded warm-up. Run by hand as root after `npm run build`:
 *
 *   node dist/bench/copy.js [--runs N]
 */
import { alternate, benchMain, fmt, median, pairLines, run, timed } from './support';

const FLAVOURS = [['lxc-copy -s (overlay snapshot clone)', ['-s']], ['lxc-copy (full copy)', []]] as const;

// With auth, as a user's drop-in connects: bin/lxc-copy is timed whole, its connection included.
benchMain({ name: 'copy', rootFor: 'real containers', runs: 10, auth: true }, async (b, runs) => {
  b.busybox('orig');
  const version = run('/usr/bin/lxc-copy', ['--version']).trim();
  const lines = [`lxc-copy wall time, busybox rootfs, ${runs} runs each (alternating, after 1 discarded warm-up); LXC ${version}`];
  for (const [label, flags] of FLAVOURS) {
    const s = await alternate(runs, (i) => {
      const clone = `cl${i}`;
      const lxcbus = timed(() => b.bus('lxc-copy', ['-n', 'orig', '-N', clone, ...flags]));
      b.bus('lxc-destroy', ['-n', clone]);
      const lxc = timed(() => b.lxc('lxc-copy', ['-n', 'orig', '-N', clone, ...flags]));
      b.lxc('lxc-destroy', ['-n', clone]);
      return { lxcbus, lxc };
    });
    lines.push(label, ...pairLines(s));
  }
  const node = median(Array.from({ length: 5 }, () => timed(() => run(process.execPath, ['-e', '0']))));
  lines.push(`(a bare \`node -e 0\` takes ${fmt(node)} ms here: the drop-in's fixed cost as a Node process)`);
  return lines.join('\n');
});
