/**
 * Plain-NATS helpers for system tests: requests, event waiting, JetStream
 * replay and an attach session done by hand. Only the `nats` client is on the
 * request path, so a test built on these proves that a program in any
 * language can drive lxcbus; @lxcbus/contracts is used for spelling only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  connect, headers as natsHeaders, nkeyAuthenticator, type JsMsg, type Msg, type NatsConnection, type Subscription,
} from 'nats';
import { EVENTS_STREAM, IO_KEEPALIVE_INTERVAL_MS, IO_KIND_HEADER, subjects } from '@lxcbus/contracts';

const enc = new TextEncoder();
const dec = new TextDecoder();

export interface WireReply {
  ok: boolean;
  error?: { code: string; message: string; details?: unknown };
  [field: string]: unknown;
}

export interface BusEvent {
  subject: string;
  type: string;
  data: Record<string, unknown>;
  raw: Record<string, unknown>;
}

/** Credentials files (lxcbus JSON: `seed`, `inboxPrefix`) that connectPlain uses for a stack's url; the harness registers them. */
const credentialsByUrl = new Map<string, string>();

export function useCredentialsFor(url: string, file: string): void {
  credentialsByUrl.set(url, file);
}

/** The connection options a credentials file gives any NATS client: an nkey seed to sign the nonce, and an inbox prefix. */
export function credentialOptions(file: string): { authenticator: ReturnType<typeof nkeyAuthenticator>; inboxPrefix?: string } {
  const c = JSON.parse(readFileSync(file, 'utf8')) as { seed: string; inboxPrefix?: string };
  return { authenticator: nkeyAuthenticator(enc.encode(c.seed)), ...(c.inboxPrefix ? { inboxPrefix: c.inboxPrefix } : {}) };
}

/** Connects with the stack's services identity when the harness registered one for `url`, else (`--no-auth`) without. */
export function connectPlain(url: string, name = 'lxcbus-system-test', credsFile = credentialsByUrl.get(url)): Promise<NatsConnection> {
  return connect({ servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 200, ...(credsFile ? credentialOptions(credsFile) : {}) });
}

/** A body given as a string or bytes goes out as is (malformed-input tests); anything else as JSON. */
export function encodeBody(body: unknown): Uint8Array {
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return enc.encode(body);
  return enc.encode(JSON.stringify(body));
}

export async function requestRaw(nc: NatsConnection, subject: string, body: unknown, timeoutMs = 10_000): Promise<Msg> {
  return nc.request(subject, encodeBody(body), { timeout: timeoutMs });
}

export async function requestJson(nc: NatsConnection, subject: string, body: unknown, timeoutMs = 10_000): Promise<WireReply> {
  const msg = await requestRaw(nc, subject, body, timeoutMs);
  return JSON.parse(dec.decode(msg.data)) as WireReply;
}

export function command(nc: NatsConnection, host: string, verb: string, body: unknown, timeoutMs = 30_000, owner = 'root'): Promise<WireReply> {
  return requestJson(nc, subjects.command(host, owner, verb), body, timeoutMs);
}

export function ping(nc: NatsConnection, host: string, service: string, timeoutMs = 3_000): Promise<WireReply> {
  return requestJson(nc, `lxcbus.v1.svc.${host}.${service}.ping`, {}, timeoutMs);
}

