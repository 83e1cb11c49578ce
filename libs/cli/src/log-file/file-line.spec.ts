import { categoryOf, fileLine, lxcTimestamp } from './file-line';

const AT = Date.UTC(2026, 10, 29, 16, 50, 12);

describe('LXC 5.0.2 log file lines', () => {
  it('names the category after the source file, as lxc_log_define() does', () => {
    expect(categoryOf('../src/lxc/tools/lxc_start.c')).toBe('lxc_start');
    expect(categoryOf('../src/lxc/attach.c')).toBe('attach');
    expect(categoryOf('../src/lxc/storage/overlay.c')).toBe('overlay');
    expect(categoryOf('lxcbus')).toBe('lxcbus');
  });

  it('stamps UTC as YYYYMMDDhhmmss and the first three digits of the unpadded nanoseconds', () => {
    expect(lxcTimestamp(AT + 123.4567)).toBe('20261129165012.123');
    expect(lxcTimestamp(Date.UTC(2026, 0, 2, 3, 4, 5) + 999)).toBe('20260102030405.999');
    // %.3s of "5100000": LXC prints 5.1 ms as .510 and 0 ns as .0.
    expect(lxcTimestamp(AT + 5.1)).toBe('20261129165012.510');
    expect(lxcTimestamp(AT)).toBe('20261129165012.0');
  });

  it('formats a line byte for byte like lxc-start -o (captured from 5.0.2)', () => {
    const r = { level: 'ERROR' as const, file: '../src/lxc/tools/lxc_start.c', func: 'main', line: 266, message: 'No container config specified' };
    expect(fileLine('lxc-start', 'nosuch', '20261129163540.403', r)).toBe(
      'lxc-start nosuch 20261129163540.403 ERROR    lxc_start - ../src/lxc/tools/lxc_start.c:main:266 - No container config specified\n');
  });

  it('keeps the strerror head in the message and leaves the name out when there is none', () => {
    const r = { level: 'WARN' as const, file: '../src/lxc/attach.c', func: 'lxc_attach', line: 1470, message: 'Connection refused - Failed to get attach context' };
    expect(fileLine('lxc-attach', 'c1', 'T', r)).toBe('lxc-attach c1 T WARN     attach - ../src/lxc/attach.c:lxc_attach:1470 - Connection refused - Failed to get attach context\n');
    expect(fileLine('lxc-autostart', '', 'T', { ...r, level: 'ERROR' })).toMatch(/^lxc-autostart T ERROR    attach - /);
  });
});
