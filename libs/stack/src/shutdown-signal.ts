/**
 * SIGTERM, SIGINT (Ctrl-C) and SIGHUP (terminal closed) ask for a clean stop;
 * a second signal while stopping asks for SIGKILL of every child.
 */
const SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

export interface ShutdownSignal {
  /** Settles with the first signal's name. */
  requested: Promise<NodeJS.Signals>;
  onForce(fn: () => void): void;
  dispose(): void;
}

export function listenForShutdown(): ShutdownSignal {
  let count = 0;
  let resolveFirst: (s: NodeJS.Signals) => void = () => undefined;
  const force: (() => void)[] = [];
  const requested = new Promise<NodeJS.Signals>((r) => (resolveFirst = r));
  const handler = (sig: NodeJS.Signals) => {
    count++;
    if (count === 1) resolveFirst(sig);
    else for (const f of force) f();
  };
  for (const s of SIGNALS) process.on(s, handler);
  return {
    requested,
    onForce: (fn) => void force.push(fn),
    dispose: () => {
      for (const s of SIGNALS) process.off(s, handler);
    },
  };
}
