import { canTransition, CONTAINER_STATES, isContainerState, isRunningLike } from './states';

describe('container state machine', () => {
  it('keeps LXC enum order', () => {
    expect(CONTAINER_STATES).toEqual([
      'STOPPED', 'STARTING', 'RUNNING', 'STOPPING', 'ABORTING', 'FREEZING', 'FROZEN', 'THAWED',
    ]);
  });

  it.each([
    ['STOPPED', 'STARTING'], ['STARTING', 'RUNNING'], ['STARTING', 'ABORTING'], ['ABORTING', 'STOPPING'],
    ['RUNNING', 'STOPPING'], ['STOPPING', 'STOPPED'], ['FREEZING', 'FROZEN'], ['FROZEN', 'THAWED'],
    ['THAWED', 'RUNNING'],
  ] as const)('allows %s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each([
    ['STOPPED', 'RUNNING'], ['RUNNING', 'STARTING'], ['STOPPED', 'STOPPING'], ['STOPPING', 'RUNNING'],
    ['FROZEN', 'RUNNING'],
  ] as const)('refuses %s -> %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it('recognises states and running-like states', () => {
    expect(isContainerState('RUNNING')).toBe(true);
    expect(isContainerState('running')).toBe(false);
    expect(isRunningLike('FROZEN')).toBe(true);
    expect(isRunningLike('STARTING')).toBe(false);
  });
});
