/**
 * How lxc-local rewrites the container config (LXC 5.0.2). It moves every saved line
 * matching the sed regex /lxc.net.0/ to a trailing "# Network configuration" block and
 * every other line matching /lxc./ (comments included: `.` is any char) to "# Container
 * specific configuration", leaving the rest (comments without "lxc") on top, then puts
 * the image config in between. The network block is always written, even empty,
 * because sed creates its `w` file up front. Built as text and split at the end so a
 * meta `config` without a final newline swallows the following blank line exactly as
 * `cat` followed by `echo` does.
 */

export interface LocalConfigInput {
  readonly name: string;
  readonly containerDir: string;
  /** Config lines saved by lxc-create before the template ran. */
  readonly saved: readonly string[];
  /** Text of the image's `config` file. */
  readonly imageConfig: string;
  /** True when the image ships an fstab (adds lxc.mount.fstab). */
  readonly hasFstab: boolean;
}

const NET0 = /lxc.net.0/;
const ANY_LXC = /lxc./;

export function composeLocalConfig(input: LocalConfigInput): string[] {
  const network = input.saved.filter((l) => NET0.test(l));
  const rest = input.saved.filter((l) => !NET0.test(l));
  const auto = rest.filter((l) => ANY_LXC.test(l));
  const kept = rest.filter((l) => !ANY_LXC.test(l));

  let text = kept.map((l) => `${l}\n`).join('');
  text += '\n# Distribution configuration\n' + input.imageConfig;
  text += '\n# Container specific configuration\n' + auto.map((l) => `${l}\n`).join('');
  if (input.hasFstab) text += `lxc.mount.fstab = ${input.containerDir}/fstab\n`;
  text += `lxc.uts.name = ${input.name}\n`;
  text += '\n# Network configuration\n' + network.map((l) => `${l}\n`).join('');
  return splitLines(text);
}

/** Lines of a text; a trailing newline does not make an extra empty line. */
export function splitLines(text: string): string[] {
  const all = text.split('\n');
  if (text.endsWith('\n')) all.pop();
  return all;
}
