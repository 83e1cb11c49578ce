import { FrameDecoder, FrameType, decodeExit, encodeExecHeader, encodeFrame, encodeResize, encodeSignal, FRAME_MAX } from './frame-codec';

describe('frame codec', () => {
  it('encodes type, big-endian length and payload', () => {
    expect([...encodeFrame(FrameType.STDIN, Buffer.from('hi'))]).toEqual([1, 0, 0, 0, 2, 104, 105]);
    expect([...encodeResize(40, 120)]).toEqual([3, 0, 0, 0, 4, 0, 40, 0, 120]);
    expect([...encodeSignal(15)]).toEqual([4, 0, 0, 0, 4, 0, 0, 0, 15]);
  });

  it('decodes frames split at every byte boundary', () => {
    const stream = Buffer.concat([encodeFrame(0x82, Buffer.from('out')), encodeFrame(0x83, Buffer.alloc(0)), encodeFrame(0x81, Buffer.from([0, 0, 1, 2]))]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const d = new FrameDecoder();
      const frames = [...d.push(stream.subarray(0, cut)), ...d.push(stream.subarray(cut))];
      expect(frames.map((f) => [f.type, f.payload.toString('hex')])).toEqual([
        [0x82, Buffer.from('out').toString('hex')],
        [0x83, ''],
        [0x81, '00000102'],
      ]);
      expect(d.pending).toBe(0);
    }
  });

  it('rejects a frame longer than the shim allows', () => {
    const hdr = Buffer.from([0x82, 0, 0, 0, 0]);
    hdr.writeUInt32BE(FRAME_MAX + 1, 1);
    expect(() => new FrameDecoder().push(hdr)).toThrow(RangeError);
  });

  it('decodes EXIT with and without a message', () => {
    const p = Buffer.alloc(8);
    p.writeInt32BE(137, 0);
    p.writeInt32BE(9, 4);
    expect(decodeExit(p)).toEqual({ code: 137, signal: 9 });
    expect(decodeExit(Buffer.concat([p, Buffer.from('Failed to exec')]))).toEqual({ code: 137, signal: 9, message: 'Failed to exec' });
  });

  it('writes the exec header with escaped values and a terminating blank line', () => {
    const h = encodeExecHeader({ argv: ['sh', '-c', 'a\tb\nc'], env: ['A=1'], cwd: '/', uid: 0, gid: 5, tty: true, rows: 24, cols: 80 });
    expect(h.toString()).toBe('exec\narg\tsh\narg\t-c\narg\ta\\tb\\nc\nenv\tA=1\ncwd\t/\nuid\t0\ngid\t5\ntty\t1\nrows\t24\ncols\t80\n\n');
  });
});
