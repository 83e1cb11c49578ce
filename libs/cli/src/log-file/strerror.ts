/** glibc's strerror() text for the errno codes opening a log file can meet; Node's own text otherwise. */
const TEXT: Readonly<Record<string, string>> = {
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EROFS: 'Read-only file system',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
  ENOSPC: 'No space left on device',
  EDQUOT: 'Disk quota exceeded',
  ETXTBSY: 'Text file busy',
  EMFILE: 'Too many open files',
  ENFILE: 'Too many open files in system',
  EIO: 'Input/output error',
  EINVAL: 'Invalid argument',
  ENXIO: 'No such device or address',
  EEXIST: 'File exists',
};

export function strerror(code: string | undefined, fallback: string): string {
  return (code !== undefined && TEXT[code]) || fallback;
}
