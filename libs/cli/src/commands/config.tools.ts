/**
 * lxc-config and lxc-update-config: client-side, no bus. Like LXC's they
 * only read the local lxc.conf (lxc-config, src/lxc/tools/lxc_config.c) or
 * rewrite a file in place (lxc-update-config, a shell script), so they work
 * without a running stack. For root, lxc.lxcpath and lxc.default_config
 * name this stack's (LXCBUS_LXCPATH or the credentials file, LXCBUS_DEFAULT_CONFIG)
 * so that `lxc-config lxc.lxcpath` agrees with where lxc-create puts containers.
 */
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { busSettingsFromEnv } from '@lxcbus/bus-client';
import { GLOBAL_CONFIG_DEFAULTS, globalConfigValue, updateLegacyConfig } from '@lxcbus/lxc-config';
import { getoptLong } from '../args';
import type { ToolIo } from './command';
import { checkconfig } from './checkconfig.tool';
import { usernsexecTool } from './usernsexec.tool';

export type LocalTool = (argv: readonly string[], io: ToolIo, argv0: string) => number;

const STACK_OVERRIDES: Readonly<Record<string, string>> = {
  'lxc.lxcpath': 'LXCBUS_LXCPATH',
  'lxc.default_config': 'LXCBUS_DEFAULT_CONFIG',
};

export function globalItem(key: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const uid = process.getuid?.() ?? 0;
  if (uid === 0 && key === 'lxc.lxcpath' && (env.LXCBUS_LXCPATH || env.LXCBUS_CREDS)) {
    // The stack's lxcpath as every other drop-in computes it (environment, else the credentials file).
    try {
      return busSettingsFromEnv(env).lxcpath;
    } catch {
      // An unusable LXCBUS_HOST or credentials file is the bus tools' problem, not lxc-config's.
    }
  }
  const override = STACK_OVERRIDES[key];
  if (uid === 0 && override && env[override]) return env[override];
  return globalConfigValue(key, { uid, home: env.HOME || homedir() });
}

export const lxcConfigTool: LocalTool = (argv, io) => {
  const item = argv[0];
  if (item === undefined || item === '-h' || item === '--help') {
    io.stdout.write('Usage: lxc-config -l: list all available configuration items\n       lxc-config item: print configuration item\n');
    return 0;
  }
  const keys = Object.keys(GLOBAL_CONFIG_DEFAULTS);
  if (item === '-l') {
    io.stdout.write(keys.map((k) => `${k}\n`).join(''));
    return 0;
  }
  if (!keys.includes(item)) {
    io.stdout.write(`Unknown configuration item: ${item}\n`);
    return 1;
  }
  const value = globalItem(item);
  io.stdout.write(value === undefined ? `${item} is not set.\n` : `${value}\n`);
  return 0;
};

const UPDATE_OPTIONS = [
  { name: 'config', hasArg: 'required' as const, val: 'c' },
  { name: 'help', hasArg: 'none' as const, val: 'h' },
];

function cpError(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'No such file or directory' : code === 'EACCES' ? 'Permission denied' : String(code);
  return `cp: cannot stat '${path}': ${why}\n`;
}

/** The script's steps: getopt(1), `cp FILE FILE.backup`, then its sed rewrites in place (silent on success). */
export const lxcUpdateConfigTool: LocalTool = (argv, io, argv0) => {
  const usage = `${argv0} -h|--help [-c|--config]\nconfig: the container configuration to update\n`;
  if (argv.length === 0) {
    io.stdout.write(usage);
    return 0;
  }
  const parsed = getoptLong(argv, UPDATE_OPTIONS, 'getopt');
  if (parsed.error !== undefined) {
    io.stderr.write(`${parsed.error}\n`);
    return 1;
  }
  let file = '';
  for (const e of parsed.events) {
    if (e.val === 'h') {
      io.stdout.write(usage);
      return 0;
    }
    file = e.arg ?? '';
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
    copyFileSync(file, `${file}.backup`);
  } catch (err) {
    io.stderr.write(cpError(file, err));
    return 1;
  }
  writeFileSync(file, updateLegacyConfig(text), { mode: statSync(file).mode & 0o7777 });
  return 0;
};

export const LOCAL_TOOLS: Readonly<Record<string, LocalTool>> = {
  'lxc-config': lxcConfigTool,
  'lxc-update-config': lxcUpdateConfigTool,
  'lxc-checkconfig': (_argv, io, argv0) => checkconfig(io, argv0),
  'lxc-usernsexec': (argv, io) => usernsexecTool(argv, io),
};
