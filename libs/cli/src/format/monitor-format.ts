/**
 * lxc-monitor lines (src/lxc/tools/lxc_monitor.c). The -n pattern is a POSIX
 * extended regex that lxc-monitor anchors as `^PATTERN$`, so
 * `-n web` matches only `web` while `-n 'web.*'` matches `web1`. Without -n the
 * pattern is `.*`. A pattern that does not compile: lxc-monitor exits 1 silently.
 */

export const MONITOR_DEFAULT_PATTERN = '.*';

/** `'name' changed state to [RUNNING]` */
export function formatStateChange(name: string, state: string): string {
  return `'${name}' changed state to [${state}]\n`;
}

/** `'name' exited with status [N]`; N is the exit code of init (0 after SIGKILL). */
export function formatExitStatus(name: string, status: number): string {
  return `'${name}' exited with status [${status}]\n`;
}

/**
 * Builds the name test for every -n value. A pattern that does not compile makes
 * lxc-monitor fail at start; here it yields `null` so the caller can report it.
 */
export function monitorNameMatcher(pattern: string = MONITOR_DEFAULT_PATTERN): ((name: string) => boolean) | null {
  let regex: RegExp;
  try {
    regex = new RegExp(`^${pattern}$`);
  } catch {
    return null;
  }
  return (name: string) => regex.test(name);
}
