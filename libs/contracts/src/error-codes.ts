/** Every error code that can appear in `{ok:false,error:{code}}` on the wire. */
export const ErrorCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  INVALID_NAME: 'INVALID_NAME',
  UNKNOWN_VERB: 'UNKNOWN_VERB',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  ALREADY_RUNNING: 'ALREADY_RUNNING',
  NOT_RUNNING: 'NOT_RUNNING',
  IS_RUNNING: 'IS_RUNNING',
  START_FAILED: 'START_FAILED',
  STOP_FAILED: 'STOP_FAILED',
  CONFIG_INVALID: 'CONFIG_INVALID',
  TEMPLATE_FAILED: 'TEMPLATE_FAILED',
  UNSUPPORTED: 'UNSUPPORTED',
  BUSY: 'BUSY',
  TIMEOUT: 'TIMEOUT',
  NO_RESPONDERS: 'NO_RESPONDERS',
  NATIVE: 'NATIVE',
  INTERNAL: 'INTERNAL',
  /** /etc/lxc/lxc-usernet allows the owner no more nics of this type on this bridge (lxc-user-nic: "Quota reached"). */
  NET_QUOTA_EXCEEDED: 'NET_QUOTA_EXCEEDED',
  /** A managed bridge's subnet has no free address left. */
  NET_EXHAUSTED: 'NET_EXHAUSTED',
  /** No image matches dist/release/arch/variant in the server's index (LXC: "Couldn't find a matching image"). */
  IMAGE_NOT_FOUND: 'IMAGE_NOT_FOUND',
  /** An image file or index could not be fetched: server down, HTTP error, truncated body. */
  IMAGE_FETCH_FAILED: 'IMAGE_FETCH_FAILED',
  /** Size, sha256, fingerprint or GPG signature did not match. */
  IMAGE_VERIFY_FAILED: 'IMAGE_VERIFY_FAILED',
  /** An image tarball would write outside the rootfs or holds what the target may not have. */
  IMAGE_UNSAFE: 'IMAGE_UNSAFE',
  /** lxc-destroy without -s on a container that has snapshots (LXC: "X has snapshots"). */
  HAS_SNAPSHOTS: 'HAS_SNAPSHOTS',
  /** Copying a container's files failed (lxc-copy, lxc-snapshot): disk full, permissions, a missing rootfs. */
  COPY_FAILED: 'COPY_FAILED',
  /** A stack run by an ordinary user (rootless) cannot do this without root's help, e.g. a veth (CAP_NET_ADMIN on the host). */
  ROOTLESS_UNSUPPORTED: 'ROOTLESS_UNSUPPORTED',
  /** An lxc.hook.clone or lxc.hook.destroy exited non-zero (details: hook type, status); nothing was made or removed. */
  HOOK_FAILED: 'HOOK_FAILED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && value in ErrorCode;
}
