/**
 * Re-adoption (root): the container outlives the Node process that started it, a new client
 * takes it over, and an exit nobody watched is found in the run dir.
 */
import { spawn } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { createInterface } from 'readline';
import { ShimClient, defaultShimPath, scanRunDirs, serializeSpec, shimTitle, clearRunDir } from '../lib';
import { addonPath } from '../lib/addon';
import { Harness, collect, skipReason } from './harness';

const reason = skipReason();
if (reason) console.warn(`native/test/readopt.spec.ts skipped: ${reason}`);
const d = reason ? describe.skip : describe;

d('re-adoption (root)', () => {
  jest.setTimeout(30_000);
  let h: Harness;
  beforeAll(() => (h = new Harness()));
  afterAll(async () => h && (await h.cleanup()));

  it('survives kill -9 of the starting Node process and is re-adopted; a missed exit shows in scanRunDirs', async () => {
    const spec = h.spec();
    mkdirSync(spec.runDir, { recursive: true });
    const specPath = join(spec.runDir, 'spec');
    writeFileSync(specPath, serializeSpec(spec));
    const child = spawn(process.execPath, [join(__dirname, 'fixtures/start-detached.js'), addonPath(), defaultShimPath(), specPath, spec.runDir, shimTitle(spec)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line: string = await new Promise((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
    const started = JSON.parse(line) as { shimPid: number; initPid: number };
    expect(started.initPid).toBeGreaterThan(0);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const client = ShimClient.forRunDir(spec.runDir);
    expect(await client.state()).toEqual({ state: 'RUNNING', ...started });
    const s = client.exec({ argv: ['hostname'] });
    s.stdin.end();
    const out = await collect(s.stdout);
    expect((await s.exit).code).toBe(0);
    expect(out.toString()).toBe(`${spec.hostname}\n`);

    const runRoot = join(h.dir, 'run');
    expect(await scanRunDirs(runRoot)).toEqual([expect.objectContaining({ id: spec.name, kind: 'running', ...started })]);

    await client.kill('SIGKILL');
    for (let i = 0; i < 50 && (await scanRunDirs(runRoot))[0].kind === 'running'; i++) await new Promise((r) => setTimeout(r, 50));
    const [st] = await scanRunDirs(runRoot);
    expect(st).toMatchObject({ kind: 'exited', exit: { code: 0, signal: 9 } });
    await clearRunDir(spec.runDir);
    expect(await scanRunDirs(runRoot)).toEqual([]);
  });
});
