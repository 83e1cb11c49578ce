/**
 * --help and --usage text, built the way src/lxc/tools/arguments.c builds it:
 * help is the tool's own paragraph wrapped in a fixed frame (both on stderr);
 * usage is generated from the option table, four entries per line.
 */
import type { LongOption } from './getopt';
import { TOOL_HELP } from './help-text';
import type { LxcToolName } from './tool-spec';

export function helpText(tool: LxcToolName): string {
  return `Usage: ${tool} ${TOOL_HELP[tool]}
Common options :
  -o, --logfile=FILE               Output log to FILE instead of stderr
  -l, --logpriority=LEVEL          Set log priority to LEVEL
  -q, --quiet                      Don't produce any output
  -P, --lxcpath=PATH               Use specified container path
  -?, --help                       Give this help list
      --usage                      Give a short usage message
      --version                    Print the version number

Mandatory or optional arguments to long options are also mandatory or optional
for any corresponding short options.

See the ${tool} man page for further information.

`;
}

function usageEntry(option: LongOption): string {
  const short = typeof option.val === 'string' ? `-${option.val}|` : '';
  const upper = option.name.toUpperCase();
  const arg = option.hasArg === 'required' ? `=${upper}` : option.hasArg === 'optional' ? `[=${upper}]` : '';
  return `[${short}--${option.name}${arg}] `;
}

export function usageText(tool: LxcToolName, options: readonly LongOption[]): string {
  let out = `Usage: ${tool} `;
  options.forEach((option, i) => {
    out += usageEntry(option);
    if ((i + 1) % 4 === 0) out += '\n\t';
  });
  return `${out}\n`;
}
