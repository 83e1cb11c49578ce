import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blocksSignal, rebootSignal, shutdownSignal, SIGINT } from './stop-signals';
import { SIGPWR } from './spec-builder';

describe('stop signals, read from the config on disk when lxc-stop runs', () => {
  let dir: string;
  const file = () => join(dir, 'config');
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'stop-signals-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('takes lxc.signal.halt and lxc.signal.reboot as they are in the file now', () => {
    writeFileSync(file(), 'lxc.signal.halt = SIGUSR1\nlxc.signal.reboot = SIGTERM\n');
    expect(shutdownSignal(file(), 1, () => true)).toBe(10);
    expect(rebootSignal(file())).toBe(15);
    writeFileSync(file(), 'lxc.signal.halt = 12\nlxc.signal.reboot = SIGRTMIN+1\n');
    expect(shutdownSignal(file(), 1)).toBe(12);
    expect(rebootSignal(file())).toBe(35);
  });

  it('defaults: SIGPWR, or SIGRTMIN+3 when init blocks it (systemd); SIGINT for reboot', () => {
    writeFileSync(file(), 'lxc.uts.name = x\n');
    expect(shutdownSignal(file(), 1, () => false)).toBe(SIGPWR);
    expect(shutdownSignal(file(), 1, (_pid, sig) => sig === 37)).toBe(37);
    expect(rebootSignal(file())).toBe(SIGINT);
  });

  it('falls back to the defaults when the file is missing or does not parse', () => {
    expect(shutdownSignal(join(dir, 'none'), 1, () => false)).toBe(SIGPWR);
    writeFileSync(file(), 'lxc.bogus.key = 1\n');
    expect(rebootSignal(file())).toBe(SIGINT);
  });

  it('reads SigBlk bit n-1 for signal n', () => {
    // systemd blocks SIGRTMIN+3 (37) among others: bit 36.
    expect(blocksSignal('Name:\tsystemd\nSigBlk:\t0000001000000000\n', 37)).toBe(true);
    expect(blocksSignal('SigBlk:\t0000000fffffffff\n', 37)).toBe(false);
    expect(blocksSignal('SigBlk:\t0000000000000001\n', 1)).toBe(true);
    expect(blocksSignal('no such line', 37)).toBe(false);
  });
});
