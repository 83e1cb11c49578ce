/**
 * The shim opens its log (in the container dir, which an ordinary owner's group may write)
 * without following what she could have planted: a dangling link there used to make root
 * create any file it names. A link only root can have made is still followed.
 */
import { chmodSync, existsSync, mkdirSync, symlinkSync } from 'fs';
import { join } from 'path';
import { startContainer } from '../lib';
import { Harness, skipReason } from './harness';

const reason = skipReason();
if (reason) console.warn(`native/test/safe-open.spec.ts skipped: ${reason}`);
const d = reason ? describe.skip : describe;

d('shim log file in a directory others may write (root)', () => {
  jest.setTimeout(30_000);
  let h: Harness;
  beforeAll(() => (h = new Harness()));
  afterAll(async () => h && (await h.cleanup()));

  it('does not follow a planted link: the file it names is not created', async () => {
    const open = join(h.dir, 'group-writable');
    mkdirSync(open);
    chmodSync(open, 0o777);
    const victim = join(h.dir, 'victim');
    const spec = h.spec();
    symlinkSync(victim, join(open, `${spec.name}.log`));
    await startContainer({ ...spec, logFile: join(open, `${spec.name}.log`) });
    expect(existsSync(victim)).toBe(false);
  });

  it('follows a link only root could have made, to a log in its target', async () => {
    const real = join(h.dir, 'real');
    mkdirSync(real);
    symlinkSync(real, join(h.dir, 'via'));
    const spec = h.spec();
    await startContainer({ ...spec, logFile: join(h.dir, 'via', `${spec.name}.log`) });
    expect(existsSync(join(real, `${spec.name}.log`))).toBe(true);
  });
});
