/**
 * Entry of every drop-in: parse like LXC 5.0 (help, usage, version and bad
 * options never touch the bus), then one connection and one intent.
 */
import { DomainError } from '@lxcbus/contracts';
import { busSettingsFromEnv, ownerLxcpath } from '@lxcbus/bus-client';
import type { ParseOutcome, ParseSettings } from './args/tool-spec';
import { currentOwner, openContext } from './cli-context';
import type { ToolIo, ToolRunner } from './commands/command';
import { beginLog, endLog, recordLxcbusError, type LogArgs } from './log-file/log-session';

interface ToolEntry<A> {
  parse: (argv: readonly string[], settings?: ParseSettings) => ParseOutcome<A>;
  run: ToolRunner<A>;
}

const entry = <A>(parse: ToolEntry<A>['parse'], run: ToolRunner<A>): ToolEntry<unknown> => ({ parse, run }) as ToolEntry<unknown>;

export type LazyTool = () => Promise<ToolEntry<unknown>>;

/** Loaded on first use: a drop-in requires its own parser and command only (docs/decisions/execute-and-cli-speed.md). */
const lazy = (load: LazyTool): LazyTool => {
  let loaded: Promise<ToolEntry<unknown>> | undefined;
  return () => (loaded ??= load());
};

export const TOOLS: Readonly<Record<string, LazyTool>> = {
  'lxc-create': lazy(async () => entry((await import('./args/create-args')).parseCreateArgs, (await import('./commands/lifecycle.tools')).createTool)),
  'lxc-start': lazy(async () => entry((await import('./args/start-args')).parseStartArgs, (await import('./commands/lifecycle.tools')).startTool)),
  'lxc-stop': lazy(async () => entry((await import('./args/stop-args')).parseStopArgs, (await import('./commands/lifecycle.tools')).stopTool)),
  'lxc-destroy': lazy(async () => entry((await import('./args/small-tools-args')).parseDestroyArgs, (await import('./commands/lifecycle.tools')).destroyTool)),
  'lxc-info': lazy(async () => entry((await import('./args/info-args')).parseInfoArgs, (await import('./commands/query.tools')).infoTool)),
  'lxc-ls': lazy(async () => entry((await import('./args/ls-args')).parseLsArgs, (await import('./commands/query.tools')).lsTool)),
  'lxc-wait': lazy(async () => entry((await import('./args/small-tools-args')).parseWaitArgs, (await import('./commands/query.tools')).waitTool)),
  'lxc-attach': lazy(async () => entry((await import('./args/attach-args')).parseAttachArgs, (await import('./commands/attach.tool')).attachTool)),
  'lxc-monitor': lazy(async () => entry((await import('./args/small-tools-args')).parseMonitorArgs, (await import('./commands/monitor.tool')).monitorTool)),
  'lxc-autostart': lazy(async () => entry((await import('./args/autostart-args')).parseAutostartArgs, (await import('./commands/autostart.tool')).autostartTool)),
  'lxc-copy': lazy(async () => entry((await import('./args/copy-args')).parseCopyArgs, (await import('./commands/copy.tool')).copyTool)),
  'lxc-snapshot': lazy(async () => entry((await import('./args/snapshot-args')).parseSnapshotArgs, (await import('./commands/snapshot.tool')).snapshotTool)),
  'lxc-cgroup': lazy(async () => entry((await import('./args/cgroup-args')).parseCgroupArgs, (await import('./commands/cgroup.tools')).cgroupTool)),
  'lxc-freeze': lazy(async () => entry((await import('./args/cgroup-args')).parseFreezeArgs, (await import('./commands/cgroup.tools')).freezeTool)),
  'lxc-unfreeze': lazy(async () => entry((await import('./args/cgroup-args')).parseUnfreezeArgs, (await import('./commands/cgroup.tools')).unfreezeTool)),
  'lxc-execute': lazy(async () => entry((await import('./args/execute-args')).parseExecuteArgs, (await import('./commands/execute.tool')).executeTool)),
  'lxc-device': lazy(async () => entry((await import('./args/device-args')).parseDeviceArgs, (await import('./commands/device.tool')).deviceTool)),
  'lxc-top': lazy(async () => entry((await import('./args/top-args')).parseTopArgs, (await import('./commands/top.tool')).topTool)),
  'lxc-console': lazy(async () => entry((await import('./args/console-args')).parseConsoleArgs, (await import('./commands/console.tool')).consoleTool)),
};

const processIo = (): ToolIo => ({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });

export async function runTool(tool: string, argv: readonly string[], io: ToolIo = processIo()): Promise<number> {
  const load = TOOLS[tool];
  if (!load) {
    // lxc-config and lxc-update-config read or rewrite local files only: no parsing framework, no bus.
    const { LOCAL_TOOLS } = await import('./commands/config.tools');
    const local = LOCAL_TOOLS[tool];
    if (local) return local(argv, io, process.argv[1] ?? tool);
    io.stderr.write(`lxcbus: unknown command ${tool}; known: ${[...Object.keys(TOOLS), ...Object.keys(LOCAL_TOOLS)].join(', ')}\n`);
    return 1;
  }
  let defaultLxcpath: string;
  try {
    defaultLxcpath = ownerLxcpath(currentOwner(), busSettingsFromEnv().lxcpath);
  } catch (err) {
    io.stderr.write(`${tool}: ${(err as Error).message}\n`);
    return 1;
  }
  const t = await load();
  // Each run starts with no log open and no lines pending from an earlier run in this process.
  endLog();
  try {
    return await parseAndRun(tool, t, argv, defaultLxcpath, io);
  } finally {
    endLog();
  }
}

/** -o/-l open before anything is reported, as lxc_log_init() does right after parsing. */
function openLog(tool: string, args: LogArgs, io: ToolIo): number | undefined {
  const failed = beginLog(tool, args);
  if (!failed) return undefined;
  io.stderr.write(failed.stderr);
  return failed.code;
}

async function parseAndRun(tool: string, t: ToolEntry<unknown>, argv: readonly string[], defaultLxcpath: string, io: ToolIo): Promise<number> {
  const parsed = t.parse(argv, { argv0: tool, defaultLxcpath });
  if (parsed.kind === 'exit') {
    const logFailure = parsed.log && openLog(tool, parsed.log, io);
    if (logFailure !== undefined) return logFailure;
    io.stdout.write(parsed.stdout);
    io.stderr.write(parsed.stderr);
    return parsed.code;
  }
  const logFailure = openLog(tool, parsed.args as LogArgs, io);
  if (logFailure !== undefined) return logFailure;
  let ctx;
  try {
    ctx = await openContext(tool);
  } catch (err) {
    const e = err instanceof Error ? err.message : String(err);
    io.stderr.write(`${tool}: ${e}\n`);
    recordLxcbusError('main', e);
    return 1;
  }
  try {
    return await t.run(ctx, parsed.args, io);
  } catch (err) {
    const e = err instanceof DomainError ? `${err.message} (${err.code})` : err instanceof Error ? err.message : String(err);
    io.stderr.write(`${tool}: ${e}\n`);
    recordLxcbusError(err instanceof DomainError ? err.code : 'main', e);
    return 1;
  } finally {
    await ctx.close();
  }
}
