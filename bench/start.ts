/**
 * Start latency, lxcbus next to real LXC in the same run, and the resident
 * size of what supervises a running container (the lxcbus shim vs LXC's
 * `[lxc monitor]`). Run by hand as root after `npm run build`:
 *
 *   node dist/bench/start.js [--runs N]
 *
 * lxcbus: time from publishing `start` to receiving the container's RUNNING
 * event (a plain NATS subscriber). LXC: `lxc-start -d` then
 * `lxc-wait -s RUNNING`, timed around both. Runs alternate between the two,
 * each after one discarded warm-up; both containers are busybox with
 * `lxc.net.0.type = empty`. See bench/README.md.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { connect, type NatsConnection } from 'nats';
import { subjects } from '@lxcbus/contracts';
import { alternate, benchMain, busCommand, pairLines, run, timed, type Bench } from './support';

const dec = new TextDecoder();
const NAME = `bb${process.pid}`;

/** One lxcbus sample: `start` published -> RUNNING event received. Returns ms and init's host pid. */
async function lxcbusStart(nc: NatsConnection, host: string): Promise<{ ms: number; pid: number }> {
  const sub = nc.subscribe(subjects.event(host, 'root', NAME, 'state'));
  const running = (async () => {
    for await (const m of sub) {
      const e = JSON.parse(dec.decode(m.data)) as { data: { state: string; pid: number } };
      if (e.data.state === 'RUNNING') return performance.now();
    }
    throw new Error('event subscription closed before RUNNING');
  })();
  await nc.flush();
  const t0 = performance.now();
  const reply = busCommand(nc, host, 'start', { name: NAME });
  const t1 = await running;
  sub.unsubscribe();
  return { ms: t1 - t0, pid: (await reply).pid as number };
}

/** One LXC sample: `lxc-start -d` + `lxc-wait -s RUNNING`, timed around both. */
function lxcStart(b: Bench): number {
  return timed(() => {
    b.lxc('lxc-start', ['-d', '-n', NAME]);
    b.lxc('lxc-wait', ['-n', NAME, '-s', 'RUNNING', '-t', '30']);
  });
}

async function stopBoth(nc: NatsConnection, b: Bench): Promise<void> {
  await busCommand(nc, b.stack.host, 'stop', { name: NAME, timeout: 10 });
  b.lxc('lxc-stop', ['-n', NAME, '-t', '10']);
}

function ppid(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

function cmdline(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0+$/, '').replace(/\0/g, ' ');
}

function rssKb(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]);
}

/** Supervisor RSS with both containers running: the shim is the parent of init, as `[lxc monitor]` is in LXC. */
async function supervisorRss(nc: NatsConnection, b: Bench): Promise<string[]> {
  const { pid } = await lxcbusStart(nc, b.stack.host);
  lxcStart(b);
  try {
    const shim = ppid(pid);
    const monitor = ppid(Number(b.lxc('lxc-info', ['-n', NAME, '-pH']).trim()));
    const shimKb = rssKb(shim);
    const monKb = rssKb(monitor);
    return [
      `  lxcbus shim      pid ${shim}  VmRSS ${shimKb} kB   (${cmdline(shim)})`,
      `  LXC monitor      pid ${monitor}  VmRSS ${monKb} kB   (${cmdline(monitor)})`,
      `  ratio lxcbus/LXC ${(shimKb / monKb).toFixed(2)}`,
    ];
  } finally {
    await stopBoth(nc, b);
  }
}

benchMain({ name: 'start', rootFor: 'real containers', runs: 10 }, async (b, runs) => {
  const nc = await connect({ servers: b.stack.url, name: 'lxcbus-bench' });
  b.defer(() => nc.close());
  b.busybox(NAME);
  const samples = await alternate(runs, async () => {
    const bus = await lxcbusStart(nc, b.stack.host);
    await busCommand(nc, b.stack.host, 'stop', { name: NAME, timeout: 10 });
    const lxc = lxcStart(b);
    b.lxc('lxc-stop', ['-n', NAME, '-t', '10']);
    return { lxcbus: bus.ms, lxc };
  });
  const rss = await supervisorRss(nc, b);
  const version = run('lxc-start', ['--version']).trim();
  return [
    `start -> RUNNING, busybox, lxc.net.0.type = empty, ${runs} runs each (alternating, after 1 discarded warm-up)`,
    ...pairLines(samples, `LXC ${version}`),
    'supervisor RSS of a running container',
    ...rss,
  ].join('\n');
});
