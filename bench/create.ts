/**
 * `lxc-create -t download` latency, lxcbus next to real LXC in the same run, both
 * pointed at the same local image server fixture (HTTPS, CA and GPG key made at start,
 * a busybox-static image built at start). Run by hand as root after `npm run build`:
 *
 *   node dist/bench/create.js [--runs N]
 *
 * cold: `--flush-cache` (index, rootfs and meta downloaded, verified, unpacked);
 * warm: the image is cached. lxcbus is timed twice: as a user runs it
 * (`bin/lxc-create`, a Node process per call, like LXC's one process per call) and
 * as a program does (one `create` request on the bus until its reply). LXC:
 * `lxc-create -t download -- --server <fixture>` with wget trusting the test CA via
 * WGETRC and its cache in a temp LXC_CACHE_PATH. Runs alternate; containers are
 * destroyed between runs (not timed).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { connect, type NatsConnection } from 'nats';
import { subjects } from '@lxcbus/contracts';
import { startImageServer, type ImageServer } from '../test/fixtures/image-server';
import { freePort } from '../test/support/nats-fixture';

const REPO = resolve(__dirname, '../..');
const DEFAULTS = { runs: 5, readyTimeoutMs: 60_000, createTimeoutMs: 180_000 } as const;
const enc = new TextEncoder();
const dec = new TextDecoder();

interface Run { code: number; stdout: string; stderr: string }

/** Asynchronous on purpose: the image server answering these tools lives in this process. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((ok, fail) => {
    const p = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.once('error', fail);
    p.once('close', (code) => ok({ code: code ?? -1, stdout, stderr }));
  });
}

async function must(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<number> {
  const t0 = performance.now();
  const r = await run(cmd, args, env);
  const ms = performance.now() - t0;
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}: ${r.stderr}${r.stdout}`);
  return ms;
}

async function startStack(base: string, env: NodeJS.ProcessEnv): Promise<{ url: string; host: string; env: NodeJS.ProcessEnv; stop(): Promise<void> }> {
  const port = await freePort();
  const host = `benchc${process.pid}`;
  const args = ['up', '--no-auth', '--port', String(port), '--host', host, '--lxcpath', join(base, 'lxcbus'), '--rundir', join(base, 'run'),
    '--statedir', join(base, 'state'), '--cachedir', join(base, 'cache'), '--log-level', 'warn'];
  const stackEnv = { ...env, LXCBUS_NATS_URL: `nats://127.0.0.1:${port}`, LXCBUS_HOST: host, LXCBUS_LXCPATH: join(base, 'lxcbus') };
  const proc = spawn(process.execPath, [join(REPO, 'bin/lxcbus'), ...args], { env: stackEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`lxcbus up not ready:\n${out}`)), DEFAULTS.readyTimeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('lxcbus ready')) (clearTimeout(timer), ready());
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => (clearTimeout(timer), fail(new Error(`lxcbus up exited with ${code}:\n${out}`))));
  });
  return {
    url: stackEnv.LXCBUS_NATS_URL, host, env: stackEnv,
    stop: async () => {
      if (proc.exitCode !== null) return;
      const gone = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await gone;
    },
  };
}

async function busCreate(nc: NatsConnection, host: string, name: string, templateArgs: string[]): Promise<number> {
  const t0 = performance.now();
  const m = await nc.request(subjects.command(host, 'root', 'create'), enc.encode(JSON.stringify({ name, template: 'download', templateArgs })), { timeout: DEFAULTS.createTimeoutMs });
  const ms = performance.now() - t0;
  const reply = JSON.parse(dec.decode(m.data)) as { ok: boolean; error?: { code: string; message: string } };
  if (!reply.ok) throw new Error(`create ${name}: ${reply.error?.code} ${reply.error?.message}`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
const fmt = (ms: number) => ms.toFixed(1);

type Kind = 'busCli' | 'busBus' | 'lxc';
type Samples = Record<'cold' | 'warm', Record<Kind, number[]>>;

async function sample(server: ImageServer, stack: Awaited<ReturnType<typeof startStack>>, nc: NatsConnection, lxcpath: string, conf: string, lxcEnv: NodeJS.ProcessEnv, runs: number): Promise<Samples> {
  const out: Samples = { cold: { busCli: [], busBus: [], lxc: [] }, warm: { busCli: [], busBus: [], lxc: [] } };
  const image = ['-d', 'alpine', '-r', '3.20', '-a', 'amd64', '--server', server.host];
  const cli = (name: string, extra: string[]) => must(process.execPath, [join(REPO, 'bin/lxc-create'), '-q', '-t', 'download', '-n', name, '--', ...image, ...extra], stack.env);
  const lxc = (name: string, extra: string[]) => must('lxc-create', ['-q', '-P', lxcpath, '-f', conf, '-t', 'download', '-n', name, '--', ...image, ...extra], lxcEnv);
  const destroyBus = (name: string) => must(process.execPath, [join(REPO, 'bin/lxc-destroy'), '-n', name], stack.env);
  const destroyLxc = (name: string) => must('lxc-destroy', ['-P', lxcpath, '-n', name]);
  for (let i = 0; i <= runs; i++) {
    for (const phase of ['cold', 'warm'] as const) {
      const extra = phase === 'cold' ? ['--flush-cache'] : [];
      const t = {
        busCli: await cli('bc', extra),
        busBus: await busCreate(nc, stack.host, 'bb', [...image, ...extra]),
        lxc: await lxc('lc', extra),
      };
      await Promise.all([destroyBus('bc'), destroyBus('bb'), destroyLxc('lc')]);
      if (i === 0) continue; // warm-up: JIT, connections, page cache
      for (const k of Object.keys(t) as Kind[]) out[phase][k].push(t[k]);
    }
  }
  return out;
}

function report(runs: number, s: Samples, version: string, imageBytes: number): string {
  const lines = [`lxc-create -t download from the local fixture over HTTPS (busybox image, rootfs.tar.xz ${(imageBytes / 1e6).toFixed(2)} MB), ${runs} runs each, alternating, after 1 discarded warm-up`];
  for (const phase of ['cold', 'warm'] as const) {
    const m = (k: Kind) => median(s[phase][k]);
    lines.push(`${phase === 'cold' ? 'cold cache (--flush-cache)' : 'warm cache'}`,
      `  lxcbus bin/lxc-create  median ${fmt(m('busCli'))} ms   samples ${s[phase].busCli.map(fmt).join(' ')}`,
      `  lxcbus bus request     median ${fmt(m('busBus'))} ms   samples ${s[phase].busBus.map(fmt).join(' ')}`,
      `  LXC ${version.padEnd(18)} median ${fmt(m('lxc'))} ms   samples ${s[phase].lxc.map(fmt).join(' ')}`,
      `  ratio lxcbus CLI/LXC ${(m('busCli') / m('lxc')).toFixed(2)}   lxcbus bus/LXC ${(m('busBus') / m('lxc')).toFixed(2)}`);
  }
  return lines.join('\n');
}

function parseRuns(argv: string[]): number {
  const i = argv.indexOf('--runs');
  const n = i >= 0 ? Number(argv[i + 1]) : DEFAULTS.runs;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--runs needs a positive integer, got ${argv[i + 1]}`);
  return n;
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('bench/create needs root (image unpacking keeps owners and devices)');
  const runs = parseRuns(process.argv.slice(2));
  const base = mkdtempSync(join(tmpdir(), 'lxcbus-bench-create-'));
  const conf = join(base, 'default.conf');
  writeFileSync(conf, 'lxc.net.0.type = empty\n');
  const server = await startImageServer();
  let stack: Awaited<ReturnType<typeof startStack>> | undefined;
  let nc: NatsConnection | undefined;
  try {
    stack = await startStack(base, { ...process.env, LXCBUS_DEFAULT_CONFIG: conf, LXCBUS_IMAGE_CA_FILE: server.tls.caCert, LXCBUS_IMAGE_KEYRING: server.keyring });
    nc = await connect({ servers: stack.url, name: 'lxcbus-bench-create' });
    const lxcEnv = { ...process.env, WGETRC: server.wgetrc, LXC_CACHE_PATH: join(base, 'lxc-cache') };
    const samples = await sample(server, stack, nc, join(base, 'lxc'), conf, lxcEnv, runs);
    const version = (await run('lxc-create', ['--version'])).stdout.trim();
    process.stdout.write(`${report(runs, samples, version, readFileSync(server.image.rootfs).length)}\n`);
  } finally {
    await nc?.close();
    await stack?.stop();
    await server.stop();
    rmSync(base, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench/create: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
