#!/usr/bin/env node
/**
 * Proves deploy/nats/*.conf work: starts single.conf, then the three cluster
 * servers on loopback ports with temp stores (the only rewrites: addresses and
 * store_dir), waits for the full route mesh on /routez, creates a JetStream
 * stream with 3 replicas and publishes to it, then stops everything.
 *   node scripts/check-nats-deploy.js      (needs nats-server; exit 0 when all hold)
 */
'use strict';
const { spawn } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { connect } = require('nats');

const DEPLOY = resolve(__dirname, '..', 'deploy', 'nats');
const BIN = process.env.NATS_SERVER_BIN || '/usr/sbin/nats-server';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer().once('error', fail);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

/** Replaces exactly `count` occurrences, so a changed config layout fails loudly instead of testing nothing. */
function rewrite(text, from, to, count, file) {
  const n = text.split(from).length - 1;
  if (n !== count) throw new Error(`${file}: expected ${count} × ${JSON.stringify(from)}, found ${n}; update this check`);
  return text.split(from).join(to);
}

async function until(what, fn, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try { const v = await fn(); if (v) return v; } catch (err) { last = err; }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await sleep(200);
  }
}

function startServer(conf, dir, name) {
  const path = join(dir, `${name}.conf`);
  writeFileSync(path, conf);
  const log = [];
  const proc = spawn(BIN, ['-c', path], { stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout.on('data', (d) => log.push(d)); proc.stderr.on('data', (d) => log.push(d));
  proc.on('exit', (code) => { if (!proc.stopping) process.stderr.write(`${name} exited ${code}:\n${Buffer.concat(log)}\n`); });
  return proc;
}

async function stopAll(procs) {
  await Promise.all(procs.map((p) => new Promise((r) => {
    if (p.exitCode !== null) return r();
    p.stopping = true; p.once('exit', r); p.kill('SIGTERM');
  })));
}

async function checkSingle(dir) {
  const [client, http] = [await freePort(), await freePort()];
  let conf = readFileSync(join(DEPLOY, 'single.conf'), 'utf8');
  conf = rewrite(conf, '127.0.0.1:4222', `127.0.0.1:${client}`, 1, 'single.conf');
  conf = rewrite(conf, '127.0.0.1:8222', `127.0.0.1:${http}`, 1, 'single.conf');
  conf = rewrite(conf, '/var/lib/lxcbus/nats', join(dir, 'single'), 1, 'single.conf');
  const proc = startServer(conf, dir, 'single');
  try {
    await until('single.conf JetStream', async () => {
      const nc = await connect({ servers: `127.0.0.1:${client}`, reconnect: false });
      try { return (await (await nc.jetstreamManager()).getAccountInfo()) !== undefined; } finally { await nc.close(); }
    });
    console.log('single.conf: JetStream answers');
  } finally { await stopAll([proc]); }
}

async function checkCluster(dir) {
  const ports = [];
  for (let i = 0; i < 3; i++) ports.push({ client: await freePort(), http: await freePort(), route: await freePort() });
  const procs = [];
  try {
    for (let i = 0; i < 3; i++) {
      const file = `cluster/n${i + 1}.conf`;
      let conf = readFileSync(join(DEPLOY, file), 'utf8');
      conf = rewrite(conf, '0.0.0.0:4222', `127.0.0.1:${ports[i].client}`, 1, file);
      conf = rewrite(conf, '127.0.0.1:8222', `127.0.0.1:${ports[i].http}`, 1, file);
      conf = rewrite(conf, '0.0.0.0:6222', `127.0.0.1:${ports[i].route}`, 1, file);
      conf = rewrite(conf, '/var/lib/lxcbus/nats', join(dir, `n${i + 1}`), 1, file);
      for (let k = 0; k < 3; k++) conf = rewrite(conf, `n${k + 1}.lxcbus.internal:6222`, `127.0.0.1:${ports[k].route}`, 1, file);
      procs.push(startServer(conf, dir, `n${i + 1}`));
    }
    for (let i = 0; i < 3; i++) {
      await until(`n${i + 1} /routez to show 2 routes`, async () =>
        (await (await fetch(`http://127.0.0.1:${ports[i].http}/routez`)).json()).num_routes === 2);
    }
    console.log('cluster: every server routes to the other two');
    const nc = await connect({ servers: ports.map((p) => `127.0.0.1:${p.client}`) });
    try {
      const jsm = await until('JetStream in the cluster', () => nc.jetstreamManager({ timeout: 2_000 }), 30_000);
      const info = await until('a stream with 3 replicas', () =>
        jsm.streams.add({ name: 'LXCBUS_DEPLOY_CHECK', subjects: ['lxcbus.deploycheck.>'], num_replicas: 3 }), 30_000);
      const ack = await nc.jetstream().publish('lxcbus.deploycheck.x', new TextEncoder().encode('{}'));
      const peers = (await until('both followers current', async () => {
        const s = await jsm.streams.info('LXCBUS_DEPLOY_CHECK');
        return s.cluster.replicas?.length === 2 && s.cluster.replicas.every((r) => r.current) ? s : null;
      })).cluster;
      console.log(`cluster: stream ${info.config.name} replicas ${info.config.num_replicas}, leader ${peers.leader}, ` +
        `followers ${peers.replicas.map((r) => r.name).join(',')}; publish acked seq ${ack.seq}`);
    } finally { await nc.close(); }
  } finally { await stopAll(procs); }
}

(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lxcbus-nats-deploy-'));
  try {
    await checkSingle(dir);
    await checkCluster(dir);
    console.log('deploy/nats: ok');
  } finally { rmSync(dir, { recursive: true, force: true }); }
})().catch((err) => { console.error(`deploy/nats check failed: ${err.message}`); process.exit(1); });
