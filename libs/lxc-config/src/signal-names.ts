/**
 * Signal values of `lxc.signal.*` and `lxc.monitor.signal.pdeath`, parsed as
 * LXC's `sig_parse` does: `SIG` + name (case-insensitive), `SIGRTMIN+n` /
 * `SIGRTMAX-n`, or a plain non-negative number (not range-checked by LXC).
 * Numbers are the Linux x86/arm generic ABI.
 */
export const SIGNALS: Readonly<Record<string, number>> = {
  HUP: 1, INT: 2, QUIT: 3, ILL: 4, TRAP: 5, ABRT: 6, IOT: 6, BUS: 7, FPE: 8, KILL: 9,
  USR1: 10, SEGV: 11, USR2: 12, PIPE: 13, ALRM: 14, TERM: 15, STKFLT: 16, CHLD: 17, CLD: 17,
  CONT: 18, STOP: 19, TSTP: 20, TTIN: 21, TTOU: 22, URG: 23, XCPU: 24, XFSZ: 25, VTALRM: 26,
  PROF: 27, WINCH: 28, IO: 29, POLL: 29, PWR: 30, SYS: 31, UNUSED: 31,
};

/** glibc reserves 32 and 33 for NPTL, so userspace SIGRTMIN is 34. */
export const SIGRTMIN = 34;
export const SIGRTMAX = 64;

/** The signal number, or undefined when LXC would reject the value. */
export function parseSignal(value: string): number | undefined {
  if (/^[0-9]+$/.test(value)) return Number(value);
  if (value.slice(0, 3).toUpperCase() !== 'SIG') return undefined;
  const name = value.slice(3).toUpperCase();
  const rt = /^RT(MIN\+|MAX-)([0-9]+)$/.exec(name);
  if (rt) {
    const n = Number(rt[2]);
    if (n > SIGRTMAX - SIGRTMIN) return undefined;
    return rt[1] === 'MIN+' ? SIGRTMIN + n : SIGRTMAX - n;
  }
  return Object.prototype.hasOwnProperty.call(SIGNALS, name) ? SIGNALS[name] : undefined;
}
