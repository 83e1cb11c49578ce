import { ContainerLocks } from './container-locks';

describe('ContainerLocks', () => {
  it('serialises work on one key and keeps going after a failure', async () => {
    const locks = new ContainerLocks();
    const order: string[] = [];
    const slow = (tag: string, ms: number, fail = false) => locks.run('k', async () => {
      order.push(`${tag}+`);
      await new Promise((r) => setTimeout(r, ms));
      order.push(`${tag}-`);
      if (fail) throw new Error(tag);
      return tag;
    });
    const results = await Promise.allSettled([slow('a', 20, true), slow('b', 1), slow('c', 1)]);
    expect(order).toEqual(['a+', 'a-', 'b+', 'b-', 'c+', 'c-']);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
  });

  it('runs different keys in parallel', async () => {
    const locks = new ContainerLocks();
    const order: string[] = [];
    await Promise.all(['x', 'y'].map((k) => locks.run(k, async () => {
      order.push(`${k}+`);
      await new Promise((r) => setTimeout(r, 10));
      order.push(`${k}-`);
    })));
    expect(order.slice(0, 2).sort()).toEqual(['x+', 'y+']);
  });
});
