export { BUS_DEFAULTS, busSettingsFromEnv } from './bus-settings';
export type { BusSettings, SettingsLookup } from './bus-settings';
export { connectBus, natsConnectionOptions } from './connect';
export type { ConnectOptions } from './connect';
export { requestJson, decodeReply, mapNatsError } from './request';
export type { RequestOptions } from './request';
export { BusClient } from './bus-client';
export type { BusClientIdentity } from './bus-client';
export { ROOT_LXCPATH_DEFAULT, parsePasswd, lookupUser, ownerLxcpath } from './owner-paths';
export type { PasswdEntry } from './owner-paths';
export {
  CREDENTIALS_DEFAULTS, CredentialsError, userCredentialsPath, parseCredentials, renderCredentials,
  loadCredentials, authenticatorFor, newUserKey, publicKeyOf, discoverCredentialsFile,
} from './credentials';
export type { BusCredentials, LoadedCredentials } from './credentials';
export { checkLxcpathOwner } from './lxcpath-owner';
export type { LxcpathOwnerCheck, OwnershipFs } from './lxcpath-owner';
export { shimBinaryPath } from './shim-binary';
