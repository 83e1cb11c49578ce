/**
 * The template contract. A template is what `lxc-create -t <name>` runs after the
 * container directory exists and the initial config has been saved: it fills the
 * rootfs and rewrites the container config. LXC hands the template the config *file*
 * and lets it edit it in place (lxc-local reorders it, lxc-busybox appends), so here a
 * template receives the saved config lines and returns the whole new list. The caller
 * then prepends LXC's header and writes the file.
 */

export interface TemplateRequest {
  /** Container name (LXC's --name). */
  readonly name: string;
  /** The lxcpath the container lives in. */
  readonly lxcpath: string;
  /** `<lxcpath>/<name>` (LXC's --path); substituted for LXC_PATH. */
  readonly containerDir: string;
  /** Rootfs directory (LXC's --rootfs, without a `dir:` prefix). */
  readonly rootfs: string;
  /** User arguments, those given after `--` on the lxc-create command line. */
  readonly args: readonly string[];
  /**
   * The container config as lxc-create saved it before running the template:
   * default.conf (or -f file) without blank lines, then `lxc.rootfs.path = dir:...`.
   */
  readonly config: readonly string[];
  /**
   * `user` when the container has lxc.idmap entries (LXC then runs the template inside
   * the user namespace and images pick `config-user`, `excludes-user`). Default `system`.
   */
  readonly mode?: TemplateMode;
}

export type TemplateMode = 'system' | 'user';

export interface TemplateResult {
  /** The complete config after the template ran, line by line, comments and blanks kept. */
  readonly config: string[];
  /**
   * Text the template prints last (an image's create-message), verbatim. LXC prints a
   * blank line and `---` before it.
   */
  readonly message?: string;
}

/** Receives what the real template prints on stdout, one line per call. */
export type TemplateProgress = (line: string) => void;

/** Bytes done (and the total when known) of a long step, e.g. the rootfs download. */
export type TemplateBytes = (phase: string, done: number, total: number | undefined) => void;

export interface Template {
  readonly name: string;
  create(req: TemplateRequest, progress?: TemplateProgress, bytes?: TemplateBytes): Promise<TemplateResult>;
}
