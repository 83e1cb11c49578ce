/**
 * The container state machine, with LXC's names and enum order
 * (lxc_state_t: STOPPED=0 ... THAWED=7).
 */
export const ContainerState = {
  STOPPED: 'STOPPED',
  STARTING: 'STARTING',
  RUNNING: 'RUNNING',
  STOPPING: 'STOPPING',
  ABORTING: 'ABORTING',
  FREEZING: 'FREEZING',
  FROZEN: 'FROZEN',
  THAWED: 'THAWED',
} as const;
export type ContainerState = (typeof ContainerState)[keyof typeof ContainerState];

export const CONTAINER_STATES: readonly ContainerState[] = [
  'STOPPED', 'STARTING', 'RUNNING', 'STOPPING', 'ABORTING', 'FREEZING', 'FROZEN', 'THAWED',
];

/**
 * Allowed transitions, as observed with lxc-monitor on LXC 5.0
 * (LXC-REFERENCE section 4). Repeats of FROZEN/THAWED/ABORTING are allowed
 * because LXC emits them twice.
 */
const TRANSITIONS: Readonly<Record<ContainerState, readonly ContainerState[]>> = {
  STOPPED: ['STARTING'],
  STARTING: ['RUNNING', 'ABORTING', 'STOPPING'],
  RUNNING: ['STOPPING', 'FREEZING', 'ABORTING'],
  STOPPING: ['STOPPED'],
  ABORTING: ['ABORTING', 'STOPPING'],
  FREEZING: ['FROZEN', 'RUNNING'],
  FROZEN: ['FROZEN', 'THAWED', 'STOPPING'],
  THAWED: ['THAWED', 'RUNNING'],
};

export function isContainerState(value: unknown): value is ContainerState {
  return typeof value === 'string' && (CONTAINER_STATES as readonly string[]).includes(value);
}

export function canTransition(from: ContainerState, to: ContainerState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** States in which the container has a live init (lxc-ls --active). */
export function isActive(state: ContainerState): boolean {
  return state !== 'STOPPED';
}

/** What lxc-ls --running counts as running: RUNNING and the freeze family. */
export function isRunningLike(state: ContainerState): boolean {
  return state === 'RUNNING' || state === 'FROZEN' || state === 'FREEZING' || state === 'THAWED';
}
