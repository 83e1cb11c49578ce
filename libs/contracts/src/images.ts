/**
 * The `images` verb: an image server's index as the `download` template reads it, so
 * that the CLI can print `-- --list` and ask the interactive questions itself (prompts
 * belong to the terminal, not to a service) before it sends `create`.
 */
import { z } from 'zod';

export const IMAGE_PROMPT_FIELDS = ['dist', 'release', 'arch'] as const;
export type ImagePromptField = (typeof IMAGE_PROMPT_FIELDS)[number];

export const ImagesRequest = z.object({
  /** The `download` template arguments as given after `--` (-d, -r, -a, --variant, --server, --list, ...). */
  templateArgs: z.array(z.string().max(4096)).max(256).default([]),
  /** `user` for containers with lxc.idmap entries: the index is then `index-user`, as in LXC. */
  mode: z.enum(['system', 'user']).default('system'),
}).strict();
export type ImagesRequest = z.infer<typeof ImagesRequest>;

/** One index row, LXC's `DIST RELEASE ARCH VARIANT BUILD` columns. */
export interface ImageRow {
  dist: string;
  release: string;
  arch: string;
  variant: string;
  build: string;
}

export interface ImagesReply {
  /** `--list`/`-l` was given: print the rows and fail, as lxc-download does. */
  list: boolean;
  /** Which of -d/-r/-a are missing: the CLI prompts for them (LXC's interactive mode). */
  missing: ImagePromptField[];
  /** Index rows filtered by the options given; empty when the index was not needed. */
  images: ImageRow[];
  /** The server the index came from, for messages. */
  server: string;
}
