import { applyKey } from './top.tool';

describe('lxc-top keys', () => {
  it('q quits; r reverses; a sort key sorts, the same key again reverses', () => {
    const view = { sortBy: 'n' as const, reverse: false } as { sortBy: 'n' | 'c' | 'b' | 'm' | 's' | 'k'; reverse: boolean };
    expect(applyKey(view, 'q')).toBe(true);
    expect(applyKey(view, 'r')).toBe(false);
    expect(view).toEqual({ sortBy: 'n', reverse: true });
    applyKey(view, 'c');
    expect(view).toEqual({ sortBy: 'c', reverse: false });
    applyKey(view, 'c');
    expect(view).toEqual({ sortBy: 'c', reverse: true });
    applyKey(view, '\n');
    applyKey(view, 'x');
    expect(view).toEqual({ sortBy: 'c', reverse: true });
  });
});
