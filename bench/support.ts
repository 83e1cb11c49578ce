/**
 * What every benchmark shares: a temp dir with a stack (`lxcbus up`) and an LXC lxcpath,
 * busybox containers on both sides, the alternating timing loop and the median/ratio lines.
 * Everything made is removed at the end, also on failure. See bench/README.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { NatsConnection } from 'nats';
import { subjects } from '@lxcbus/contracts';
import { lxcbusUp, type UpStack } from '../test/support/lxcbus-up';

export const REPO = resolve(__dirname, '../..');
const TOOL_TIMEOUT_MS = 180_000;
const enc = new TextEncoder();
const dec = new TextDecoder();

export interface Reply {
  ok: boolean;
  error?: { code: string; message: string };
  [k: string]: unknown;
}

/** A command over the bus as root; a refusal throws. */
export async function busCommand(nc: NatsConnection, host: string, verb: string, body: object, timeoutMs = 60_000): Promise<Reply> {
  const m = await nc.request(subjects.command(host, 'root', verb), enc.encode(JSON.stringify(body)), { timeout: timeoutMs });
  const reply = JSON.parse(dec.decode(m.data)) as Reply;
  if (!reply.ok) throw new Error(`${verb} ${JSON.stringify(body)}: ${reply.error?.code} ${reply.error?.message}`);
  return reply;
}

/** Runs a tool to its end (blocking: nothing else in this process must answer it); stdout, or a throw. */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: TOOL_TIMEOUT_MS, env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}: ${r.stderr}`);
  return r.stdout;
}

export function timed(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export const fmt = (ms: number) => ms.toFixed(1);

/** `  <label> median X ms   samples a b c`, labels padded to `width` so the columns line up. */
export function sampleLine(label: string, xs: number[], width = 16): string {
  return `  ${label.padEnd(width)} median ${fmt(median(xs))} ms   samples ${xs.map(fmt).join(' ')}`;
}

/** Ratio of the medians, two decimals (below 1: the first is faster). */
export const ratio = (a: number[], b: number[]) => (median(a) / median(b)).toFixed(2);

/** The lxcbus line, the LXC line and their ratio. */
export function pairLines(s: { lxcbus: number[]; lxc: number[] }, lxcLabel = 'LXC'): string[] {
  return [sampleLine('lxcbus', s.lxcbus), sampleLine(lxcLabel, s.lxc), `  ratio lxcbus/LXC ${ratio(s.lxcbus, s.lxc)}`];
}

/**
 * `runs` + 1 rounds of `one`, each timing every side once so machine noise hits all of them;
 * round 0 is a warm-up (JIT, lazy connections, page cache) and is discarded.
 */
export async function alternate<K extends string>(runs: number, one: (round: number) => Record<K, number> | Promise<Record<K, number>>): Promise<Record<K, number[]>> {
  const out = {} as Record<K, number[]>;
  for (let i = 0; i <= runs; i++) {
    const t = await one(i);
    if (i === 0) continue;
    for (const k of Object.keys(t) as K[]) (out[k] ??= []).push(t[k]);
  }
  return out;
}

export interface Bench {
  base: string;
  /** `lxc.net.0.type = empty`: the stack's default config and LXC's `-f`. */
  conf: string;
  /** Real LXC's lxcpath (`-P`). */
  lxcpath: string;
  stack: UpStack;
  /** A bin/ drop-in against the stack. */
  bus(tool: string, args: string[]): string;
  /** /usr/bin/<tool> -P <lxcpath>. */
  lxc(tool: string, args: string[]): string;
  /** A busybox container of that name on each side, destroyed at the end. */
  busybox(name: string): void;
  /** Runs at the end, last first, before the stack stops. */
  defer(f: () => unknown): void;
}

export interface BenchOptions {
  /** bench/<name>, in messages and the temp dir's name. */
  name: string;
  /** Why it needs root, said when it is not. */
  rootFor: string;
  runs: number;
  /** false: the stack runs with `--no-auth` (a signature per connection, nothing per command). */
  auth?: boolean;
}

/** Started before the stack, whose env it adds to, and stopped after it (create's image server). */
export interface Fixture {
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/** The whole life of a benchmark: parses --runs, sets up, prints what `body` returns, cleans up. */
export function benchMain<F extends Fixture>(o: BenchOptions & { fixture?: () => Promise<F> }, body: (b: Bench, runs: number, fixture: F) => Promise<string>): void {
  const go = async () => {
    if (process.getuid?.() !== 0) throw new Error(`bench/${o.name} needs root (${o.rootFor})`);
    const runs = parseRuns(process.argv.slice(2), o.runs);
    const base = mkdtempSync(join(tmpdir(), `lxcbus-bench-${o.name}-`));
    const cleanups: Array<() => unknown> = [];
    let stack: UpStack | undefined;
    let fixture: F | undefined;
    try {
      fixture = await o.fixture?.();
      const conf = join(base, 'default.conf');
      writeFileSync(conf, 'lxc.net.0.type = empty\n');
      stack = await lxcbusUp({ base, host: `bench${o.name}${process.pid}`, lxcpath: join(base, 'lxcbus'), auth: o.auth ?? false,
        env: { LXCBUS_DEFAULT_CONFIG: conf, ...fixture?.env } });
      process.stdout.write(`${await body(benchOf(base, conf, stack, cleanups), runs, fixture as F)}\n`);
    } finally {
      for (const f of cleanups.reverse()) await Promise.resolve().then(f).catch(() => undefined);
      await stack?.stop();
      await fixture?.stop();
      rmSync(base, { recursive: true, force: true });
    }
  };
  go().catch((err: unknown) => {
    process.stderr.write(`bench/${o.name}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}

function benchOf(base: string, conf: string, stack: UpStack, cleanups: Array<() => unknown>): Bench {
  const lxcpath = join(base, 'lxc');
  const b: Bench = {
    base, conf, lxcpath, stack,
    bus: (tool, args) => run(process.execPath, [join(REPO, 'bin', tool), ...args], stack.env),
    lxc: (tool, args) => run(`/usr/bin/${tool}`, ['-P', lxcpath, ...args]),
    busybox: (name) => {
      b.defer(() => b.bus('lxc-destroy', ['-f', '-n', name]));
      b.bus('lxc-create', ['-t', 'busybox', '-n', name]);
      b.lxc('lxc-create', ['-t', 'busybox', '-n', name, '-f', conf]);
      b.defer(() => b.lxc('lxc-destroy', ['-f', '-n', name]));
    },
    defer: (f) => cleanups.push(f),
  };
  return b;
}

function parseRuns(argv: string[], fallback: number): number {
  const i = argv.indexOf('--runs');
  const n = i >= 0 ? Number(argv[i + 1]) : fallback;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--runs needs a positive integer, got ${argv[i + 1]}`);
  return n;
}
