/**
 * `lxcbus user add|del|list`: root gives a unix user an identity on the
 * stack's bus. `add` writes ~user/.config/lxcbus/credentials (0600, the
 * user's) with a fresh nkey, registers its public key in <statedir>/auth and
 * reloads a running nats-server; adding again replaces the key. `del` undoes
 * it. See docs/decisions/bus-identity.md.
 */
import {
  lookupUser, newUserKey, renderCredentials, userCredentialsPath, type BusCredentials, type PasswdEntry,
} from '@lxcbus/bus-client';
import { isOwner, userInboxPrefix } from '@lxcbus/contracts';
import { readServicesCreds, readUsers, writeAuthConfig, writeUsers, type StackEndpoint } from './auth-store';
import { awaitLogin, reloadNats, type ReloadOutcome } from './nats-reload';
import { natsUrlFor } from './child-specs';
import { STACK_DEFAULTS } from './stack-defaults';
import { StackError, StackExit, StackUsageError } from './stack-errors';
import { parseDir } from './stack-options';
import { processIo, type StackIo } from './stack-io';
import { removeFileAsUser, writeFileAsUser } from './user-files';

export const USER_USAGE = `usage: lxcbus user add NAME [--statedir DIR]
       lxcbus user del NAME [--statedir DIR]
       lxcbus user list [--statedir DIR]
Gives the unix user NAME credentials on the stack of the state dir (default ${STACK_DEFAULTS.statedir}):
~NAME/.config/lxcbus/credentials, readable only by NAME, naming the stack's url and host, so
lxc-* run as NAME need no flags. NAME may then publish commands and read events only under
its own owner token. add again replaces the key; del revokes it. Run as root.`;

type Verb = 'add' | 'del' | 'list';

interface UserArgs {
  verb: Verb;
  name?: string;
  statedir: string;
}

function parseUserArgs(argv: readonly string[]): UserArgs | 'help' {
  const positionals: string[] = [];
  let statedir: string = STACK_DEFAULTS.statedir;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') return 'help';
    if (a === '--statedir') {
      if (argv[i + 1] === undefined) throw new StackUsageError('option --statedir needs a value');
      statedir = argv[++i];
    } else if (a.startsWith('--statedir=')) statedir = a.slice('--statedir='.length);
    else if (a.startsWith('-')) throw new StackUsageError(`unknown option ${a}`);
    else positionals.push(a);
  }
  const [verb, name, ...extra] = positionals;
  if (verb !== 'add' && verb !== 'del' && verb !== 'list') throw new StackUsageError(`unknown user command ${JSON.stringify(verb ?? '')}`);
  if (verb === 'list' ? name !== undefined : name === undefined || extra.length > 0) throw new StackUsageError(`wrong arguments for user ${verb}`);
  return { verb, name, statedir: parseDir('statedir', statedir) };
}

function unixUser(name: string): PasswdEntry {
  if (!isOwner(name)) throw new StackUsageError(`${JSON.stringify(name)} cannot be an owner token (letters, digits, _ and -; at most 32)`);
  const user = lookupUser(name);
  if (!user) throw new StackError(`no unix user ${name} in /etc/passwd (create it first, e.g. useradd -m ${name})`, 'NO_SUCH_USER');
  return user;
}

/** The stack's endpoint as the last `up` recorded it in services.creds, else the defaults. */
function endpointOf(statedir: string): StackEndpoint {
  const svc = readServicesCreds(statedir);
  return svc
    ? { url: svc.url, host: svc.host, lxcpath: svc.lxcpath ?? STACK_DEFAULTS.lxcpath }
    : { url: natsUrlFor(STACK_DEFAULTS.port), host: STACK_DEFAULTS.host, lxcpath: STACK_DEFAULTS.lxcpath };
}

function reportReload(outcome: ReloadOutcome, statedir: string, io: StackIo): void {
  if (outcome.state === 'not-running') io.err(`lxcbus user: no stack running on ${statedir}; it takes effect at the next lxcbus up`);
  if (outcome.state === 'no-auth') io.err(`lxcbus user: note: the stack on ${statedir} runs with --no-auth; credentials take effect when it runs with auth`);
}

async function addUser(name: string, statedir: string, io: StackIo): Promise<number> {
  const user = unixUser(name);
  const at = endpointOf(statedir);
  const key = newUserKey();
  const file = userCredentialsPath(user.home);
  const creds: BusCredentials = { version: 1, user: name, url: at.url, host: at.host, seed: key.seed, inboxPrefix: userInboxPrefix(name) };
  writeFileAsUser(user, file, renderCredentials(creds));
  const registry = readUsers(statedir);
  const replaced = name in registry.users;
  registry.users[name] = { publicKey: key.publicKey, credsFile: file, createdAt: new Date().toISOString() };
  writeUsers(statedir, registry);
  writeAuthConfig(statedir);
  const outcome = reloadNats(statedir);
  reportReload(outcome, statedir, io);
  if (outcome.state === 'reloaded' && !(await awaitLogin(outcome.record.natsUrl, key.seed, true))) {
    io.err(`lxcbus user: nats-server on ${outcome.record.natsUrl} did not accept ${name}'s new key after a reload; see ${outcome.record.nats.log}`);
    return StackExit.failed;
  }
  io.out(`${name}: ${replaced ? 'new key; ' : ''}credentials in ${file} (mode 0600, owner ${name}) for ${at.url} host ${at.host}`);
  return StackExit.ok;
}

function delUser(name: string, statedir: string, io: StackIo): number {
  const registry = readUsers(statedir);
  const entry = registry.users[name];
  if (!entry) throw new StackError(`${name} has no credentials on the stack of ${statedir}`, 'NO_SUCH_USER');
  delete registry.users[name];
  writeUsers(statedir, registry);
  writeAuthConfig(statedir);
  reportReload(reloadNats(statedir), statedir, io);
  const user = lookupUser(name);
  // The user may be gone already (userdel first): the key is revoked either way.
  if (user) removeFileAsUser(user, entry.credsFile);
  io.out(`${name}: credentials revoked${user ? ` and ${entry.credsFile} removed` : ''}`);
  return StackExit.ok;
}

function listUsers(statedir: string, io: StackIo): number {
  const users = Object.entries(readUsers(statedir).users).sort(([a], [b]) => a.localeCompare(b));
  for (const [name, u] of users) io.out(`${name.padEnd(16)} ${u.publicKey} ${u.createdAt} ${u.credsFile}`);
  return StackExit.ok;
}

export async function runUserCommand(argv: readonly string[], io: StackIo = processIo): Promise<number> {
  try {
    const args = parseUserArgs(argv);
    if (args === 'help') {
      io.out(USER_USAGE);
      return StackExit.ok;
    }
    if (args.verb === 'list') return listUsers(args.statedir, io);
    if (process.getuid?.() !== 0) throw new StackError(`user ${args.verb} must be run as root (it writes another user's home and the stack's auth)`, 'NOT_ROOT');
    return args.verb === 'add' ? await addUser(args.name as string, args.statedir, io) : delUser(args.name as string, args.statedir, io);
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    io.err(`lxcbus user: ${err.message}`);
    if (err instanceof StackUsageError) io.err(USER_USAGE);
    return StackExit.failed;
  }
}
