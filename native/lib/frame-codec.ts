/**
 * Exec stream frames (shim side: native/src/core/attach.c): [u8 type][u32 BE length][payload].
 */
export const FrameType = {
  STDIN: 0x01,
  STDIN_EOF: 0x02,
  RESIZE: 0x03,
  SIGNAL: 0x04,
  STARTED: 0x81,
  STDOUT: 0x82,
  STDERR: 0x83,
  EXIT: 0x84,
} as const;
export type FrameTypeValue = (typeof FrameType)[keyof typeof FrameType];

export interface Frame {
  type: number;
  payload: Buffer;
}

export const FRAME_HEADER = 5;
/** The shim refuses larger frames; the client writes stdin in chunks well below this. */
export const FRAME_MAX = 1024 * 1024;
export const STDIN_CHUNK = 32 * 1024;

export function encodeFrame(type: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER + payload.length);
  out.writeUInt8(type, 0);
  out.writeUInt32BE(payload.length, 1);
  payload.copy(out, FRAME_HEADER);
  return out;
}

export function encodeResize(rows: number, cols: number): Buffer {
  const p = Buffer.alloc(4);
  p.writeUInt16BE(rows, 0);
  p.writeUInt16BE(cols, 2);
  return encodeFrame(FrameType.RESIZE, p);
}

export function encodeSignal(sig: number): Buffer {
  const p = Buffer.alloc(4);
  p.writeUInt32BE(sig, 0);
  return encodeFrame(FrameType.SIGNAL, p);
}

export function decodeExit(payload: Buffer): { code: number; signal: number; message?: string } {
  const message = payload.length > 8 ? payload.subarray(8).toString('utf8') : undefined;
  return { code: payload.readInt32BE(0), signal: payload.readInt32BE(4), ...(message ? { message } : {}) };
}

/** Incremental decoder: feed chunks as they arrive, get whole frames back. */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private length = 0;

  push(chunk: Buffer): Frame[] {
    this.chunks.push(chunk);
    this.length += chunk.length;
    const frames: Frame[] = [];
    let buf = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.length);
    while (buf.length >= FRAME_HEADER) {
      const len = buf.readUInt32BE(1);
      if (len > FRAME_MAX) throw new RangeError(`frame of ${len} bytes exceeds ${FRAME_MAX}`);
      if (buf.length < FRAME_HEADER + len) break;
      frames.push({ type: buf[0], payload: buf.subarray(FRAME_HEADER, FRAME_HEADER + len) });
      buf = buf.subarray(FRAME_HEADER + len);
    }
    this.chunks = buf.length ? [buf] : [];
    this.length = buf.length;
    return frames;
  }

  get pending(): number {
    return this.length;
  }
}

/** The exec header: "exec\n" then key<TAB>value lines and a blank line. */
export function encodeExecHeader(h: {
  argv: string[];
  env: string[];
  cwd: string;
  uid: number;
  gid: number;
  tty: boolean;
  rows: number;
  cols: number;
}): Buffer {
  const esc = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
  const lines = ['exec'];
  h.argv.forEach((a) => lines.push(`arg\t${esc(a)}`));
  h.env.forEach((e) => lines.push(`env\t${esc(e)}`));
  lines.push(`cwd\t${esc(h.cwd)}`, `uid\t${h.uid}`, `gid\t${h.gid}`, `tty\t${h.tty ? 1 : 0}`);
  lines.push(`rows\t${h.rows}`, `cols\t${h.cols}`, '', '');
  return Buffer.from(lines.join('\n'), 'utf8');
}
