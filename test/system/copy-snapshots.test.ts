/**
 * lxc-copy -s (overlay snapshot clones of a dir origin), issue 7's done-means:
 * twenty clones of one container; destroying the origin is refused while they
 * exist (LXC's `Destroying X failed: X has clones`), the origin's lxc_snapshots
 * lists them exactly as real LXC 5.0.2 writes it for the same clones (side by
 * side in a temp lxcpath), each clone starts on its overlay with its own hwaddr,
 * and destroying a clone takes it off the list (the file goes with the last);
 * `-e` ephemeral clones run and are gone once stopped.
 * Networking as in network.test.ts: a bridge made for this test only.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeSystem, startStack, type RunResult, type Stack } from './support/stack-harness';

jest.setTimeout(900_000);

const HAS_REAL = existsSync('/usr/bin/lxc-copy');
const itReal = HAS_REAL ? it : it.skip;
if (!HAS_REAL) console.warn('SKIP side-by-side lxc-copy -s checks: real LXC is not installed');

const N = 20;
const tag = randomBytes(3).toString('hex');
const BRIDGE = `lxcbs${tag}`;
const NET = `10.232.${(parseInt(tag, 16) % 200) + 20}`;
const clones = Array.from({ length: N }, (_, i) => `snapc${i}`);

function realLxc(tool: string, args: string[]): RunResult {
  const r = spawnSync(`/usr/bin/${tool}`, args, { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
function linkExists(name: string): boolean {
  return spawnSync('ip', ['link', 'show', 'dev', name], { stdio: 'ignore' }).status === 0;
}

describeSystem('lxc-copy -s: overlay snapshot clones', () => {
  let stack: Stack;
  let dir: string;
  let real: string;
  const cfg = (name: string) => readFileSync(join(stack.lxcpath, name, 'config'), 'utf8');
  const hwaddrOf = (text: string) => /^lxc\.net\.0\.hwaddr = (.*)$/m.exec(text)?.[1];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lxcbus-copy-s-'));
    real = join(dir, 'real');
    const conf = join(dir, 'default.conf');
    writeFileSync(conf, `lxc.net.0.type = veth\nlxc.net.0.link = ${BRIDGE}\nlxc.net.0.flags = up\nlxc.net.0.hwaddr = 00:16:3e:aa:bb:cc\n`);
    process.env.LXCBUS_NET_BRIDGES = `${BRIDGE}=${NET}.1/24`;
    stack = await startStack({ defaultConfig: conf });
    const creds = join(stack.stateDir, 'auth/services.creds');
    if (!stack.env.LXCBUS_CREDS && existsSync(creds)) stack.env.LXCBUS_CREDS = creds;
    expect(stack.lxc('lxc-create', ['-t', 'busybox', '-n', 'snapo']).code).toBe(0);
    if (HAS_REAL) expect(realLxc('lxc-create', ['-P', real, '-t', 'busybox', '-n', 'snapo', '-f', conf]).code).toBe(0);
  }, 180_000);

  afterAll(async () => {
    for (const c of clones) stack?.lxc('lxc-destroy', ['-f', '-n', c]);
    stack?.lxc('lxc-destroy', ['-f', '-n', 'snapo']);
    if (HAS_REAL) {
      for (const c of clones) realLxc('lxc-destroy', ['-P', real, '-f', '-n', c]);
      realLxc('lxc-destroy', ['-P', real, '-f', '-n', 'snapo']);
    }
    await stack?.stop().catch((err: unknown) => console.warn(`stack cleanup: ${String(err)}`));
    delete process.env.LXCBUS_NET_BRIDGES;
    const pidFile = stack ? `/run/lxcbus-dnsmasq/${stack.host}/${BRIDGE}.pid` : '';
    if (pidFile && existsSync(pidFile)) {
      try { process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGTERM'); } catch { /* gone */ }
    }
    if (stack) rmSync(`/run/lxcbus-dnsmasq/${stack.host}`, { recursive: true, force: true });
    if (linkExists(BRIDGE)) execFileSync('ip', ['link', 'del', BRIDGE]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes twenty clones laid out and configured as LXC does', () => {
    for (const c of clones) {
      expect(stack.lxc('lxc-copy', ['-n', 'snapo', '-N', c, '-s'])).toEqual({ code: 0, stdout: '', stderr: '' });
      if (HAS_REAL) expect(realLxc('lxc-copy', ['-P', real, '-n', 'snapo', '-N', c, '-s'])).toEqual({ code: 0, stdout: '', stderr: '' });
    }
    const first = join(stack.lxcpath, clones[0]);
    for (const d of ['rootfs', 'overlay/delta', 'overlay/work']) expect(existsSync(join(first, d))).toBe(true);
    expect(readFileSync(join(first, 'lxc_rdepends'), 'utf8')).toBe(`${stack.lxcpath}\nsnapo\n`);
    const text = cfg(clones[0]);
    expect(text).toMatch(new RegExp(`^lxc\\.rootfs\\.path = overlay:${stack.lxcpath}/snapo/rootfs:${first}/overlay/delta\\nlxc\\.uts\\.name = ${clones[0]}\\n$`, 'm'));
    const macs = clones.map((c) => hwaddrOf(cfg(c)));
    expect(macs.every((m) => m && /^00:16:3e(:[0-9a-f]{2}){3}$/.test(m) && m !== '00:16:3e:aa:bb:cc')).toBe(true);
    expect(new Set(macs).size).toBe(N);
    expect(stack.lxc('lxc-info', ['-n', clones[0], '-c', 'lxc.rootfs.path', '-H']).stdout)
      .toBe(`${stack.lxcpath}/snapo/rootfs:${first}/overlay/delta\n`);
  });

  it('records the clones in the origin\'s lxc_snapshots exactly (same text as real LXC)', () => {
    const ours = readFileSync(join(stack.lxcpath, 'snapo', 'lxc_snapshots'), 'utf8');
    expect(ours).toBe(clones.map((c) => `${stack.lxcpath}\n${c}\n`).join(''));
    if (HAS_REAL) {
      const theirs = readFileSync(join(real, 'snapo', 'lxc_snapshots'), 'utf8');
      expect(ours.split(stack.lxcpath).join('LXCPATH')).toBe(theirs.split(real).join('LXCPATH'));
      expect(readFileSync(join(stack.lxcpath, clones[1], 'lxc_rdepends'), 'utf8').split(stack.lxcpath).join('LXCPATH'))
        .toBe(readFileSync(join(real, clones[1], 'lxc_rdepends'), 'utf8').split(real).join('LXCPATH'));
    }
  });

  it('refuses to destroy the origin while clones exist, with LXC\'s message', () => {
    const ours = stack.lxc('lxc-destroy', ['-n', 'snapo']);
    expect(ours).toEqual({ code: 1, stdout: '', stderr: 'lxc-destroy: snapo: ../src/lxc/tools/lxc_destroy.c: do_destroy: 76 Destroying snapo failed: snapo has clones\n' });
    if (HAS_REAL) expect(ours).toEqual(realLxc('lxc-destroy', ['-P', real, '-n', 'snapo']));
    expect(existsSync(join(stack.lxcpath, 'snapo', 'config'))).toBe(true);
  });

  it('starts every clone on its overlay with its own hwaddr; writes stay in the delta', () => {
    for (const c of clones) {
      expect(stack.lxc('lxc-start', ['-n', c, '--', '/bin/sh', '-c', 'exec sleep 100000'])).toMatchObject({ code: 0, stderr: '' });
    }
    // Looked at from the host through the container's own namespaces (nsenter), so this test is
    // about overlays and hwaddrs, not about lxc-attach (which has its own tests).
    const inside = (c: string, ns: '-n' | '-m', cmd: string[]) => {
      const pid = stack.lxc('lxc-info', ['-n', c, '-pH']).stdout.trim();
      return spawnSync('nsenter', ['-t', pid, ns, ...cmd], { encoding: 'utf8' });
    };
    const seen = new Set<string>();
    for (const c of clones) {
      const link = inside(c, '-n', ['ip', '-o', 'link', 'show', 'eth0']);
      const mac = /link\/ether ([0-9a-f:]{17})/.exec(link.stdout)?.[1];
      expect({ c, code: link.status, mac }).toEqual({ c, code: 0, mac: hwaddrOf(cfg(c)) });
      seen.add(mac as string);
    }
    expect(seen.size).toBe(N);
    expect(inside(clones[0], '-m', ['sh', '-c', 'echo mine > /clone-file']).status).toBe(0);
    expect(readFileSync(join(stack.lxcpath, clones[0], 'overlay/delta/clone-file'), 'utf8')).toBe('mine\n');
    expect(existsSync(join(stack.lxcpath, 'snapo', 'rootfs', 'clone-file'))).toBe(false);
    expect(inside(clones[1], '-m', ['test', '-e', '/clone-file']).status).toBe(1);
    for (const c of clones) expect(stack.lxc('lxc-stop', ['-k', '-n', c]).code).toBe(0);
  });

  it('lxc-copy -e makes a running ephemeral clone that is destroyed when it stops', async () => {
    const r = stack.lxc('lxc-copy', ['-n', 'snapo', '-N', 'snape', '-e']);
    expect(r).toEqual({ code: 0, stdout: 'Created snape as clone of snapo\n', stderr: '' });
    expect(cfg('snape')).toMatch(/\nlxc\.uts\.name = snape\nlxc\.ephemeral = 1\n$/);
    expect(stack.lxc('lxc-info', ['-n', 'snape', '-sH']).stdout).toBe('RUNNING\n');
    expect(readFileSync(join(stack.lxcpath, 'snapo', 'lxc_snapshots'), 'utf8')).toContain(`${stack.lxcpath}\nsnape\n`);
    expect(stack.lxc('lxc-stop', ['-k', '-n', 'snape']).code).toBe(0);
    for (let i = 0; i < 50 && existsSync(join(stack.lxcpath, 'snape')); i++) await new Promise((ok) => setTimeout(ok, 100));
    expect(existsSync(join(stack.lxcpath, 'snape'))).toBe(false);
    expect(readFileSync(join(stack.lxcpath, 'snapo', 'lxc_snapshots'), 'utf8')).toBe(clones.map((c) => `${stack.lxcpath}\n${c}\n`).join(''));
    // Without -N, LXC's <name>_XXXXXX.
    const anon = stack.lxc('lxc-copy', ['-n', 'snapo', '-e']);
    const m = /^Created (snapo_[A-Za-z0-9]{6}) as clone of snapo\n$/.exec(anon.stdout);
    expect({ code: anon.code, named: Boolean(m), err: anon.stderr }).toEqual({ code: 0, named: true, err: '' });
    expect(stack.lxc('lxc-stop', ['-k', '-n', m![1]]).code).toBe(0);
    for (let i = 0; i < 50 && existsSync(join(stack.lxcpath, m![1])); i++) await new Promise((ok) => setTimeout(ok, 100));
    expect(existsSync(join(stack.lxcpath, m![1]))).toBe(false);
  });

  it('destroying a clone takes it off the list; the origin goes once the last one has', () => {
    expect(stack.lxc('lxc-destroy', ['-n', clones[3]]).code).toBe(0);
    const left = clones.filter((c) => c !== clones[3]);
    expect(readFileSync(join(stack.lxcpath, 'snapo', 'lxc_snapshots'), 'utf8')).toBe(left.map((c) => `${stack.lxcpath}\n${c}\n`).join(''));
    if (HAS_REAL) {
      expect(realLxc('lxc-destroy', ['-P', real, '-n', clones[3]]).code).toBe(0);
      expect(readFileSync(join(real, 'snapo', 'lxc_snapshots'), 'utf8').split(real).join('LXCPATH'))
        .toBe(readFileSync(join(stack.lxcpath, 'snapo', 'lxc_snapshots'), 'utf8').split(stack.lxcpath).join('LXCPATH'));
    }
    for (const c of left) expect(stack.lxc('lxc-destroy', ['-n', c]).code).toBe(0);
    expect(existsSync(join(stack.lxcpath, 'snapo', 'lxc_snapshots'))).toBe(false);
    expect(stack.lxc('lxc-destroy', ['-n', 'snapo'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
