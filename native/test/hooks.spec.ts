/**
 * lxc.hook.* in the shim (native/src/core/hooks.h), root only: which hooks run, in which order,
 * in which namespaces, with which arguments and environment, and what a failing one does. The
 * expectations are what LXC 5.0.2 did on this machine (docs/decisions/hooks.md); the side by side
 * run is test/system/hooks.test.ts.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ShimClient, startContainer, type ContainerSpec } from '../lib';
import { Harness, skipReason } from './harness';

const reason = skipReason();
if (reason) console.warn(`native/test/hooks.spec.ts skipped: ${reason}`);
const d = reason ? describe.skip : describe;

const ALL = ['pre-start', 'pre-mount', 'mount', 'autodev', 'start', 'start-host', 'stop', 'post-stop'] as const;

/** One record per call: `<type>|<argv>|<mnt ns>|<pid ns>|<cwd>|<LXC_* env>`. */
const HOOK = `#!/bin/sh
t=\${LXC_HOOK_TYPE:-$3}
echo "$t|$*|$(readlink /proc/self/ns/mnt)|$(readlink /proc/self/ns/pid)|$(pwd)|$(env | grep ^LXC_ | sort | tr '\\n' ' ')" >> "$(dirname "$0")/log"
echo "out-$t"
[ ! -e "$(dirname "$0")/fail-$t" ]
`;

async function waitExit(spec: ContainerSpec): Promise<void> {
  for (let i = 0; i < 100 && !existsSync(join(spec.runDir, 'exit')); i++) await new Promise((r) => setTimeout(r, 50));
}

