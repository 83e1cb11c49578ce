/**
 * The escape prefix of lxc-console, byte by byte as LXC's terminal stdin handler:
 * the prefix is held back; prefix then `q` detaches; prefix then prefix sends one
 * prefix; prefix then anything else sends that byte only (the prefix is dropped).
 */
export interface EscapeResult {
  /** Bytes for the container's terminal. */
  data: Buffer;
  /** Prefix + q was typed: detach; bytes after it are not sent. */
  detach: boolean;
}

export class EscapeFilter {
  private sawEscape = false;

  constructor(private readonly escape: number) {}

  feed(chunk: Uint8Array): EscapeResult {
    const out: number[] = [];
    for (const c of chunk) {
      if (c === this.escape && !this.sawEscape) {
        this.sawEscape = true;
        continue;
      }
      if (c === 0x71 /* q */ && this.sawEscape) return { data: Buffer.from(out), detach: true };
      this.sawEscape = false;
      out.push(c);
    }
    return { data: Buffer.from(out), detach: false };
  }
}

/** The letter shown for a prefix code in LXC's banner: 1 -> a. */
export function escapeLetter(escape: number): string {
  return String.fromCharCode((0x61 + escape - 1) & 0xff);
}

/** LXC's banner, printed before the terminal goes raw. */
export function consoleBanner(tty: number, escape: number): string {
  const l = escapeLetter(escape);
  return `\nConnected to tty ${tty}\nType <Ctrl+${l} q> to exit the console, <Ctrl+${l} Ctrl+${l}> to enter Ctrl+${l} itself\n`;
}
