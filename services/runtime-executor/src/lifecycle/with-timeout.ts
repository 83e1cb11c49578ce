/** A promise raced against a timer (ms < 0: no timer); TIMED_OUT when the timer won. */
export const TIMED_OUT = Symbol('timed out');

export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  if (ms < 0) return p;
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<typeof TIMED_OUT>((r) => { timer = setTimeout(() => r(TIMED_OUT), ms); });
  return Promise.race([p, expiry]).finally(() => clearTimeout(timer));
}
