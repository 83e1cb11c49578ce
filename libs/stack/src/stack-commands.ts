/**
 * The three verbs as functions returning exit statuses, for bin/lxcbus:
 * `up` (foreground, or `-d` in the background), `down` (signal the launcher, wait), `status` (ping all).
 */
import { rmSync } from 'node:fs';
import { connectBus, type BusSettings } from '@lxcbus/bus-client';
import { servicesCredsPath } from './auth-store';
import type { ServiceName } from '@lxcbus/contracts';
import { STACK_DEFAULTS } from './stack-defaults';
import { StackError, StackExit, StackUsageError } from './stack-errors';
import { runDetached } from './detached-up';
import { DOWN_USAGE, parseStateDirArgs, parseUpArgs, STATUS_USAGE, UP_USAGE, type Parsed } from './stack-options';
import { EmbeddedStack } from './embedded-stack';
import { pidFilePath, runningLauncherPid } from './stack-lock';
import { readStackRecord, removeStackRecord } from './stack-record';
import { stopLeftovers } from './leftovers';
import { isAlive, signal, waitGone } from './process-probe';
import { formatUptime, pingService } from './service-ping';
import { processIo, type StackIo } from './stack-io';

/** Parses, answers --help, reports a usage error with the usage text; otherwise runs `body`. */
async function withOptions<T>(
  argv: readonly string[], io: StackIo, parse: (argv: readonly string[]) => Parsed<T>, usage: string,
  body: (options: T) => Promise<number>,
): Promise<number> {
  let parsed: Parsed<T>;
  try {
    parsed = parse(argv);
  } catch (err) {
    if (!(err instanceof StackError)) throw err;
    io.err(`lxcbus: ${err.message}`);
    if (err instanceof StackUsageError) io.err(usage);
    return StackExit.failed;
  }
  if (parsed.help) {
    io.out(usage);
    return StackExit.ok;
  }
  return body(parsed.options);
}

export function runStackUp(argv: readonly string[], io: StackIo = processIo): Promise<number> {
  return withOptions(argv, io, parseUpArgs, UP_USAGE, async (options) => {
    try {
      if (options.detach) return await runDetached(options, io);
      return await new EmbeddedStack(options, io).run();
    } catch (err) {
      io.err(`lxcbus up: ${err instanceof Error ? err.message : String(err)}`);
      return StackExit.failed;
    }
  });
}

export function runStackDown(argv: readonly string[], io: StackIo = processIo): Promise<number> {
  return withOptions(argv, io, parseStateDirArgs, DOWN_USAGE, ({ statedir }) => stopStack(statedir, io));
}

export function runStackStatus(argv: readonly string[], io: StackIo = processIo): Promise<number> {
  return withOptions(argv, io, parseStateDirArgs, STATUS_USAGE, ({ statedir }) => reportStatus(statedir, io));
}

async function stopStack(statedir: string, io: StackIo): Promise<number> {
  const pid = runningLauncherPid(statedir);
  if (pid === null) {
    const record = readStackRecord(statedir);
    const stopped = record ? await stopLeftovers(record, STACK_DEFAULTS.stopTimeoutMs) : [];
    if (record) removeStackRecord(statedir);
    rmSync(pidFilePath(statedir), { force: true });
    io.err(stopped.length > 0
      ? `lxcbus down: the launcher was gone; stopped its leftovers: ${stopped.join(', ')}`
      : `lxcbus down: no stack running on ${statedir}`);
    return StackExit.ok;
  }
  signal(pid, 'SIGTERM');
  // The launcher escalates to SIGKILL for its own children after stopTimeoutMs; allow for services then nats.
  if (await waitGone(pid, STACK_DEFAULTS.stopTimeoutMs * 2 + 5_000)) {
    io.err(`lxcbus down: stack on ${statedir} stopped`);
    return StackExit.ok;
  }
  io.err(`lxcbus down: launcher pid ${pid} did not exit; killing it and its children`);
  signal(pid, 'SIGKILL');
  const record = readStackRecord(statedir);
  if (record) await stopLeftovers(record, STACK_DEFAULTS.stopTimeoutMs);
  return StackExit.failed;
}

const pad = (s: string) => s.padEnd(20);

async function reportStatus(statedir: string, io: StackIo): Promise<number> {
  const record = readStackRecord(statedir);
  if (!record || !isAlive(record.launcherPid)) {
    io.out(`${pad('stack')}down (no stack running on ${statedir})`);
    return StackExit.notAllUp;
  }
  io.out(`${pad('stack')}up    pid ${record.launcherPid} ${record.natsUrl} host ${record.host} lxcpath ${record.dirs.lxcpath}`);
  const settings: BusSettings = { natsUrl: record.natsUrl, host: record.host, requestTimeoutMs: 2_000, lxcpath: record.dirs.lxcpath };
  if (record.auth) settings.credsFile = servicesCredsPath(statedir);
  let nc;
  try {
    nc = await connectBus(settings, { name: `lxcbus-status@${record.host}` });
  } catch {
    io.out(`${pad('nats-server')}down  (no answer on ${record.natsUrl})`);
    for (const name of Object.keys(record.services)) io.out(`${pad(name)}down  (no bus)`);
    return StackExit.notAllUp;
  }
  io.out(`${pad('nats-server')}up    pid ${record.nats.pid ?? '?'}`);
  let allUp = true;
  try {
    for (const name of Object.keys(record.services) as ServiceName[]) {
      const r = await pingService(nc, record.host, name, 2_000);
      if (r.up) io.out(`${pad(name)}up    pid ${r.reply.pid} uptime ${formatUptime(r.reply.uptimeMs)}`);
      else io.out(`${pad(name)}down  (${r.reason})`);
      allUp &&= r.up;
    }
  } finally {
    await nc.close();
  }
  return allUp ? StackExit.ok : StackExit.notAllUp;
}
