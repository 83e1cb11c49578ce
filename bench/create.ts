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
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { connect, type NatsConnection } from 'nats';
import { startImageServer, type ImageServer } from '../test/fixtures/image-server';
import { runAsync } from '../test/support/run-async';
import { alternate, benchMain, busCommand, ratio, REPO, run, sampleLine, type Bench } from './support';

const PHASES = ['cold', 'warm'] as const;
type Phase = (typeof PHASES)[number];
type Kind = 'busCli' | 'busBus' | 'lxc';
type Key = `${Phase}.${Kind}`;

/**
 * Wall time of a tool run to its end, or a throw. Asynchronous on purpose (unlike
 * support's run): the image server answering these tools lives in this process.
 */
async function must(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const t0 = performance.now();
  const r = await runAsync(cmd, args, env);
  const ms = performance.now() - t0;
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}: ${r.stderr}${r.stdout}`);
  return ms;
}

/** One round: each phase, each side once; the three containers are destroyed (untimed) after each phase. */
function round(b: Bench, server: ImageServer, nc: NatsConnection): () => Promise<Record<Key, number>> {
  const image = ['-d', 'alpine', '-r', '3.20', '-a', 'amd64', '--server', server.host];
  const lxcEnv = { ...process.env, WGETRC: server.wgetrc, LXC_CACHE_PATH: join(b.base, 'lxc-cache') };
  const cli = (name: string, extra: string[]) => must(process.execPath, [join(REPO, 'bin/lxc-create'), '-q', '-t', 'download', '-n', name, '--', ...image, ...extra], b.stack.env);
  const lxc = (name: string, extra: string[]) => must('lxc-create', ['-q', '-P', b.lxcpath, '-f', b.conf, '-t', 'download', '-n', name, '--', ...image, ...extra], lxcEnv);
  const bus = async (name: string, extra: string[]) => {
    const t0 = performance.now();
    await busCommand(nc, b.stack.host, 'create', { name, template: 'download', templateArgs: [...image, ...extra] }, 180_000);
    return performance.now() - t0;
  };
  const destroyBus = (name: string) => must(process.execPath, [join(REPO, 'bin/lxc-destroy'), '-n', name], b.stack.env);
  return async () => {
    const t = {} as Record<Key, number>;
    for (const phase of PHASES) {
      const extra = phase === 'cold' ? ['--flush-cache'] : [];
      t[`${phase}.busCli`] = await cli('bc', extra);
      t[`${phase}.busBus`] = await bus('bb', extra);
      t[`${phase}.lxc`] = await lxc('lc', extra);
      await Promise.all([destroyBus('bc'), destroyBus('bb'), must('lxc-destroy', ['-P', b.lxcpath, '-n', 'lc'])]);
    }
    return t;
  };
}

function report(runs: number, s: Record<Key, number[]>, version: string, imageBytes: number): string {
  const lines = [`lxc-create -t download from the local fixture over HTTPS (busybox image, rootfs.tar.xz ${(imageBytes / 1e6).toFixed(2)} MB), ${runs} runs each, alternating, after 1 discarded warm-up`];
  for (const phase of PHASES) {
    const k = (kind: Kind) => s[`${phase}.${kind}`];
    lines.push(`${phase === 'cold' ? 'cold cache (--flush-cache)' : 'warm cache'}`,
      sampleLine('lxcbus bin/lxc-create', k('busCli'), 22),
      sampleLine('lxcbus bus request', k('busBus'), 22),
      sampleLine(`LXC ${version}`, k('lxc'), 22),
      `  ratio lxcbus CLI/LXC ${ratio(k('busCli'), k('lxc'))}   lxcbus bus/LXC ${ratio(k('busBus'), k('lxc'))}`);
  }
  return lines.join('\n');
}

const imageServer = async () => {
  const server = await startImageServer();
  return { server, env: { LXCBUS_IMAGE_CA_FILE: server.tls.caCert, LXCBUS_IMAGE_KEYRING: server.keyring }, stop: () => server.stop() };
};

benchMain({ name: 'create', rootFor: 'image unpacking keeps owners and devices', runs: 5, fixture: imageServer }, async (b, runs, { server }) => {
  const nc = await connect({ servers: b.stack.url, name: 'lxcbus-bench-create' });
  b.defer(() => nc.close());
  const samples = await alternate(runs, round(b, server, nc));
  const version = run('lxc-create', ['--version']).trim();
  return report(runs, samples, version, readFileSync(server.image.rootfs).length);
});
