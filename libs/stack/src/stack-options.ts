/**
 * Command-line options of `lxcbus up|down|status`, validated before anything
 * touches the disk so a typo never half-starts a stack.
 */
import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { isHostId, SERVICE_NAMES, type ServiceName } from '@lxcbus/contracts';
import { LOG_LEVELS, STACK_DEFAULTS, type LogLevel } from './stack-defaults';
import { StackUsageError, StartFailedError } from './stack-errors';
import { defaultDirs } from './rootless-defaults';

export interface StackDirs {
  lxcpath: string;
  rundir: string;
  statedir: string;
  cachedir: string;
}

export interface UpOptions extends StackDirs {
  port: number;
  host: string;
  services: ServiceName[];
  logLevel: LogLevel;
  /** `-d`/`--detach`: start in the background and return once ready. */
  detach: boolean;
  /** Root's default container config for the services (LXCBUS_DEFAULT_CONFIG); absolute. Unset: inherited/LXC's. */
  defaultConfig?: string;
  /** NATS identities on (default): services and `lxcbus user add` users only; `--no-auth` opens the bus to any local client. */
  auth: boolean;
}

export interface StateDirOptions {
  statedir: string;
}

export type Parsed<T> = { help: true } | { help: false; options: T };

type Flag = 'port' | 'host' | 'lxcpath' | 'rundir' | 'statedir' | 'cachedir' | 'services' | 'log-level' | 'default-config' | 'detach' | 'no-auth';
const UP_FLAGS: readonly Flag[] = ['port', 'host', 'lxcpath', 'rundir', 'statedir', 'cachedir', 'services', 'log-level', 'default-config', 'detach', 'no-auth'];
const STATEDIR_FLAGS: readonly Flag[] = ['statedir'];
/** Flags without a value; `-d` is short for `--detach`. */
const SWITCHES: readonly Flag[] = ['detach', 'no-auth'];
const SHORT: Readonly<Record<string, Flag>> = { '-d': 'detach' };

export const UP_USAGE = `usage: lxcbus up [-d] [--port N] [--host ID] [--lxcpath DIR] [--rundir DIR] [--statedir DIR]
                 [--cachedir DIR] [--services a,b] [--log-level L] [--default-config FILE] [--no-auth]
Starts nats-server and the lxcbus services in the foreground; SIGTERM or Ctrl-C stops them.
Run by an ordinary user, the stack is rootless: the defaults below become ~/.local/share/lxc,
$XDG_RUNTIME_DIR/lxcbus, ~/.local/state/lxcbus and ~/.cache/lxcbus (no cgroups, net type empty only).
With -d, starts them in the background and returns once they are ready; lxcbus down stops them.
  -d, --detach    run in the background: output goes to STATEDIR/logs/stack.log; waits up to
                  ${STACK_DEFAULTS.detachReadyTimeoutMs / 1000} s for the ready line, prints it and exits 0 (1 on failure, with the log's tail)
  --port N        NATS client port on 127.0.0.1 (default ${STACK_DEFAULTS.port})
  --host ID       host id on the bus (default ${STACK_DEFAULTS.host})
  --lxcpath DIR   root's container directory (default ${STACK_DEFAULTS.lxcpath})
  --rundir DIR    runtime directory (default ${STACK_DEFAULTS.rundir})
  --statedir DIR  state directory: NATS store, logs, stack.json (default ${STACK_DEFAULTS.statedir})
  --cachedir DIR  image cache (default ${STACK_DEFAULTS.cachedir})
  --services L    comma-separated subset of ${SERVICE_NAMES.join(',')} (default: all)
  --log-level L   one of ${LOG_LEVELS.join(', ')} (default ${STACK_DEFAULTS.logLevel})
  --default-config FILE
                  root's default container config, read by lxc-create instead of
                  /etc/lxc/default.conf (passed to the services as LXCBUS_DEFAULT_CONFIG;
                  default: $LXCBUS_DEFAULT_CONFIG if set, else /etc/lxc/default.conf)
  --no-auth       no NATS credentials: any local client may use any subject. By default the
                  services get an identity in STATEDIR/auth/services.creds (root's CLI uses it)
                  and users only what lxcbus user add gives them`;

export const DOWN_USAGE = `usage: lxcbus down [--statedir DIR]
Stops the stack running on the state dir (default ${STACK_DEFAULTS.statedir}) and waits for it to exit.`;

export const STATUS_USAGE = `usage: lxcbus status [--statedir DIR]
Pings every service of the stack on the state dir (default ${STACK_DEFAULTS.statedir}).
Exit status 0 when all answer, 3 otherwise.`;

