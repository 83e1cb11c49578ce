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
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { connect, type NatsConnection } from 'nats';
import { subjects } from '@lxcbus/contracts';
import { freePort } from '../test/support/nats-fixture';

const REPO = resolve(__dirname, '../..');
const BENCH_DEFAULTS = { runs: 10, readyTimeoutMs: 60_000, commandTimeoutMs: 60_000, createTimeoutMs: 180_000 } as const;
const enc = new TextEncoder();
const dec = new TextDecoder();

interface Reply {
  ok: boolean;
  error?: { code: string; message: string };
  [k: string]: unknown;
}

interface Stack {
  url: string;
  host: string;
  proc: ChildProcess;
}

function parseRuns(argv: string[]): number {
  const i = argv.indexOf('--runs');
  const n = i >= 0 ? Number(argv[i + 1]) : BENCH_DEFAULTS.runs;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--runs needs a positive integer, got ${argv[i + 1]}`);
  return n;
}

/** `lxcbus up` on a free port with every directory under `base`, as a user would start it. */
async function startStack(base: string, defaultConfig: string): Promise<Stack> {
  const port = await freePort();
  const host = `bench${process.pid}`;
  const args = ['up', '--no-auth', '--port', String(port), '--host', host, '--lxcpath', join(base, 'lxcbus'), '--rundir', join(base, 'run'),
    '--statedir', join(base, 'state'), '--cachedir', join(base, 'cache'), '--log-level', 'warn'];
  const proc = spawn(process.execPath, [join(REPO, 'bin/lxcbus'), ...args], {
    env: { ...process.env, LXCBUS_DEFAULT_CONFIG: defaultConfig }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`lxcbus up not ready in ${BENCH_DEFAULTS.readyTimeoutMs} ms:\n${out}`)), BENCH_DEFAULTS.readyTimeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('lxcbus ready')) (clearTimeout(timer), ready());
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => (clearTimeout(timer), fail(new Error(`lxcbus up exited with ${code}:\n${out}`))));
  });
  return { url: `nats://127.0.0.1:${port}`, host, proc };
}

async function stopStack(stack: Stack): Promise<void> {
  if (stack.proc.exitCode !== null || stack.proc.signalCode !== null) return;
  const gone = new Promise((r) => stack.proc.once('exit', r));
  stack.proc.kill('SIGTERM');
  await gone;
}

async function command(nc: NatsConnection, host: string, verb: string, body: object, timeoutMs: number = BENCH_DEFAULTS.commandTimeoutMs): Promise<Reply> {
  const m = await nc.request(subjects.command(host, 'root', verb), enc.encode(JSON.stringify(body)), { timeout: timeoutMs });
  const reply = JSON.parse(dec.decode(m.data)) as Reply;
  if (!reply.ok) throw new Error(`${verb} ${JSON.stringify(body)}: ${reply.error?.code} ${reply.error?.message}`);
  return reply;
}

