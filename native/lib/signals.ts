import { constants } from 'os';
import { InvalidArgumentError } from './errors';
import type { SignalLike } from './types';

/** glibc's SIGRTMIN (two real-time signals are reserved by NPTL). */
const SIGRTMIN = 34;
const SIGRTMAX = 64;

/** Accepts 15, 'SIGTERM', 'TERM', 'SIGRTMIN+3' (LXC's spelling for systemd's halt signal). */
export function toSignalNumber(sig: SignalLike, what = 'signal'): number {
  if (typeof sig === 'number') {
    if (Number.isInteger(sig) && sig >= 0 && sig <= SIGRTMAX) return sig;
    throw new InvalidArgumentError(what, `${sig} is not a signal number (0-${SIGRTMAX})`);
  }
  const name = sig.toUpperCase().startsWith('SIG') ? sig.toUpperCase() : `SIG${sig.toUpperCase()}`;
  const rt = /^SIGRT(MIN|MAX)([+-]\d+)?$/.exec(name);
  if (rt) {
    const n = (rt[1] === 'MIN' ? SIGRTMIN : SIGRTMAX) + Number(rt[2] ?? 0);
    if (n >= SIGRTMIN && n <= SIGRTMAX) return n;
  }
  const n = (constants.signals as Record<string, number>)[name];
  if (n !== undefined) return n;
  if (/^\d+$/.test(sig)) return toSignalNumber(Number(sig), what);
  throw new InvalidArgumentError(what, `unknown signal ${JSON.stringify(sig)}`);
}
