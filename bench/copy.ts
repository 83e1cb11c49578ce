/**
 * lxc-copy times, lxcbus next to real LXC in the same run, on the same
 * container (busybox from the busybox template, `lxc.net.0.type = empty`):
 * `lxc-copy -s` (overlay snapshot clone) and a full `lxc-copy` (rootfs copied),
 * each followed by an untimed `lxc-destroy` of the clone. Both sides are timed
 * as a user runs them: the command-line tool's wall time (bin/lxc-copy, a Node
 * client talking to the stack, vs /usr/bin/lxc-copy). Runs alternate between
 * the two, after one discarded warm-up. Run by hand as root after `npm run build`:
 *
 *   node dist/bench/copy.js [--runs N]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort } from '../test/support/nats-fixture';

const REPO = resolve(__dirname, '../..');
const DEFAULTS = { runs: 10, readyTimeoutMs: 60_000, toolTimeoutMs: 180_000 } as const;

function parseRuns(argv: string[]): number {
  const i = argv.indexOf('--runs');
  const n = i >= 0 ? Number(argv[i + 1]) : DEFAULTS.runs;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--runs needs a positive integer, got ${argv[i + 1]}`);
  return n;
}

interface Stack {
  env: NodeJS.ProcessEnv;
  proc: ChildProcess;
}

/** `lxcbus up` on a free port with every directory under `base`; the drop-ins get its address and identity. */
async function startStack(base: string, defaultConfig: string): Promise<Stack> {
  const port = await freePort();
  const host = `benchcp${process.pid}`;
  const stateDir = join(base, 'state');
  const args = ['up', '--port', String(port), '--host', host, '--lxcpath', join(base, 'lxcbus'), '--rundir', join(base, 'run'),
    '--statedir', stateDir, '--cachedir', join(base, 'cache'), '--log-level', 'warn'];
  const env: NodeJS.ProcessEnv = {
    ...process.env, LXCBUS_DEFAULT_CONFIG: defaultConfig, LXCBUS_NATS_URL: `nats://127.0.0.1:${port}`, LXCBUS_HOST: host,
    LXCBUS_LXCPATH: join(base, 'lxcbus'),
  };
  const proc = spawn(process.execPath, [join(REPO, 'bin/lxcbus'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`lxcbus up not ready in ${DEFAULTS.readyTimeoutMs} ms:\n${out}`)), DEFAULTS.readyTimeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('lxcbus ready')) (clearTimeout(timer), ready());
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => (clearTimeout(timer), fail(new Error(`lxcbus up exited with ${code}:\n${out}`))));
  });
  const creds = join(stateDir, 'auth', 'services.creds');
  if (existsSync(creds)) env.LXCBUS_CREDS = creds;
  return { env, proc };
}

async function stopStack(stack: Stack): Promise<void> {
  if (stack.proc.exitCode !== null || stack.proc.signalCode !== null) return;
  const gone = new Promise((r) => stack.proc.once('exit', r));
  stack.proc.kill('SIGTERM');
  await gone;
}

function run(cmd: string, args: string[], env?: NodeJS.ProcessEnv): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: DEFAULTS.toolTimeoutMs, env: env ?? process.env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}: ${r.stderr}`);
}

function timed(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const fmt = (ms: number) => ms.toFixed(1);

interface Sides {
  bus: (tool: string, args: string[]) => void;
  lxc: (tool: string, args: string[]) => void;
}

function sample(sides: Sides, flags: string[], runs: number): { lxcbus: number[]; lxc: number[] } {
  const out = { lxcbus: [] as number[], lxc: [] as number[] };
  for (let i = 0; i <= runs; i++) {
    const clone = `cl${i}`;
    const b = timed(() => sides.bus('lxc-copy', ['-n', 'orig', '-N', clone, ...flags]));
    sides.bus('lxc-destroy', ['-n', clone]);
    const l = timed(() => sides.lxc('lxc-copy', ['-n', 'orig', '-N', clone, ...flags]));
    sides.lxc('lxc-destroy', ['-n', clone]);
    if (i === 0) continue; // warm-up
    out.lxcbus.push(b);
    out.lxc.push(l);
  }
  return out;
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench/copy needs root (real containers)');
  const runs = parseRuns(process.argv.slice(2));
  const base = mkdtempSync(join(tmpdir(), 'lxcbus-bench-copy-'));
  const conf = join(base, 'default.conf');
  writeFileSync(conf, 'lxc.net.0.type = empty\n');
  const lxcpath = join(base, 'lxc');
  let stack: Stack | undefined;
  let lxcCreated = false;
  try {
    stack = await startStack(base, conf);
    const env = stack.env;
    const sides: Sides = {
      bus: (tool, args) => run(process.execPath, [join(REPO, 'bin', tool), ...args], env),
      lxc: (tool, args) => run(`/usr/bin/${tool}`, ['-P', lxcpath, ...args]),
    };
    sides.bus('lxc-create', ['-t', 'busybox', '-n', 'orig']);
    run('/usr/bin/lxc-create', ['-P', lxcpath, '-t', 'busybox', '-n', 'orig', '-f', conf]);
    lxcCreated = true;
    const version = spawnSync('/usr/bin/lxc-copy', ['--version'], { encoding: 'utf8' }).stdout.trim();
    const lines = [`lxc-copy wall time, busybox rootfs, ${runs} runs each (alternating, after 1 discarded warm-up); LXC ${version}`];
    for (const [label, flags] of [['lxc-copy -s (overlay snapshot clone)', ['-s']], ['lxc-copy (full copy)', []]] as const) {
      const s = sample(sides, [...flags], runs);
      const mb = median(s.lxcbus);
      const ml = median(s.lxc);
      lines.push(label,
        `  lxcbus           median ${fmt(mb)} ms   samples ${s.lxcbus.map(fmt).join(' ')}`,
        `  LXC              median ${fmt(ml)} ms   samples ${s.lxc.map(fmt).join(' ')}`,
        `  ratio lxcbus/LXC ${(mb / ml).toFixed(2)}`);
    }
    const node = median(Array.from({ length: 5 }, () => timed(() => run(process.execPath, ['-e', '0']))));
    lines.push(`(a bare \`node -e 0\` takes ${fmt(node)} ms here: the drop-in's fixed cost as a Node process)`);
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    if (stack) spawnSync(process.execPath, [join(REPO, 'bin/lxc-destroy'), '-f', '-n', 'orig'], { env: stack.env });
    if (lxcCreated) spawnSync('/usr/bin/lxc-destroy', ['-f', '-n', 'orig', '-P', lxcpath]);
    if (stack) await stopStack(stack);
    rmSync(base, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench/copy: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
