/** Where the host keeps its delegated id ranges. Every default in one object; LXCBUS_* overrides. */
import * as path from 'node:path';

export interface IdMapperSettings {
  /** shadow's subordinate uid file (LXCBUS_SUBUID_FILE). */
  subuidFile: string;
  /** shadow's subordinate gid file (LXCBUS_SUBGID_FILE). */
  subgidFile: string;
  /** Resolves owners to uids for numeric subuid lines (LXCBUS_PASSWD_FILE). */
  passwdFile: string;
}

export const ID_MAPPER_DEFAULTS: Readonly<IdMapperSettings> = {
  subuidFile: '/etc/subuid',
  subgidFile: '/etc/subgid',
  passwdFile: '/etc/passwd',
};

export const ID_MAPPER_SETTINGS = Symbol('ID_MAPPER_SETTINGS');

/** Read once at boot; a relative path is a configuration mistake, refused before the service listens. */
export function idMapperSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): IdMapperSettings {
  const settings: IdMapperSettings = {
    subuidFile: env.LXCBUS_SUBUID_FILE || ID_MAPPER_DEFAULTS.subuidFile,
    subgidFile: env.LXCBUS_SUBGID_FILE || ID_MAPPER_DEFAULTS.subgidFile,
    passwdFile: env.LXCBUS_PASSWD_FILE || ID_MAPPER_DEFAULTS.passwdFile,
  };
  for (const [key, value] of Object.entries(settings)) {
    if (!path.isAbsolute(value)) throw new Error(`id-mapper: ${key} ${JSON.stringify(value)} must be an absolute path`);
  }
  return settings;
}
