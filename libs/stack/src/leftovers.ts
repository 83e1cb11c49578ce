/**
 * Children of a launcher that died without cleaning up (SIGKILL, OOM): the
 * services run in their own sessions so a terminal's Ctrl-C reaches only the
 * launcher, which means nothing else stops them. Signalled by pid, never by
 * process group, and only when the pid still runs the recorded script, so
 * runtime-executor's container shims are never touched.
 */
import { childRecords, type StackRecord } from './stack-record';
import { runsWith, signal, waitGone } from './process-probe';

export async function stopLeftovers(record: StackRecord, timeoutMs: number): Promise<string[]> {
  const live = childRecords(record).filter(([, c]) => c.pid !== null && runsWith(c.pid, c.marker));
  // Services first, so they do not spin reconnecting to a nats-server already gone.
  for (const [, c] of live) signal(c.pid as number, 'SIGTERM');
  for (const [, c] of live) {
    if (!(await waitGone(c.pid as number, timeoutMs))) signal(c.pid as number, 'SIGKILL');
  }
  return live.map(([name, c]) => `${name} (pid ${c.pid})`);
}