/** One lxcbus sample: `start` published -> RUNNING event received. Returns ms and init's host pid. */
async function lxcbusStart(nc: NatsConnection, host: string, name: string): Promise<{ ms: number; pid: number }> {
  const sub = nc.subscribe(subjects.event(host, 'root', name, 'state'));
  const running = (async () => {
    for await (const m of sub) {
      const e = JSON.parse(dec.decode(m.data)) as { data: { state: string; pid: number } };
      if (e.data.state === 'RUNNING') return performance.now();
    }
    throw new Error('event subscription closed before RUNNING');
  })();
  await nc.flush();
  const t0 = performance.now();
  const reply = command(nc, host, 'start', { name });
  const t1 = await running;
  sub.unsubscribe();
  return { ms: t1 - t0, pid: (await reply).pid as number };
}

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: BENCH_DEFAULTS.createTimeoutMs });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}: ${r.stderr}`);
  return r.stdout;
}

/** One LXC sample: `lxc-start -d` + `lxc-wait -s RUNNING`, timed around both. */
function lxcStart(lxcpath: string, name: string): number {
  const t0 = performance.now();
  run('lxc-start', ['-d', '-n', name, '-P', lxcpath]);
  run('lxc-wait', ['-n', name, '-P', lxcpath, '-s', 'RUNNING', '-t', '30']);
  return performance.now() - t0;
}

function lxcStop(lxcpath: string, name: string): void {
  run('lxc-stop', ['-n', name, '-P', lxcpath, '-t', '10']);
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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const fmt = (ms: number) => ms.toFixed(1);

interface Samples {
  lxcbus: number[];
  lxc: number[];
}

async function sample(nc: NatsConnection, host: string, lxcpath: string, names: { bus: string; lxc: string }, runs: number): Promise<Samples> {
  const out: Samples = { lxcbus: [], lxc: [] };
  for (let i = 0; i <= runs; i++) {
    const bus = await lxcbusStart(nc, host, names.bus);
    await command(nc, host, 'stop', { name: names.bus, timeout: 10 });
    const lxc = lxcStart(lxcpath, names.lxc);
    lxcStop(lxcpath, names.lxc);
    if (i === 0) continue; // warm-up
    out.lxcbus.push(bus.ms);
    out.lxc.push(lxc);
  }
  return out;
}

/** Supervisor RSS with both containers running: the shim is the parent of init, as `[lxc monitor]` is in LXC. */
async function supervisorRss(nc: NatsConnection, host: string, lxcpath: string, names: { bus: string; lxc: string }): Promise<string[]> {
  const { pid } = await lxcbusStart(nc, host, names.bus);
  lxcStart(lxcpath, names.lxc);
  try {
    const shim = ppid(pid);
    const monitor = ppid(Number(run('lxc-info', ['-n', names.lxc, '-P', lxcpath, '-pH']).trim()));
    const shimKb = rssKb(shim);
    const monKb = rssKb(monitor);
    return [
      `  lxcbus shim      pid ${shim}  VmRSS ${shimKb} kB   (${cmdline(shim)})`,
      `  LXC monitor      pid ${monitor}  VmRSS ${monKb} kB   (${cmdline(monitor)})`,
      `  ratio lxcbus/LXC ${(shimKb / monKb).toFixed(2)}`,
    ];
  } finally {
    await command(nc, host, 'stop', { name: names.bus, timeout: 10 });
    lxcStop(lxcpath, names.lxc);
  }
}

function report(runs: number, s: Samples, rss: string[]): string {
  const version = run('lxc-start', ['--version']).trim();
  const mb = median(s.lxcbus);
  const ml = median(s.lxc);
  return [
    `start -> RUNNING, busybox, lxc.net.0.type = empty, ${runs} runs each (alternating, after 1 discarded warm-up)`,
    `  lxcbus           median ${fmt(mb)} ms   samples ${s.lxcbus.map(fmt).join(' ')}`,
    `  LXC ${version.padEnd(12)} median ${fmt(ml)} ms   samples ${s.lxc.map(fmt).join(' ')}`,
    `  ratio lxcbus/LXC ${(mb / ml).toFixed(2)}`,
    'supervisor RSS of a running container',
    ...rss,
  ].join('\n');
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench/start needs root (real containers)');
  const runs = parseRuns(process.argv.slice(2));
  const base = mkdtempSync(join(tmpdir(), 'lxcbus-bench-'));
  const conf = join(base, 'default.conf');
  writeFileSync(conf, 'lxc.net.0.type = empty\n');
  const lxcpath = join(base, 'lxc');
  const names = { bus: `bb${process.pid}`, lxc: `bb${process.pid}` };
  let stack: Stack | undefined;
  let nc: NatsConnection | undefined;
  let lxcCreated = false;
  try {
    stack = await startStack(base, conf);
    nc = await connect({ servers: stack.url, name: 'lxcbus-bench' });
    await command(nc, stack.host, 'create', { name: names.bus, template: 'busybox' }, BENCH_DEFAULTS.createTimeoutMs);
    run('lxc-create', ['-t', 'busybox', '-n', names.lxc, '-P', lxcpath, '-f', conf]);
    lxcCreated = true;
    const samples = await sample(nc, stack.host, lxcpath, names, runs);
    const rss = await supervisorRss(nc, stack.host, lxcpath, names);
    process.stdout.write(`${report(runs, samples, rss)}\n`);
  } finally {
    if (nc && stack) await command(nc, stack.host, 'destroy', { name: names.bus, force: true }).catch(() => undefined);
    if (lxcCreated) spawnSync('lxc-destroy', ['-f', '-n', names.lxc, '-P', lxcpath]);
    await nc?.close();
    if (stack) await stopStack(stack);
    rmSync(base, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench/start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
