import { EscapeFilter, consoleBanner, escapeLetter } from './console-escape';

const feed = (f: EscapeFilter, s: string) => {
  const r = f.feed(Buffer.from(s, 'latin1'));
  return { data: r.data.toString('latin1'), detach: r.detach };
};

describe('EscapeFilter (Ctrl+a)', () => {
  it('passes ordinary bytes through', () => {
    expect(feed(new EscapeFilter(1), 'ls -l\r')).toEqual({ data: 'ls -l\r', detach: false });
  });

  it('detaches on prefix + q and sends nothing after it', () => {
    expect(feed(new EscapeFilter(1), 'ab\x01qcd')).toEqual({ data: 'ab', detach: true });
  });

  it('sends one prefix for prefix + prefix', () => {
    expect(feed(new EscapeFilter(1), '\x01\x01x')).toEqual({ data: '\x01x', detach: false });
  });

  it('drops the prefix before any other byte, as LXC does', () => {
    expect(feed(new EscapeFilter(1), '\x01x')).toEqual({ data: 'x', detach: false });
  });

  it('keeps the state across chunks', () => {
    const f = new EscapeFilter(1);
    expect(feed(f, 'a\x01')).toEqual({ data: 'a', detach: false });
    expect(feed(f, 'q')).toEqual({ data: '', detach: true });
  });

  it('a q without the prefix is a q; prefix, prefix, q is a prefix and a q', () => {
    expect(feed(new EscapeFilter(1), 'q')).toEqual({ data: 'q', detach: false });
    expect(feed(new EscapeFilter(1), '\x01\x01q')).toEqual({ data: '\x01q', detach: false });
  });

  it('with -e b, Ctrl+a is an ordinary byte and Ctrl+b q detaches', () => {
    const f = new EscapeFilter(2);
    expect(feed(f, '\x01q')).toEqual({ data: '\x01q', detach: false });
    expect(feed(f, '\x02q')).toEqual({ data: '', detach: true });
  });
});

describe('consoleBanner', () => {
  it('is LXC 5.0.2 byte for byte', () => {
    expect(consoleBanner(1, 1)).toBe(
      '\nConnected to tty 1\nType <Ctrl+a q> to exit the console, <Ctrl+a Ctrl+a> to enter Ctrl+a itself\n');
    expect(consoleBanner(0, 2)).toContain('<Ctrl+b q>');
    expect(escapeLetter(3)).toBe('c');
  });
});
