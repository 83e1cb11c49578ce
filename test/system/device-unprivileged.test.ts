/**
 * lxc-device on root-run unprivileged containers (lxc.idmap u/g 0 100000 65536), side by side
 * with real LXC: liblxc makes nodes from inside the container's user namespace, where host root
 * is unmapped, so adding a node fails with EOVERFLOW (a missing parent directory first, else
 * the node) and the same log lines; removing a node that is not there succeeds; a link put in
 * by hand is moved back out.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describeSystem, startStack, type Stack } from './support/stack-harness';
import { lxcbusSide, probeSkipReason, RealLxc, realLxcSkipReason, type Side } from './support/lxc-side';
import { dropRootRange, ensureRootRange } from './support/root-range';

jest.setTimeout(240_000);

const MAP = ['lxc.net.0.type = empty', 'lxc.idmap = u 0 100000 65536', 'lxc.idmap = g 0 100000 65536'];

/** Real LXC also logs its failed /proc/1/ns/net probe on add (a sandbox artefact); compared without it. */
const clean = (s: string) => s.split('\n').filter((l) => !/switch_to_ns|is_interface/.test(l)).join('\n');

describeSystem('lxc-device on unprivileged containers', () => {
  const reason = probeSkipReason() ?? realLxcSkipReason();
  if (reason) console.warn(`device-unprivileged: skipped: ${reason}`);
  const itBoth = reason ? it.skip : it;
  const tag = `${process.pid % 100000}`;
  const name = `du${tag}`;
  const links: string[] = [];
  let added: string[] = [];
  let dir: string;
  let stack: Stack;
  let real: RealLxc;
  let ours: Side;
  let theirs: Side;

  beforeAll(async () => {
    real = new RealLxc();
    if (reason) return;
    added = ensureRootRange();
    dir = mkdtempSync(join(tmpdir(), 'lxcbus-devu-'));
    chmodSync(dir, 0o755);
    const conf = join(dir, 'default.conf');
    writeFileSync(conf, MAP.map((l) => `${l}\n`).join(''));
    stack = await startStack({ defaultConfig: conf });
    chmodSync(dirname(stack.lxcpath), 0o755);
    expect(stack.lxc('lxc-create', ['-t', 'busybox', '-n', name], { timeoutMs: 120_000 })).toMatchObject({ code: 0 });
    ours = lxcbusSide(stack, name);
    chmodSync(real.lxcpath, 0o755);
    execFileSync('lxc-create', ['-P', real.lxcpath, '-n', name, '-t', 'busybox', '-f', conf], { stdio: 'ignore' });
    theirs = real.side(name);
    for (const s of [ours, theirs]) expect(s.run('lxc-start', ['-n', name])).toMatchObject({ code: 0 });
  });

  afterAll(async () => {
    for (const l of links) spawnSync('ip', ['link', 'del', l]);
    spawnSync('lxc-stop', ['-P', real.lxcpath, '-n', name, '-k']);
    real?.cleanup();
    await stack?.stop().catch((err: unknown) => console.warn(`stack cleanup: ${String(err)}`));
    dropRootRange(added);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  itBoth('adding a node is refused as LXC refuses it; deleting an absent one succeeds', () => {
    for (const args of [['add', '/dev/loop5'], ['add', '/dev/net/tun'], ['del', '/dev/loop5']]) {
      const a = ours.run('lxc-device', ['-n', name, ...args]);
      const b = theirs.run('lxc-device', ['-n', name, ...args]);
      expect({ args, code: a.code, stderr: a.stderr }).toEqual({ args, code: b.code, stderr: clean(b.stderr) });
    }
    expect(ours.run('lxc-device', ['-n', name, 'add', '/dev/loop5']).stderr).toContain('Value too large for defined data type');
    expect(ours.attach(['ls', '/dev/loop5']).code).not.toBe(0);
  });

  itBoth('a link put in by hand comes back out, as with LXC', () => {
    for (const [i, s] of [ours, theirs].entries()) {
      const link = `vu${tag}${i}`;
      links.push(link);
      execFileSync('ip', ['link', 'add', link, 'type', 'veth', 'peer', 'name', `${link}p`]);
      const pid = s.run('lxc-info', ['-n', name, '-pH']).stdout.trim();
      execFileSync('ip', ['link', 'set', link, 'netns', pid, 'name', 'eth6']);
      expect(s.run('lxc-device', ['-n', name, 'del', 'eth6', link])).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(spawnSync('ip', ['link', 'show', link]).status).toBe(0);
    }
  });
});
