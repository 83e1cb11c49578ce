export { runTool, TOOLS } from './run-tool';
export { openContext, currentOwner } from './cli-context';
export type { CliContext } from './cli-context';
export { runAttach, wantsTty, newSessionId } from './attach-client';
export type { AttachIo } from './attach-client';
export type { ToolIo } from './commands/command';