/** Splits `--flag value` and `--flag=value` into a map; rejects unknown flags and positionals. */
function scanFlags(argv: readonly string[], allowed: readonly Flag[]): { help: boolean; values: Map<Flag, string> } {
  const values = new Map<Flag, string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (SHORT[arg]) {
      if (!allowed.includes(SHORT[arg])) throw new StackUsageError(`unknown option ${arg}`);
      values.set(SHORT[arg], 'true');
      continue;
    }
    if (!arg.startsWith('--')) throw new StackUsageError(`unexpected argument ${JSON.stringify(arg)}`);
    const eq = arg.indexOf('=');
    const name = (eq < 0 ? arg.slice(2) : arg.slice(2, eq)) as Flag;
    if (!allowed.includes(name)) throw new StackUsageError(`unknown option --${name}`);
    if (SWITCHES.includes(name)) {
      if (eq >= 0) throw new StackUsageError(`option --${name} takes no value`);
      values.set(name, 'true');
      continue;
    }
    const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') throw new StackUsageError(`option --${name} needs a value`);
    if (values.has(name)) throw new StackUsageError(`option --${name} given twice`);
    values.set(name, value);
  }
  return { help, values };
}

export function parsePort(value: string): number {
  const port = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new StackUsageError(`--port ${JSON.stringify(value)} is not a port number (1-65535)`);
  return port;
}

export function parseHost(value: string): string {
  if (!isHostId(value)) throw new StackUsageError(`--host ${JSON.stringify(value)} is not a valid host id`);
  return value;
}

/** Keeps the canonical start order whatever order the user typed. */
export function parseServices(value: string): ServiceName[] {
  const wanted = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (wanted.length === 0) throw new StackUsageError('--services needs at least one service');
  const unknown = wanted.filter((s) => !(SERVICE_NAMES as readonly string[]).includes(s));
  if (unknown.length > 0) throw new StackUsageError(`unknown service ${unknown.join(', ')} (known: ${SERVICE_NAMES.join(', ')})`);
  return SERVICE_NAMES.filter((s) => wanted.includes(s));
}

export function parseLogLevel(value: string): LogLevel {
  if (!(LOG_LEVELS as readonly string[]).includes(value)) throw new StackUsageError(`--log-level ${JSON.stringify(value)} is not one of ${LOG_LEVELS.join(', ')}`);
  return value as LogLevel;
}

/**
 * Absolute after resolving against the working directory, and an existing
 * file: a typo would otherwise surface only at the first lxc-create, as a
 * runtime-executor error in a log.
 */
export function parseDefaultConfig(value: string): string {
  if (/[\u0000-\u001f]/.test(value)) throw new StackUsageError(`--default-config ${JSON.stringify(value)} contains a control character`);
  const path = resolve(value);
  if (!isAbsolute(path)) throw new StackUsageError(`--default-config ${JSON.stringify(value)} is not an absolute path`);
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new StartFailedError(`--default-config ${path}: ${code === 'ENOENT' ? 'no such file' : code ?? String(err)}`);
  }
  if (!st.isFile()) throw new StartFailedError(`--default-config ${path}: not a regular file`);
  return path;
}

/** Absolute, normalised; control characters would corrupt the generated nats-server config. */
export function parseDir(flag: string, value: string): string {
  if (/[\u0000-\u001f"]/.test(value)) throw new StackUsageError(`--${flag} ${JSON.stringify(value)} contains a quote or control character`);
  return resolve(value);
}

export function parseUpArgs(argv: readonly string[]): Parsed<UpOptions> {
  const { help, values } = scanFlags(argv, UP_FLAGS);
  if (help) return { help };
  const defaults = defaultDirs();
  const dir = (flag: 'lxcpath' | 'rundir' | 'statedir' | 'cachedir') => parseDir(flag, values.get(flag) ?? defaults[flag]);
  return {
    help,
    options: {
      port: values.has('port') ? parsePort(values.get('port') as string) : STACK_DEFAULTS.port,
      host: parseHost(values.get('host') ?? STACK_DEFAULTS.host),
      lxcpath: dir('lxcpath'),
      rundir: dir('rundir'),
      statedir: dir('statedir'),
      cachedir: dir('cachedir'),
      services: values.has('services') ? parseServices(values.get('services') as string) : [...SERVICE_NAMES],
      logLevel: parseLogLevel(values.get('log-level') ?? STACK_DEFAULTS.logLevel),
      detach: values.has('detach'),
      auth: !values.has('no-auth'),
      ...(values.has('default-config') ? { defaultConfig: parseDefaultConfig(values.get('default-config') as string) } : {}),
    },
  };
}

/** The `up` command line that reproduces `o` in the background child: absolute paths, no --detach. */
export function upArgv(o: UpOptions): string[] {
  return [
    '--port', String(o.port), '--host', o.host, '--lxcpath', o.lxcpath, '--rundir', o.rundir, '--statedir', o.statedir,
    '--cachedir', o.cachedir, '--services', o.services.join(','), '--log-level', o.logLevel,
    ...(o.defaultConfig ? ['--default-config', o.defaultConfig] : []),
    ...(o.auth ? [] : ['--no-auth']),
  ];
}

export function parseStateDirArgs(argv: readonly string[]): Parsed<StateDirOptions> {
  const { help, values } = scanFlags(argv, STATEDIR_FLAGS);
  if (help) return { help };
  return { help, options: { statedir: parseDir('statedir', values.get('statedir') ?? defaultDirs().statedir) } };
}
