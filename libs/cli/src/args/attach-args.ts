/**
 * lxc-attach options (src/lxc/tools/lxc_attach.c, 5.0.2). Lists use `|`:
 * `-e 'CAP|LSM'` (no value: all three; unknown words are ignored, as observed)
 * and `-s 'MOUNT|PID'` (LXC names or kernel short names; an unknown one fails
 * the parse; -s implies -e with everything elevated). -e takes its value only
 * attached (`-eCAP`, `--elevated-privileges=CAP`). -u/-g go through
 * lxc_safe_uint; -a must be a personality LXC knows.
 */
import { safeUint } from './c-numbers';
import type { LongOption } from './getopt';
import { parseLxcArguments } from './lxc-arguments';
import { COMMON_OPTIONS, CommonArgs, ParseOutcome, ParseSettings, ToolSpec } from './tool-spec';

export type ElevatedPrivilege = 'CAP' | 'CGROUP' | 'LSM';
export type AttachNamespace = 'mnt' | 'pid' | 'uts' | 'ipc' | 'user' | 'net' | 'cgroup';

export interface AttachArgs extends CommonArgs {
  /** Empty when -e/-s were not given. */
  elevated: ElevatedPrivilege[];
  /** undefined: attach to every namespace of the container. */
  namespaces?: AttachNamespace[];
  remountSysProc: boolean;
  arch?: string;
  envPolicy: 'keep' | 'clear';
  keepVars: string[];
  /** -v NAME=VAL, verbatim. */
  setVars: string[];
  ptyLog?: string;
  uid?: number;
  gid?: number;
  context?: string;
  /** Empty: run the user's login shell. */
  command: string[];
}

type AttachState = Omit<AttachArgs, keyof CommonArgs | 'command'> & { rcfile?: string };

const ALL_PRIVILEGES: ElevatedPrivilege[] = ['CAP', 'CGROUP', 'LSM'];
const NAMESPACES: Record<string, AttachNamespace> = {
  MOUNT: 'mnt', PID: 'pid', UTSNAME: 'uts', IPC: 'ipc', USER: 'user', NETWORK: 'net', CGROUP: 'cgroup',
  mnt: 'mnt', pid: 'pid', uts: 'uts', ipc: 'ipc', user: 'user', net: 'net', cgroup: 'cgroup',
};
/** lxc_config_parse_arch() of 5.0. */
export const ATTACH_ARCHES = [
  'arm', 'armel', 'armhf', 'armv7l', 'athlon', 'i386', 'i486', 'i586', 'i686', 'linux32', 'mips', 'mipsel',
  'ppc', 'powerpc', 'x86', 'aarch64', 'amd64', 'arm64', 'linux64', 'mips64', 'mips64el', 'ppc64', 'ppc64el',
  'ppc64le', 'powerpc64', 's390x', 'x86_64',
] as const;

const OPTIONS: readonly LongOption[] = [
  { name: 'elevated-privileges', hasArg: 'optional', val: 'e' },
  { name: 'arch', hasArg: 'required', val: 'a' },
  { name: 'namespaces', hasArg: 'required', val: 's' },
  { name: 'remount-sys-proc', hasArg: 'none', val: 'R' },
  { name: 'clear-env', hasArg: 'none', val: 500 },
  { name: 'keep-env', hasArg: 'none', val: 501 },
  { name: 'keep-var', hasArg: 'required', val: 502 },
  { name: 'set-var', hasArg: 'required', val: 'v' },
  { name: 'pty-log', hasArg: 'required', val: 'L' },
  { name: 'rcfile', hasArg: 'required', val: 'f' },
  { name: 'uid', hasArg: 'required', val: 'u' },
  { name: 'gid', hasArg: 'required', val: 'g' },
  { name: 'context', hasArg: 'required', val: 'c' },
  ...COMMON_OPTIONS,
];

const words = (text: string): string[] => text.split('|').filter((w) => w !== '');

function addPrivileges(state: AttachState, arg: string | undefined): void {
  const wanted = arg === undefined ? ALL_PRIVILEGES : ALL_PRIVILEGES.filter((p) => words(arg).includes(p));
  state.elevated = ALL_PRIVILEGES.filter((p) => state.elevated.includes(p) || wanted.includes(p));
}

function setNamespaces(state: AttachState, arg: string): boolean {
  const names = words(arg).map((w) => NAMESPACES[w]);
  if (names.some((n) => n === undefined)) return false;
  state.namespaces = [...new Set(names)];
  addPrivileges(state, undefined);
  return true;
}

function setId(state: AttachState, field: 'uid' | 'gid', arg: string): boolean {
  const id = safeUint(arg);
  if (id !== undefined) state[field] = id;
  return id !== undefined;
}

export const attachSpec: ToolSpec<AttachState, AttachArgs> = {
  tool: 'lxc-attach',
  options: OPTIONS,
  initial: () => ({ elevated: [], remountSysProc: false, envPolicy: 'keep', keepVars: [], setVars: [] }),
  apply(state, val, given) {
    const arg = given ?? '';
    switch (val) {
      case 'e': addPrivileges(state, given); return true;
      case 's': return setNamespaces(state, arg);
      case 'a': state.arch = arg; return (ATTACH_ARCHES as readonly string[]).includes(arg);
      case 'R': state.remountSysProc = true; return true;
      case 500: state.envPolicy = 'clear'; return true;
      case 501: state.envPolicy = 'keep'; return true;
      case 502: state.keepVars.push(arg); return true;
      case 'v': state.setVars.push(arg); return true;
      case 'L': state.ptyLog = arg; return true;
      case 'f': state.rcfile = arg; return true;
      case 'u': return setId(state, 'uid', arg);
      case 'g': return setId(state, 'gid', arg);
      case 'c': state.context = arg; return true;
      default: return true;
    }
  },
  finish(common, state) {
    const rcfile = state.rcfile ?? common.rcfile;
    return { kind: 'run', args: { ...common, ...state, ...(rcfile !== undefined && { rcfile }), command: common.argv } };
  },
};

export function parseAttachArgs(args: readonly string[], settings?: ParseSettings): ParseOutcome<AttachArgs> {
  return parseLxcArguments(attachSpec, args, settings);
}
