/**
 * The log file of one tool run (-o/--logfile, -l/--logpriority). The common tool
 * runner opens it once the arguments are parsed; the ERROR lines lxcbus raises
 * (logLine() in format/lxc-error.ts, requested-log.ts, the bus errors the runner
 * reports) are appended to it as LXC formats them. Lines raised while parsing
 * (lxc-stop's `Invalid timeout`: LXC has its log open by then) wait in `pending`.
 * liblxc's DEBUG/INFO chatter is not invented: the file holds lxcbus's own lines.
 */
import * as fs from 'node:fs';
import { fileLine, lxcTimestamp, LXCBUS_FILE, type LogRecord } from './file-line';
import { logCandidates, openLogFile, type OpenFailureLine } from './log-open';
import { ERROR_RANK, passes, thresholdOf } from './log-priority';

export interface LogArgs {
  name: string;
  lxcpaths: string[];
  logfile?: string;
  logpriority?: string;
  quiet: boolean;
}

/** How -o/-l change what the tool prints on stderr (observed 5.0.2). */
export interface StderrPolicy {
  /** A log file is open: liblxc then attaches its stderr appender whatever -q says. */
  ignoresQuiet: boolean;
  /** -l CRIT/ALERT/FATAL: the ERROR lines are filtered before any appender, stderr too. */
  hidesErrors: boolean;
}

interface Session {
  fd?: number;
  prefix: string;
  name: string;
  threshold: number;
  policy: StderrPolicy;
}

const PENDING_MAX = 64;
let current: Session | undefined;
let pending: LogRecord[] = [];

const euid = (): number => process.geteuid?.() ?? 0;

/** The stderr policy the arguments give, as long as the file they name can be opened. */
export function stderrPolicyOf(a: Pick<LogArgs, 'logfile' | 'logpriority' | 'name' | 'lxcpaths'>): StderrPolicy {
  return { ignoresQuiet: logCandidates(a, euid()).paths.length > 0, hidesErrors: thresholdOf(a.logpriority) > ERROR_RANK };
}

/** The policy of the open session; none outside a tool run. */
export function activeStderrPolicy(): StderrPolicy | undefined {
  return current?.policy;
}

/** Whether a liblxc log line printed by hand (not through lxcError()) stays off stderr. */
export function hidesLogLine(quiet: boolean): boolean {
  const policy = current?.policy;
  return policy?.hidesErrors === true || (quiet && policy?.ignoresQuiet !== true);
}

function append(s: Session, r: LogRecord): void {
  if (s.fd === undefined || !passes(r.level, s.threshold)) return;
  try {
    // One write per line on an O_APPEND fd, as liblxc: lines of concurrent tools do not interleave.
    fs.writeSync(s.fd, fileLine(s.prefix, s.name, lxcTimestamp(performance.timeOrigin + performance.now()), r));
  } catch {
    // liblxc ignores a failed log write (full disk): the tool's outcome does not change.
  }
}

export function recordLog(r: LogRecord): void {
  if (current) append(current, r);
  else if (pending.length < PENDING_MAX) pending.push(r);
}

/** An error lxcbus knows no liblxc source position for (a bus error): logged as lxcbus's own. */
export function recordLxcbusError(func: string, message: string): void {
  recordLog({ level: 'ERROR', file: LXCBUS_FILE, func, line: 0, message });
}

function stderrLine(tool: string, name: string, l: OpenFailureLine): string {
  return `${tool}: ${name ? `${name}: ` : ''}${l.file}: ${l.func}: ${l.line} ${l.message}\n`;
}

/**
 * Opens the log the arguments ask for and writes the lines raised so far.
 * Returns the stderr text and exit code when `-o FILE` cannot be opened (LXC's
 * two or three log.c lines, silenced by -q, exit 1); a default file (-l alone)
 * that cannot be opened is ignored, as in LXC.
 */
export function beginLog(tool: string, a: LogArgs): { stderr: string; code: number } | undefined {
  const { explicit, paths } = logCandidates(a, euid());
  const session: Session = { prefix: tool, name: a.name, threshold: thresholdOf(a.logpriority), policy: { ...stderrPolicyOf(a), ignoresQuiet: false } };
  for (const file of paths) {
    const opened = openLogFile(file, euid());
    if ('fd' in opened) {
      session.fd = opened.fd;
      session.policy.ignoresQuiet = true;
      break;
    }
    if (explicit) return { stderr: a.quiet ? '' : opened.failure.map((l) => stderrLine(tool, a.name, l)).join(''), code: 1 };
  }
  current = session;
  const raised = pending;
  pending = [];
  for (const r of raised) append(session, r);
  return undefined;
}

/** Closes the file and forgets everything: each tool run starts clean. */
export function endLog(): void {
  if (current?.fd !== undefined) fs.closeSync(current.fd);
  current = undefined;
  pending = [];
}
