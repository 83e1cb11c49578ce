/** What an image server tells us about one image, whichever protocol it speaks. */
import type { ImageRow } from '@lxcbus/contracts';

export type FileRole = 'rootfs' | 'meta';

export interface RemoteFile {
  readonly role: FileRole;
  readonly url: string;
  /** From the server's listing (simplestreams) or SHA256SUMS, when it gives them. */
  readonly size?: number;
  readonly sha256?: string;
}

export interface ResolvedImage {
  readonly row: ImageRow;
  readonly files: readonly RemoteFile[];
  /** `SHA256SUMS` beside an LXC-index image; optional on the server. */
  readonly sumsUrl?: string;
  /** Simplestreams: sha256 over the metadata bytes then the rootfs bytes. */
  readonly fingerprint?: string;
  /** `lxc`: meta is LXC's meta.tar.xz; `lxd`: metadata for LXD/Incus, the LXC config is derived. */
  readonly metaKind: 'lxc' | 'lxd';
  /** URLs whose detached `.asc` signature is checked when a keyring is configured. */
  readonly signedUrls: readonly string[];
  /** The index the image was found in, kept so its signature can be checked too. */
  readonly index?: { readonly url: string; readonly text: string };
}

export interface ImageQuery {
  readonly dist: string;
  readonly release: string;
  readonly arch: string;
  readonly variant: string;
}
