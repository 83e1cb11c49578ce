/**
 * lxc.console.logfile in the shim (console-file.c): appended as the console is written, opened
 * with the owner's rights (a root-run shim must not write where the owner could not), and, for
 * root, without following a symlink someone else planted. Root kernel tests, skipped otherwise.
 */
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, lchownSync, writeFileSync } from 'fs';
import { join } from 'path';
import { startContainer, type ConsoleLogSpec } from '../lib';
import { Harness, skipReason } from './harness';

const reason = skipReason();
if (reason) console.warn(`native/test/console-file.spec.ts skipped: ${reason}`);
const d = reason ? describe.skip : describe;
const NOBODY = 65534;

async function until(check: () => boolean, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end && !check(); ) await new Promise((r) => setTimeout(r, 50));
}

d('console log file (root)', () => {
  jest.setTimeout(30_000);
  let h: Harness;
  beforeAll(() => {
    h = new Harness();
  });
  afterAll(async () => h && (await h.cleanup()));

  const log = (path: string): ConsoleLogSpec => ({ path, size: 0, rotate: false });
  const root = { uid: 0, gid: 0 };
  const nobody = { uid: NOBODY, gid: NOBODY };
  const hello = ['/bin/sh', '-c', 'echo hello-log; exec sleep 1000'];

  it('appends the console output to a root container\'s file, as it is written', async () => {
    const file = join(h.dir, 'root.log');
    writeFileSync(file, 'kept\n');
    await startContainer(h.spec({ init: hello, consoleLog: log(file), consoleOwner: root }));
    await until(() => readFileSync(file, 'utf8').includes('hello-log'));
    expect(readFileSync(file, 'utf8')).toBe('kept\nhello-log\r\n');
  });

  it('opens an ordinary owner\'s file with that owner\'s uid/gid: created as theirs, mode 0600', async () => {
    const dir = join(h.dir, 'nobody-dir');
    chmodSync(h.dir, 0o711); // the owner must be able to reach its own directory, as anywhere
    mkdirSync(dir);
    chownSync(dir, NOBODY, NOBODY);
    const file = join(dir, 'c.log');
    await startContainer(h.spec({ init: hello, consoleLog: log(file), consoleOwner: nobody }));
    await until(() => existsSync(file) && readFileSync(file, 'utf8').includes('hello-log'));
    const st = statSync(file);
    expect({ uid: st.uid, gid: st.gid, mode: st.mode & 0o777, text: readFileSync(file, 'utf8') })
      .toEqual({ uid: NOBODY, gid: NOBODY, mode: 0o600, text: 'hello-log\r\n' });
  });

  it('refuses to start when the owner may not write there (a root-only directory)', async () => {
    const dir = join(h.dir, 'root-only');
    mkdirSync(dir, { mode: 0o700 });
    chmodSync(dir, 0o700);
    const file = join(dir, 'c.log');
    await expect(startContainer(h.spec({ init: hello, consoleLog: log(file), consoleOwner: nobody }))).rejects.toThrow(/console log file: open .*: EACCES/);
    expect(existsSync(file)).toBe(false);
  });

  it('does not follow a symlink planted by another user in root\'s path', async () => {
    const dir = join(h.dir, 'planted');
    mkdirSync(dir);
    chownSync(dir, NOBODY, NOBODY);
    const victim = join(h.dir, 'victim');
    writeFileSync(victim, 'untouched\n');
    const link = join(dir, 'c.log');
    symlinkSync(victim, link);
    lchownSync(link, NOBODY, NOBODY);
    await expect(startContainer(h.spec({ init: hello, consoleLog: log(link), consoleOwner: root }))).rejects.toThrow(/console log file: open .*: ELOOP/);
    expect(readFileSync(victim, 'utf8')).toBe('untouched\n');
  });
});
