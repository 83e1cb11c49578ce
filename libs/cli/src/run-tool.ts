/**
 * Entry of every drop-in: parse like LXC 5.0 (help, usage, version and bad
 * options never touch the bus), then one connection and one intent.
 */
import { DomainError } from '@lxcbus/contracts';
import { busSettingsFromEnv, ownerLxcpath } from '@lxcbus/bus-client';
import {
  parseAttachArgs, parseCreateArgs, parseDestroyArgs, parseInfoArgs, parseLsArgs, parseMonitorArgs, parseStartArgs,
  parseStopArgs, parseWaitArgs, parseAutostartArgs, parseCopyArgs, parseSnapshotArgs, parseCgroupArgs, parseFreezeArgs, parseUnfreezeArgs, parseExecuteArgs, parseConsoleArgs, type ParseOutcome, type ParseSettings,
} from './args';
import { currentOwner, openContext } from './cli-context';
import type { ToolIo, ToolRunner } from './commands/command';
import { attachTool } from './commands/attach.tool';
import { createTool, destroyTool, startTool, stopTool } from './commands/lifecycle.tools';
import { monitorTool } from './commands/monitor.tool';
import { cgroupTool, freezeTool, unfreezeTool } from './commands/cgroup.tools';
import { infoTool, lsTool, waitTool } from './commands/query.tools';
import { autostartTool } from './commands/autostart.tool';
import { LOCAL_TOOLS } from './commands/config.tools';
import { copyTool } from './commands/copy.tool';
import { snapshotTool } from './commands/snapshot.tool';
import { executeTool } from './commands/execute.tool';
import { consoleTool } from './commands/console.tool';

interface ToolEntry<A> {
  parse: (argv: readonly string[], settings?: ParseSettings) => ParseOutcome<A>;
  run: ToolRunner<A>;
}

const entry = <A>(parse: ToolEntry<A>['parse'], run: ToolRunner<A>): ToolEntry<unknown> => ({ parse, run }) as ToolEntry<unknown>;

export const TOOLS: Readonly<Record<string, ToolEntry<unknown>>> = {
  'lxc-create': entry(parseCreateArgs, createTool),
  'lxc-start': entry(parseStartArgs, startTool),
  'lxc-stop': entry(parseStopArgs, stopTool),
  'lxc-destroy': entry(parseDestroyArgs, destroyTool),
  'lxc-info': entry(parseInfoArgs, infoTool),
  'lxc-ls': entry(parseLsArgs, lsTool),
  'lxc-wait': entry(parseWaitArgs, waitTool),
  'lxc-attach': entry(parseAttachArgs, attachTool),
  'lxc-monitor': entry(parseMonitorArgs, monitorTool),
  'lxc-autostart': entry(parseAutostartArgs, autostartTool),
  'lxc-copy': entry(parseCopyArgs, copyTool),
  'lxc-snapshot': entry(parseSnapshotArgs, snapshotTool),
  'lxc-cgroup': entry(parseCgroupArgs, cgroupTool),
  'lxc-freeze': entry(parseFreezeArgs, freezeTool),
  'lxc-unfreeze': entry(parseUnfreezeArgs, unfreezeTool),
  'lxc-execute': entry(parseExecuteArgs, executeTool),
  'lxc-console': entry(parseConsoleArgs, consoleTool),
};

const processIo = (): ToolIo => ({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });

export async function runTool(tool: string, argv: readonly string[], io: ToolIo = processIo()): Promise<number> {
  // lxc-config and lxc-update-config read or rewrite local files only: no parsing framework, no bus.
  const local = LOCAL_TOOLS[tool];
  if (local) return local(argv, io, process.argv[1] ?? tool);
  const t = TOOLS[tool];
  if (!t) {
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
  const parsed = t.parse(argv, { argv0: tool, defaultLxcpath });
  if (parsed.kind === 'exit') {
    io.stdout.write(parsed.stdout);
    io.stderr.write(parsed.stderr);
    return parsed.code;
  }
  let ctx;
  try {
    ctx = await openContext(tool);
  } catch (err) {
    io.stderr.write(`${tool}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  try {
    return await t.run(ctx, parsed.args, io);
  } catch (err) {
    const e = err instanceof DomainError ? `${err.message} (${err.code})` : err instanceof Error ? err.message : String(err);
    io.stderr.write(`${tool}: ${e}\n`);
    return 1;
  } finally {
    await ctx.close();
  }
}
