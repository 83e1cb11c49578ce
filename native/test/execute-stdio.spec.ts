/**
 * Root kernel test of lxc-execute's stdio (spec init.reaper + init.stdio): the command's
 * stdin/stdout/stderr are pipes the shim hands to one `stdio` connection as exec frames,
 * with init's status (the command's) as EXIT. Skipped with a printed reason when not root.
 */
import { ShimClient, startContainer } from '../lib';
import { Harness, collect, skipReason } from './harness';

const reason = skipReason();
if (reason) console.warn(`native/test/execute-stdio.spec.ts skipped: ${reason}`);
const d = reason ? describe.skip : describe;

d('execute stdio (root)', () => {
  jest.setTimeout(30_000);
  let h: Harness;

  beforeAll(() => {
    h = new Harness();
  });
  afterAll(async () => h && (await h.cleanup()));

  it('bridges stdin to EOF, keeps stdout and stderr apart, ends with the command\'s status; claimed once', async () => {
    const spec = h.spec({ init: ['sh', '-c', 'read line; echo "got $line"; echo oops >&2; cat; exit 3'], initReaper: true, initStdio: true });
    await startContainer(spec);
    const client = ShimClient.forRunDir(spec.runDir);
    const s = client.stdio();
    const out = collect(s.stdout);
    const err = collect(s.stderr);
    expect(await s.started).toBeGreaterThan(0);
    // A second claim while the first holds the pipes is refused, not a second reader.
    const again = client.stdio();
    expect(await again.exit).toMatchObject({ code: 126, message: 'stdio: no execute stdio to claim' });
    s.stdin.end('hello\nrest\n');
    expect(await s.exit).toMatchObject({ code: 3, signal: 0 });
    expect([(await out).toString(), (await err).toString()]).toEqual(['got hello\nrest\n', 'oops\n']);
  });

  it('keeps a quick command\'s output until the claim, even after init is gone', async () => {
    const spec = h.spec({ init: ['sh', '-c', 'echo early; kill -9 $$'], initReaper: true, initStdio: true });
    await startContainer(spec);
    await new Promise((r) => setTimeout(r, 500));
    const s = ShimClient.forRunDir(spec.runDir).stdio();
    const out = collect(s.stdout);
    s.stdin.end();
    expect(await s.exit).toMatchObject({ code: 137 });
    expect((await out).toString()).toBe('early\n');
  });
});
