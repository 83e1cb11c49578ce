/**
 * Extended attributes of a path, symlinks not followed (the addon's l*xattr). The executor
 * reads overlayfs's trusted.overlay.* state with them to copy an overlay's merged view as files,
 * without mounting it (docs/decisions/snapshot-overlay.md).
 */
import { loadAddon } from './addon';

export interface Xattrs {
  list(path: string): string[];
  get(path: string, name: string): Buffer | null;
  set(path: string, name: string, value: Buffer): void;
  remove(path: string, name: string): void;
}

export function nativeXattrs(): Xattrs {
  return {
    list: (path) => loadAddon().listXattrs(path),
    get: (path, name) => loadAddon().getXattr(path, name),
    set: (path, name, value) => loadAddon().setXattr(path, name, value),
    remove: (path, name) => loadAddon().removeXattr(path, name),
  };
}
