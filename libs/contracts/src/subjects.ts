/**
 * The subject grammar. Broad to narrow, identifiers last, versioned; the owner
 * (unix user) is a token so NATS permissions can scope a user to their own
 * containers (`lxcbus.v1.cmd.*.alice.>`, `lxcbus.v1.evt.*.alice.>`, ...).
 *
 *   lxcbus.v1.cmd.<host>.<owner>.<verb>                      user commands (request/reply)
 *   lxcbus.v1.svc.<host>.<service>.<verb>                    service-to-service calls
 *   lxcbus.v1.evt.<host>.<owner>.<container>.<type>          CloudEvents (JetStream)
 *   lxcbus.v1.io.<host>.<owner>.<session>.<in|out>           attach byte streams
 *
 * Documented in docs/bus.md; every subject a service uses is built here.
 */
export const SUBJECT_ROOT = 'lxcbus.v1';

export const CommandVerb = {
  create: 'create',
  start: 'start',
  stop: 'stop',
  destroy: 'destroy',
  attach: 'attach',
  info: 'info',
  ls: 'ls',
  wait: 'wait',
  /** An image server's index, for `-- --list` and the interactive download prompts (image-fetcher). */
  images: 'images',
  /** lxc-info -c: config values as LXC's getters print them, read from disk by runtime-executor. */
  configGet: 'config-get',
  /** lxc-copy: full copy or rename of a container on the dir backend. */
  copy: 'copy',
  /** lxc-snapshot: create, list, restore or destroy snapshots under <container>/snaps. */
  snapshot: 'snapshot',
  /** lxc-cgroup: read or write a file of a running container's cgroup. */
  cgroup: 'cgroup',
  /** lxc-freeze / lxc-unfreeze. */
  freeze: 'freeze',
  unfreeze: 'unfreeze',
  /** lxc-device: add/remove a device node or move a network link in/out of a running container. */
  device: 'device',
  /** lxc-top: usage figures of every active container of an lxcpath. */
  top: 'top',
  /** lxc-console, lxc-start -F: a session on the console or a tty (see console.ts). */
  console: 'console',
} as const;
export type CommandVerb = (typeof CommandVerb)[keyof typeof CommandVerb];
export const COMMAND_VERBS: readonly CommandVerb[] = Object.values(CommandVerb);

export const ServiceName = {
  imageFetcher: 'image-fetcher',
  idMapper: 'id-mapper',
  networkAllocator: 'network-allocator',
  runtimeExecutor: 'runtime-executor',
  stateReporter: 'state-reporter',
} as const;
export type ServiceName = (typeof ServiceName)[keyof typeof ServiceName];
export const SERVICE_NAMES: readonly ServiceName[] = Object.values(ServiceName);

/** Which service answers each user verb. */
export const VERB_OWNER: Readonly<Record<CommandVerb, ServiceName>> = {
  create: 'runtime-executor',
  start: 'runtime-executor',
  stop: 'runtime-executor',
  destroy: 'runtime-executor',
  attach: 'runtime-executor',
  info: 'state-reporter',
  ls: 'state-reporter',
  wait: 'state-reporter',
  images: 'image-fetcher',
  'config-get': 'runtime-executor',
  copy: 'runtime-executor',
  snapshot: 'runtime-executor',
  cgroup: 'runtime-executor',
  freeze: 'runtime-executor',
  unfreeze: 'runtime-executor',
  device: 'runtime-executor',
  top: 'state-reporter',
  console: 'runtime-executor',
};

export const ServiceVerb = {
  ping: 'ping',
  populate: 'populate',
  usage: 'usage',
  ranges: 'ranges',
  validate: 'validate',
  plan: 'plan',
  /** network-allocator: leases (addresses, MACs, host veth names) for a start; quota-checked. */
  allocate: 'allocate',
  /** network-allocator: free a container's leases (stop, crash, failed start). */
  release: 'release',
} as const;
export type ServiceVerb = (typeof ServiceVerb)[keyof typeof ServiceVerb];

export const EventType = {
  created: 'created',
  destroyed: 'destroyed',
  state: 'state',
  exit: 'exit',
  progress: 'progress',
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];
export const EVENT_TYPES: readonly EventType[] = Object.values(EventType);

export type IoDirection = 'in' | 'out';

/** Placeholder that a service's handler patterns carry until bind time (see libs/bus). */
export const HOST_PLACEHOLDER = '{host}';

export const subjects = {
  command: (host: string, owner: string, verb: string) => `${SUBJECT_ROOT}.cmd.${host}.${owner}.${verb}`,
  /** Handler pattern for a verb on this host, any owner. */
  commandPattern: (verb: CommandVerb, host = HOST_PLACEHOLDER) => `${SUBJECT_ROOT}.cmd.${host}.*.${verb}`,
  /** Every command on a host, any owner and verb (the unknown-verb catcher). */
  anyCommandPattern: (host = HOST_PLACEHOLDER) => `${SUBJECT_ROOT}.cmd.${host}.*.*`,
  service: (host: string, service: ServiceName, verb: ServiceVerb) => `${SUBJECT_ROOT}.svc.${host}.${service}.${verb}`,
  servicePattern: (service: ServiceName, verb: ServiceVerb, host = HOST_PLACEHOLDER) =>
    `${SUBJECT_ROOT}.svc.${host}.${service}.${verb}`,
  event: (host: string, owner: string, container: string, type: EventType) =>
    `${SUBJECT_ROOT}.evt.${host}.${owner}.${container}.${type}`,
  /** Events filter; '*' wildcards any token left unspecified. */
  eventFilter: (f: { host?: string; owner?: string; container?: string; type?: EventType }) =>
    `${SUBJECT_ROOT}.evt.${f.host ?? '*'}.${f.owner ?? '*'}.${f.container ?? '*'}.${f.type ?? '*'}`,
  allEvents: () => `${SUBJECT_ROOT}.evt.>`,
  io: (host: string, owner: string, session: string, dir: IoDirection) => `${SUBJECT_ROOT}.io.${host}.${owner}.${session}.${dir}`,
} as const;

export interface ParsedCommandSubject {
  host: string;
  owner: string;
  verb: string;
}

/** Splits a command subject; returns null when the subject is not one. */
export function parseCommandSubject(subject: string): ParsedCommandSubject | null {
  const t = subject.split('.');
  if (t.length !== 6 || t[0] !== 'lxcbus' || t[1] !== 'v1' || t[2] !== 'cmd') return null;
  return { host: t[3], owner: t[4], verb: t[5] };
}

export interface ParsedEventSubject {
  host: string;
  owner: string;
  container: string;
  type: string;
}

export function parseEventSubject(subject: string): ParsedEventSubject | null {
  const t = subject.split('.');
  if (t.length !== 7 || t[0] !== 'lxcbus' || t[1] !== 'v1' || t[2] !== 'evt') return null;
  return { host: t[3], owner: t[4], container: t[5], type: t[6] };
}

/** JetStream names. */
export const EVENTS_STREAM = 'LXCBUS_EVENTS';
export const CONTAINERS_BUCKET = 'lxcbus-containers';
export const HOSTS_BUCKET = 'lxcbus-hosts';
/** network-allocator's leases, quota charges and per-container allocation records (decisions/networking.md). */
export const NET_LEASES_BUCKET = 'lxcbus-net-leases';
