/**
 * One operation at a time per container inside this executor: create, start,
 * stop and destroy of the same container are serialised, different
 * containers proceed in parallel.
 */
import { Injectable } from '@nestjs/common';

@Injectable()
export class ContainerLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const result = before.catch(() => undefined).then(work);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
