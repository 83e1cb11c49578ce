/**
 * Builds a busybox rootfs with node fs, step for step as lxc-busybox's
 * install_busybox + configure_busybox do. Modes are set explicitly with chmod so the
 * result does not depend on the service's umask.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describeExit, runCapture } from './child-process.runner';
import {
  BUSYBOX_DIRS,
  BUSYBOX_FILES,
  BUSYBOX_IMPLICIT_DIRS,
  UDHCPC_DIR_MODE,
  UDHCPC_SCRIPT,
  UDHCPC_SCRIPT_MODE,
  udhcpcScriptPath,
} from './busybox-rootfs.layout';

const SETUID_SETGID = 0o6000;

/** Creates the directory tree, the files under /etc and the udhcpc hook. */
export async function installBusyboxTree(rootfs: string, busybox: string): Promise<void> {
  for (const dir of BUSYBOX_DIRS) await fs.mkdir(path.join(rootfs, dir), { recursive: true });
  for (const dir of [...BUSYBOX_DIRS, ...BUSYBOX_IMPLICIT_DIRS]) await fs.chmod(path.join(rootfs, dir), 0o755);
  await fs.chmod(path.join(rootfs, 'tmp'), 0o1777);
  for (const file of BUSYBOX_FILES) {
    const target = path.join(rootfs, file.path);
    await fs.appendFile(target, file.text);
    await fs.chmod(target, file.mode);
  }
  await installUdhcpcScript(rootfs, busybox);
}

async function installUdhcpcScript(rootfs: string, busybox: string): Promise<void> {
  const help = await runCapture(busybox, ['udhcpc', '--help']);
  // A busybox built without udhcpc has no hook path; the shell template would then chmod
  // the rootfs itself to 0644, which we do not copy.
  const rel = udhcpcScriptPath(help.stdout + help.stderr);
  if (!rel) return;
  const script = path.join(rootfs, rel);
  const dir = path.dirname(script);
  await fs.mkdir(dir, { recursive: true });
  await fs.appendFile(script, UDHCPC_SCRIPT);
  await fs.chmod(script, UDHCPC_SCRIPT_MODE);
  // After the write: a 0644 directory cannot be entered without CAP_DAC_OVERRIDE.
  await fs.chmod(dir, UDHCPC_DIR_MODE);
}

/**
 * Copies busybox into /bin, links every applet to it, hard-links /sbin/init, and makes
 * the binary setuid+setgid (the template runs `chmod +s bin/passwd`, which follows the
 * applet symlink) so that `passwd` works for non-root users in the container.
 */
export async function configureBusybox(rootfs: string, busybox: string): Promise<string[]> {
  const bin = path.join(rootfs, 'bin');
  const copy = path.join(bin, 'busybox');
  await fs.copyFile(busybox, copy);
  const srcMode = (await fs.stat(busybox)).mode & 0o777;
  await fs.chmod(copy, srcMode);
  const applets = await listApplets(copy);
  for (const applet of applets) await symlinkIfAbsent('busybox', path.join(bin, applet));
  await fs.link(copy, path.join(rootfs, 'sbin', 'init'));
  if (applets.includes('passwd')) await fs.chmod(copy, srcMode | SETUID_SETGID);
  return applets;
}

/** `busybox --list | grep -v busybox`: applet names, minus any containing "busybox". */
export async function listApplets(busybox: string): Promise<string[]> {
  const r = await runCapture(busybox, ['--list']);
  if (r.code !== 0) throw new Error(describeExit(`${busybox} --list`, r));
  return r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.includes('busybox') && !l.includes('/'));
}

async function symlinkIfAbsent(target: string, link: string): Promise<void> {
  try {
    await fs.symlink(target, link);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}