/** Retries a ping until it answers (a service that is restarting). */
export async function waitForPing(nc: NatsConnection, host: string, service: string, deadlineMs = 30_000): Promise<WireReply> {
  const until = Date.now() + deadlineMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      return await ping(nc, host, service, 1_000);
    } catch (err) {
      last = err;
      await sleep(200);
    }
  }
  throw new Error(`${service} did not answer its ping within ${deadlineMs} ms: ${String(last)}`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function toEvent(subject: string, data: Uint8Array): BusEvent {
  const raw = JSON.parse(dec.decode(data)) as Record<string, unknown>;
  return { subject, type: String(raw.type), data: (raw.data ?? {}) as Record<string, unknown>, raw };
}

/** `created`, `exit`, `destroyed`, or the state name of a `state` event: LXC's vocabulary for a sequence. */
export function eventLabel(e: BusEvent): string {
  const m = /^io\.lxcbus\.container\.([a-z]+)\.v1$/.exec(e.type);
  const kind = m ? m[1] : e.type;
  return kind === 'state' ? String(e.data.state) : kind;
}

/**
 * Live events of one container (core subscription, started before the
 * command that causes them). `waitFor` resolves with the first event, seen or
 * yet to come, that matches.
 */
export class EventTap {
  readonly events: BusEvent[] = [];
  private readonly sub: Subscription;
  private waiters: { pred: (e: BusEvent) => boolean; resolve: (e: BusEvent) => void }[] = [];

  constructor(nc: NatsConnection, host: string, container: string, owner = 'root') {
    this.sub = nc.subscribe(subjects.eventFilter({ host, owner, container }), {
      callback: (_err, msg) => {
        const e = toEvent(msg.subject, msg.data);
        this.events.push(e);
        this.waiters = this.waiters.filter((w) => (w.pred(e) ? (w.resolve(e), false) : true));
      },
    });
  }

  waitFor(pred: (e: BusEvent) => boolean, timeoutMs = 15_000, after = 0): Promise<BusEvent> {
    const seen = this.events.slice(after).find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms; saw ${this.labels().join(', ')}`)), timeoutMs);
      this.waiters.push({ pred, resolve: (e) => (clearTimeout(timer), resolve(e)) });
    });
  }

  labels(): string[] {
    return this.events.map(eventLabel);
  }

  close(): void {
    this.sub.unsubscribe();
  }
}

/**
 * Replays a container's events from the start of LXCBUS_EVENTS with an
 * ordered consumer, until `until` matches or the consumer runs dry.
 */
export async function replayEvents(
  nc: NatsConnection, host: string, container: string, until: (e: BusEvent) => boolean, timeoutMs = 10_000, owner = 'root',
): Promise<BusEvent[]> {
  const js = nc.jetstream();
  // An ordered consumer starts at the stream's first sequence unless told otherwise.
  const consumer = await js.consumers.get(EVENTS_STREAM, { filterSubjects: subjects.eventFilter({ host, owner, container }) });
  const out: BusEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const m: JsMsg | null = await consumer.next({ expires: 2_000 });
    if (!m) continue;
    const e = toEvent(m.subject, m.data);
    out.push(e);
    if (until(e)) break;
  }
  await consumer.delete().catch(() => undefined);
  return out;
}

export interface AttachResult {
  reply: WireReply;
  stdout: string;
  stderr: string;
  exit: { code: number; signal: number | null; message?: string } | null;
}

/**
 * lxc-attach by hand (docs/decisions/attach-over-nats.md): subscribe to .out
 * first, send `attach`, send stdin EOF and keepalives on .in, read frames by
 * their Lxcbus-Io header until `exit`.
 */
export async function attachByHand(
  nc: NatsConnection, host: string, name: string, argv: string[], timeoutMs = 15_000, owner = 'root',
): Promise<AttachResult> {
  const session = randomBytes(12).toString('hex');
  const out = nc.subscribe(subjects.io(host, owner, session, 'out'));
  const inSubject = subjects.io(host, owner, session, 'in');
  const sendIn = (kind: string, data = new Uint8Array()) => {
    const h = natsHeaders();
    h.set(IO_KIND_HEADER, kind);
    nc.publish(inSubject, data, { headers: h });
  };
  const keepalive = setInterval(() => sendIn('keepalive'), IO_KEEPALIVE_INTERVAL_MS);
  const timer = setTimeout(() => out.unsubscribe(), timeoutMs);
  const result: AttachResult = { reply: { ok: false }, stdout: '', stderr: '', exit: null };
  try {
    result.reply = await command(nc, host, 'attach', { name, session, argv }, timeoutMs, owner);
    if (!result.reply.ok) return result;
    sendIn('eof');
    for await (const m of out) {
      const kind = m.headers?.get(IO_KIND_HEADER);
      if (kind === 'stdout') result.stdout += dec.decode(m.data);
      else if (kind === 'stderr') result.stderr += dec.decode(m.data);
      else if (kind === 'exit') {
        result.exit = JSON.parse(dec.decode(m.data)) as AttachResult['exit'];
        break;
      }
    }
    return result;
  } finally {
    clearInterval(keepalive);
    clearTimeout(timer);
    out.unsubscribe();
  }
}

/** Best-effort removal of a test's container over the bus (force kills a running one). */
export async function forceDestroy(nc: NatsConnection, host: string, name: string): Promise<void> {
  try {
    await command(nc, host, 'destroy', { name, force: true }, 30_000);
  } catch {
    // The stack may already be gone; the harness removes the temp dirs.
  }
}

/** A default.conf for root with an empty network, so no bridge is needed (the veth plan is refused until issue 5). */
export function writeEmptyNetDefaultConfig(dir: string): string {
  const file = join(dir, 'default.conf');
  writeFileSync(file, 'lxc.net.0.type = empty\n');
  return file;
}

/** The environment of a process, or null when it is gone. */
export function processEnv(pid: number): Record<string, string> | null {
  try {
    const raw = readFileSync(`/proc/${pid}/environ`, 'utf8');
    return Object.fromEntries(raw.split('\0').filter(Boolean).map((kv) => {
      const i = kv.indexOf('=');
      return [kv.slice(0, i), kv.slice(i + 1)];
    }));
  } catch {
    return null;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The pid of a service of the stack whose host id is `host`: from
 * `<statedir>/stack.json` when the launcher wrote one, else by its command
 * line, scoped to this stack by LXCBUS_HOST in its environment.
 */
export function servicePid(stateDir: string, host: string, service: string): number | null {
  try {
    const rec = JSON.parse(readFileSync(join(stateDir, 'stack.json'), 'utf8')) as { services?: Record<string, { pid: number | null }> };
    const pid = rec.services?.[service]?.pid;
    if (pid && isAlive(pid) && processEnv(pid)?.LXCBUS_HOST === host) return pid;
  } catch {
    // No record: fall back to the process table.
  }
  const r = spawnSync('pgrep', ['-f', `dist/services/${service}/`]);
  for (const p of r.stdout.toString().split('\n').filter(Boolean).map(Number)) {
    if (processEnv(p)?.LXCBUS_HOST === host) return p;
  }
  return null;
}

/** Waits until `servicePid` reports a live pid different from `not`. */
export async function waitForNewPid(stateDir: string, host: string, service: string, not: number, deadlineMs = 30_000): Promise<number | null> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    const pid = servicePid(stateDir, host, service);
    if (pid && pid !== not) return pid;
    await sleep(100);
  }
  return null;
}

export async function waitUntilDead(pid: number, deadlineMs = 10_000): Promise<boolean> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await sleep(50);
  }
  return !isAlive(pid);
}
