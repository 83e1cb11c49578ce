import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { isNativeBuilt } from './addon';
import { hooksArgv, runHooks } from './run-hooks';

describe('lxcbus-shim hooks (clone and destroy)', () => {
  it('passes type, name, version, user, environment, arguments and overlay as options, hooks after --', () => {
    expect(hooksArgv({
      type: 'clone', name: 'c2', hooks: ['/h one', '/h2'], version: 1, env: { LXC_NAME: 'c2', LXC_SRC_NAME: 'c1' },
      args: ['a', 'b c'], user: { uid: 1000, gid: 1001 }, overlay: { lower: '/l', upper: '/u', work: '/w', target: '/t' },
    })).toEqual(['hooks', '--type', 'clone', '--name', 'c2', '--version', '1', '--uid', '1000', '--gid', '1001',
      '--env', 'LXC_NAME=c2', '--env', 'LXC_SRC_NAME=c1', '--arg', 'a', '--arg', 'b c', '--overlay', '/l:/u:/w:/t', '--', '/h one', '/h2']);
  });

  const itBuilt = isNativeBuilt() ? it : it.skip;
  if (!isNativeBuilt()) console.warn('run-hooks.spec.ts: runs skipped: native not built');

  itBuilt('runs each hook as `<hook> <name> lxc <type> [args]` with only the given LXC_* variables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-hooks-'));
    try {
      const out = join(dir, 'out');
      const hook = `sh -c 'echo "$*|$(env | grep ^LXC_ | sort | tr "\\n" " ")" >> ${out}' x`;
      await runHooks({ type: 'destroy', name: 'c2', hooks: [hook, hook], env: { LXC_NAME: 'c2' }, args: ['z'] });
      expect(readFileSync(out, 'utf8')).toBe('c2 lxc destroy z|LXC_NAME=c2 \n'.repeat(2));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  itBuilt('a failing hook rejects with its exit status and stops the rest', async () => {
    // destroy: clone needs root for its mount namespace, these run as anyone.
    const p = runHooks({ type: 'destroy', name: 'c2', hooks: ["sh -c 'exit 4' x", '/nonexistent-never-run'], env: {} });
    await expect(p).rejects.toMatchObject({ code: 'HOOK_FAILED', status: 4, op: 'run destroy hooks' });
    await expect(p).rejects.toThrow(/destroy hook .* failed with status 4/);
  });
});
