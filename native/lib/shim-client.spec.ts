import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { createServer, type Server, type Socket } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { NativeError, RecordingKernelPort, ShimClient, ShimNotRunningError, ShimProtocolError, scanRunDirs, startContainer } from './index';
import { encodeFrame, FrameType } from './frame-codec';

/** A scripted stand-in for the shim socket: replies by request line. */
function fakeShim(dir: string, onLine: (line: string, sock: Socket) => void): Promise<Server> {
  const srv = createServer((sock) => {
    let buf = '';
    sock.on('data', (d) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) onLine(buf.slice(0, nl), sock);
    });
  });
  return new Promise((r) => srv.listen(join(dir, 'shim.sock'), () => r(srv)));
}

describe('ShimClient against a fake shim', () => {
  let dir: string;
  let srv: Server | undefined;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lxcbus-client-'))));
  afterEach(async () => {
    await new Promise((r) => (srv ? srv.close(r) : r(undefined)));
    srv = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('parses state and sends stop/kill as numbers', async () => {
    const seen: string[] = [];
    srv = await fakeShim(dir, (line, sock) => {
      seen.push(line);
      sock.end(line === 'state' ? 'RUNNING 42 41\n' : 'OK\n');
    });
    const c = ShimClient.forRunDir(dir);
    expect(await c.state()).toEqual({ state: 'RUNNING', initPid: 42, shimPid: 41 });
    await c.stop('SIGPWR', 500);
    await c.kill('KILL');
    expect(seen).toEqual(['state', 'stop 30 500', 'kill 9']);
  });

  it('sends signal (kill without the thaw) as a number', async () => {
    const seen: string[] = [];
    srv = await fakeShim(dir, (line, sock) => { seen.push(line); sock.end('OK\n'); });
    await ShimClient.forRunDir(dir).signal('SIGUSR1');
    expect(seen).toEqual(['signal 10']);
  });

  it('turns ERR replies into ShimProtocolError with the code', async () => {
    srv = await fakeShim(dir, (_l, sock) => sock.end('ERR ESRCH kill init\n'));
    await expect(ShimClient.forRunDir(dir).kill(15)).rejects.toMatchObject({ name: 'ShimProtocolError', code: 'ESRCH' });
    await expect(ShimClient.forRunDir(dir).kill(15)).rejects.toBeInstanceOf(ShimProtocolError);
  });

  it('reports a missing socket as ShimNotRunningError', async () => {
    await expect(ShimClient.forRunDir(dir).state()).rejects.toBeInstanceOf(ShimNotRunningError);
  });

  it('watch falls back to the exit record when the shim vanishes silently', async () => {
    srv = await fakeShim(dir, (_l, sock) => {
      writeFileSync(join(dir, 'exit'), 'status\t256\ncode\t1\nsignal\t0\ntime\t1700000000000\n');
      sock.destroy();
    });
    await expect(ShimClient.forRunDir(dir).watch()).resolves.toEqual({ code: 1, signal: 0, status: 256, time: 1700000000000 });
  });

  it('exec relays frames into streams and resolves exit', async () => {
    srv = await fakeShim(dir, (_l, sock) => {
      const pid = Buffer.alloc(4);
      pid.writeUInt32BE(77);
      const exit = Buffer.alloc(8);
      exit.writeInt32BE(3, 0);
      sock.end(Buffer.concat([encodeFrame(FrameType.STARTED, pid), encodeFrame(FrameType.STDOUT, Buffer.from('o')), encodeFrame(FrameType.STDERR, Buffer.from('e')), encodeFrame(FrameType.EXIT, exit)]));
    });
    const s = ShimClient.forRunDir(dir).exec({ argv: ['x'] });
    const out: string[] = [];
    s.stdout.on('data', (d) => out.push(`o:${d}`));
    s.stderr.on('data', (d) => out.push(`e:${d}`));
    await expect(s.started).resolves.toBe(77);
    await expect(s.exit).resolves.toEqual({ code: 3, signal: 0 });
    expect(out.sort()).toEqual(['e:e', 'o:o']);
  });

  it('scanRunDirs sorts running, exited and stale dirs', async () => {
    const root = dir;
    const mk = (n: string): string => {
      const d = join(root, n);
      require('fs').mkdirSync(d);
      return d;
    };
    writeFileSync(join(mk('b-exited'), 'exit'), 'status\t9\ncode\t0\nsignal\t9\ntime\t1\n');
    mk('c-stale');
    const running = mk('a-running');
    const srv2 = await fakeShim(running, (_l, sock) => sock.end('RUNNING 10 9\n'));
    try {
      expect(await scanRunDirs(root)).toEqual([
        expect.objectContaining({ id: 'a-running', kind: 'running', initPid: 10, shimPid: 9 }),
        expect.objectContaining({ id: 'b-exited', kind: 'exited', exit: { code: 0, signal: 9, status: 9, time: 1 } }),
        expect.objectContaining({ id: 'c-stale', kind: 'stale' }),
      ]);
    } finally {
      await new Promise((r) => srv2.close(r));
    }
  });
});

describe('startContainer with a recording kernel', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lxcbus-start-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const spec = (runDir: string) => ({
    name: 'web',
    lxcpath: '/var/lib/lxc',
    rootfs: '/var/lib/lxc/web/rootfs',
    init: ['/sbin/init'],
    env: [],
    cgroupRoot: '/sys/fs/cgroup',
    cgroupName: 'web',
    runDir,
  });

  it('writes the spec into the run dir and passes the title', async () => {
    const kernel = new RecordingKernelPort();
    const runDir = join(dir, 'web');
    await expect(startContainer(spec(runDir), { kernel, shimPath: '/x/shim' })).resolves.toEqual({ shimPid: 100, initPid: 101 });
    expect(kernel.calls).toEqual([
      { fn: 'startShim', req: { shimPath: '/x/shim', specPath: join(runDir, 'spec'), runDir, title: '[lxcbus shim] /var/lib/lxc web', timeoutMs: 60000 } },
    ]);
    expect(require('fs').readFileSync(join(runDir, 'spec'), 'utf8')).toContain('name\tweb\n');
  });

  it('passes native errors through with code, syscall, path and op', async () => {
    const kernel = new RecordingKernelPort();
    kernel.startResult = new NativeError('start container: exec init `/sbin/init`: ENOENT', { code: 'ENOENT', errno: -2, syscall: 'execve', path: '/sbin/init', op: 'start container: exec init `/sbin/init`' });
    await expect(startContainer(spec(join(dir, 'web')), { kernel })).rejects.toMatchObject({ code: 'ENOENT', syscall: 'execve', path: '/sbin/init' });
  });

  it('validates before touching the kernel', async () => {
    const kernel = new RecordingKernelPort();
    await expect(startContainer({ ...spec(join(dir, 'web')), rootfs: 'rel' }, { kernel })).rejects.toMatchObject({ code: 'EINVAL', op: 'spec.rootfs' });
    expect(kernel.calls).toEqual([]);
  });
});
