import { mkdtempSync, rmSync } from 'fs';
import { createServer, type Server, type Socket } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { FrameDecoder, FrameType, encodeFrame } from './frame-codec';
import { ShimClient } from './shim-client';

/** A stand-in shim: hands the request line and the frames after it to `on`. */
function fakeShim(dir: string, on: (line: string, sock: Socket, frames: FrameDecoder) => void): Promise<Server> {
  const srv = createServer((sock) => {
    let buf: Buffer | null = Buffer.alloc(0);
    const frames = new FrameDecoder();
    sock.on('data', (d: Buffer) => {
      if (buf === null) return void frames.push(d);
      buf = Buffer.concat([buf, d]);
      const nl = buf.indexOf(0x0a);
      if (nl < 0) return;
      const rest = buf.subarray(nl + 1);
      const line = buf.subarray(0, nl).toString();
      buf = null;
      frames.push(rest);
      on(line, sock, frames);
    });
  });
  return new Promise((r) => srv.listen(join(dir, 'shim.sock'), () => r(srv)));
}

/** Waits until `cond` holds (2 s at most): a loaded machine is slow, never wrong. */
async function until(cond: () => boolean): Promise<void> {
  for (const end = Date.now() + 2000; !cond() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 10));
}

const collect = (s: NodeJS.ReadableStream): Promise<string> =>
  new Promise((resolve) => {
    let out = '';
    s.on('data', (d: Buffer) => (out += d.toString()));
    s.on('end', () => resolve(out));
  });

describe('ConsoleSession against a fake shim', () => {
  let dir: string;
  let srv: Server | undefined;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lxcbus-console-'))));
  afterEach(async () => {
    await new Promise((r) => (srv ? srv.close(r) : r(undefined)));
    srv = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks for the tty, resolves started with the granted one, streams output until the shim closes', async () => {
    const lines: string[] = [];
    srv = await fakeShim(dir, (line, sock) => {
      lines.push(line);
      sock.write('OK 2\n');
      sock.write(encodeFrame(FrameType.STDOUT, Buffer.from('login: ')));
      sock.end(encodeFrame(FrameType.STDOUT, Buffer.from('bye')));
    });
    const s = ShimClient.forRunDir(dir).console({ tty: -1 });
    const out = collect(s.stdout);
    expect(await s.started).toBe(2);
    expect(await out).toBe('login: bye');
    expect(await s.exit).toEqual({ code: 0, signal: 0 });
    expect(lines).toEqual(['console -1 0']);
  });

  it('holds input and resize until the OK, then sends them as frames in order', async () => {
    const got: Array<{ type: number; hex: string; afterOk: boolean }> = [];
    let okSent = false;
    srv = await new Promise<Server>((r) => {
      const s2 = createServer((sock) => {
        let line = true;
        const frames = new FrameDecoder();
        sock.on('data', (d: Buffer) => {
          if (line) {
            line = false;
            const nl = d.indexOf(0x0a);
            d = d.subarray(nl + 1);
            setTimeout(() => {
              okSent = true;
              sock.write('OK 0\n');
            }, 50);
          }
          for (const f of frames.push(d)) got.push({ type: f.type, hex: f.payload.toString('hex'), afterOk: okSent });
        });
      });
      s2.listen(join(dir, 'shim.sock'), () => r(s2));
    });
    const s = ShimClient.forRunDir(dir).console({ tty: 0, replay: true });
    s.resize(31, 97);
    s.stdin.write(Buffer.from('ls\r'));
    await s.started;
    s.stdin.write(Buffer.from('x'));
    await until(() => got.length >= 3);
    expect(got).toEqual([
      { type: FrameType.RESIZE, hex: '001f0061', afterOk: true },
      { type: FrameType.STDIN, hex: Buffer.from('ls\r').toString('hex'), afterOk: true },
      { type: FrameType.STDIN, hex: Buffer.from('x').toString('hex'), afterOk: true },
    ]);
    s.close();
  });

  it('rejects started with the shim\'s refusal code; the end of stdin detaches', async () => {
    srv = await fakeShim(dir, (_l, sock) => sock.end('ERR EBUSY tty is in use\n'));
    const busy = ShimClient.forRunDir(dir).console({ tty: 0 });
    await expect(busy.started).rejects.toMatchObject({ code: 'EBUSY', op: 'console' });
    await srv.close();
    srv = await new Promise<Server>((r) => {
      const s2 = createServer((sock) => sock.on('data', () => sock.write('OK 1\n')));
      rmSync(join(dir, 'shim.sock'), { force: true });
      s2.listen(join(dir, 'shim.sock'), () => r(s2));
    });
    const s = ShimClient.forRunDir(dir).console({ tty: 1 });
    await s.started;
    s.stdin.end();
    await expect(s.exit).resolves.toEqual({ code: 0, signal: 0 });
  });

  it('refuses a tty below -1 before connecting', () => {
    expect(() => ShimClient.forRunDir(dir).console({ tty: -2 })).toThrow(/tty/);
  });
});