d('lxc.hook.* (root)', () => {
  jest.setTimeout(30_000);
  let h: Harness;
  let hook: string;
  const log = () => (existsSync(join(h.dir, 'log')) ? readFileSync(join(h.dir, 'log'), 'utf8').trim().split('\n') : []);
  const records = () => log().map((l) => { const [type, argv, mnt, pid, cwd, env] = l.split('|'); return { type, argv, mnt, pid, cwd, env }; });

  beforeAll(() => {
    h = new Harness();
    hook = join(h.dir, 'hook.sh');
    writeFileSync(hook, HOOK, { mode: 0o755 });
  });
  afterAll(async () => h && (await h.cleanup()));
  beforeEach(() => writeFileSync(join(h.dir, 'log'), ''));

  // The start hook runs inside the container: the hook's directory is bound at the same path there.
  const specWith = (over: Partial<ContainerSpec> = {}, env: string[] = []) => h.spec({
    hooks: Object.fromEntries(ALL.map((t) => [t, [hook]])),
    mountEntries: [{ source: h.dir, target: h.dir.slice(1), fstype: 'none', options: ['bind', 'create=dir'] }],
    env: ['PATH=/bin', ...env],
    ...over,
  });

  it('runs every start and stop hook in LXC order, namespaces and arguments', async () => {
    const spec = specWith({ cwd: '/etc' });
    const { initPid } = await startContainer(spec);
    const shimPid = Number(readFileSync(join(spec.runDir, 'shim.pid'), 'utf8'));
    await ShimClient.forRunDir(spec.runDir).stop(9, 2000);
    await waitExit(spec);
    const r = records();
    expect(r.map((x) => x.type)).toEqual([...ALL]);
    const host = readlinkSync('/proc/self/ns/mnt');
    const byType = Object.fromEntries(r.map((x) => [x.type, x]));
    for (const t of ['pre-start', 'start-host', 'stop', 'post-stop']) expect(byType[t].mnt).toBe(host);
    for (const t of ['pre-mount', 'mount', 'autodev', 'start']) expect(byType[t].mnt).not.toBe(host);
    expect(new Set(['pre-mount', 'mount', 'autodev', 'start'].map((t) => byType[t].pid)).size).toBe(1);
    expect(byType.start.cwd).toBe('/'); // before lxc.init.cwd, as LXC
    expect(byType.mount.argv).toBe(`${spec.name} lxc mount`);
    expect(byType['start-host'].env).toContain(`LXC_PID=${initPid}`);
    expect(byType['pre-start'].env).not.toContain('LXC_PID=');
    expect(byType.mount.env).toContain(`LXC_NAME=${spec.name} `);
    expect(byType.mount.env).toContain(`LXC_CONFIG_FILE=${spec.lxcpath}/${spec.name}/config `);
    expect(byType.mount.env).toContain('LXC_HOOK_VERSION=0');
    expect(byType.mount.env).not.toContain('LXC_HOOK_TYPE');
    const ns = ['mnt', 'pid', 'uts', 'ipc', 'net', 'cgroup'].map((n) => `${n}:/proc/${shimPid}/fd/\\d+`).join(' ');
    expect(byType.stop.argv).toMatch(new RegExp(`^${spec.name} lxc stop ${ns}$`));
    expect(byType.stop.env).toMatch(new RegExp(`LXC_MNT_NS=/proc/${shimPid}/fd/\\d+ .*LXC_TARGET=stop`));
    expect(byType['post-stop'].argv).toBe(`${spec.name} lxc post-stop`);
    // Their output goes to the container's log, from the host and from inside (the start hook, after pivot).
    const logged = readFileSync(spec.logFile, 'utf8');
    for (const t of ALL) expect(logged).toContain(`out-${t}\n`);
  });

  it('init killed by SIGHUP (a reboot): LXC_TARGET=reboot for stop and post-stop', async () => {
    const spec = specWith();
    const { initPid } = await startContainer(spec);
    process.kill(initPid, 'SIGKILL'); // not a reboot: the control case
    await waitExit(spec);
    expect(records().slice(-2).map((x) => x.env.includes('LXC_TARGET=stop'))).toEqual([true, true]);
    writeFileSync(join(h.dir, 'log'), '');
    // reboot(2) in a child pid namespace kills its init with SIGHUP (kernel reboot_pid_ns).
    const again = specWith({ init: ['/bin/busybox', 'sh', '-c', 'sleep 0.2; exec /bin/busybox reboot -f'] });
    await startContainer(again);
    await waitExit(again);
    expect(records().slice(-2).map((x) => `${x.type} ${/LXC_TARGET=(\w+)/.exec(x.env)?.[1]}`)).toEqual(['stop reboot', 'post-stop reboot']);
  });

  it('hook.version 1: no arguments, LXC_HOOK_TYPE and LXC_HOOK_SECTION instead', async () => {
    const spec = specWith({ hookVersion: 1 });
    await startContainer(spec);
    await ShimClient.forRunDir(spec.runDir).stop(9, 2000);
    await waitExit(spec);
    const r = records();
    expect(r.map((x) => x.type)).toEqual([...ALL]);
    expect(r.every((x) => x.argv === '' && x.env.includes('LXC_HOOK_SECTION=lxc') && x.env.includes('LXC_HOOK_VERSION=1'))).toBe(true);
  });

  it.each(['pre-start', 'mount', 'autodev', 'start', 'start-host'])('a failing %s hook fails the start; stop and post-stop still run', async (t) => {
    writeFileSync(join(h.dir, `fail-${t}`), '');
    try {
      const spec = specWith();
      await expect(startContainer(spec)).rejects.toThrow(new RegExp(`${t} hook .* failed with status 1`));
      const types = records().map((x) => x.type);
      expect(types.slice(-3)).toEqual([t, 'stop', 'post-stop']);
      // The shim reports the failure, then removes its pid file and exits.
      for (let i = 0; i < 40 && existsSync(join(spec.runDir, 'shim.pid')); i++) await new Promise((r) => setTimeout(r, 50));
      expect(existsSync(join(spec.runDir, 'shim.pid'))).toBe(false);
    } finally {
      rmSync(join(h.dir, `fail-${t}`));
    }
  });

  it('a failing stop hook is logged and the stop goes on to post-stop', async () => {
    writeFileSync(join(h.dir, 'fail-stop'), '');
    try {
      const spec = specWith();
      await startContainer(spec);
      await ShimClient.forRunDir(spec.runDir).stop(9, 2000);
      await waitExit(spec);
      expect(records().slice(-2).map((x) => x.type)).toEqual(['stop', 'post-stop']);
      expect(readFileSync(spec.logFile, 'utf8')).toMatch(/stop hook .* failed with status 1/);
    } finally {
      rmSync(join(h.dir, 'fail-stop'));
    }
  });

  it('hook.uid/gid: the host-side hooks run as the owner, the others inside as the container root', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lxcbus-hookuser-'));
    chmodSync(dir, 0o777);
    try {
      const script = join(dir, 'id.sh');
      writeFileSync(script, '#!/bin/sh\nid -u > "$(dirname "$0")/uid-${LXC_HOOK_TYPE:-$3}"\n', { mode: 0o755 });
      const spec = h.spec({
        hooks: { 'pre-start': [script], mount: [script], 'start-host': [script], 'post-stop': [script] },
        hookUser: { uid: 65534, gid: 65534 },
      });
      await startContainer(spec);
      await ShimClient.forRunDir(spec.runDir).stop(9, 2000);
      await waitExit(spec);
      const uid = (t: string) => readFileSync(join(dir, `uid-${t}`), 'utf8').trim();
      expect(['pre-start', 'start-host', 'post-stop'].map(uid)).toEqual(['65534', '65534', '65534']);
      expect(uid('mount')).toBe('0');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without hook.uid (root\'s own container) the host-side hooks run as root; hook.uid 0 is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lxcbus-hookroot-'));
    try {
      const script = join(dir, 'id.sh');
      writeFileSync(script, '#!/bin/sh\nid -u > "$(dirname "$0")/uid-${LXC_HOOK_TYPE:-$3}"\n', { mode: 0o755 });
      const hooks = { 'pre-start': [script], 'start-host': [script], 'post-stop': [script] };
      const spec = h.spec({ hooks });
      await startContainer(spec);
      await ShimClient.forRunDir(spec.runDir).stop(9, 2000);
      await waitExit(spec);
      expect(['pre-start', 'start-host', 'post-stop'].map((t) => readFileSync(join(dir, `uid-${t}`), 'utf8').trim())).toEqual(['0', '0', '0']);
      rmSync(join(dir, 'uid-pre-start'));
      await expect(startContainer(h.spec({ hooks, hookUser: { uid: 0, gid: 0 } }))).rejects.toThrow(/hook\.uid.*uid not 0/);
      expect(existsSync(join(dir, 'uid-pre-start'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
