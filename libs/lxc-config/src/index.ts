/**
 * @lxcbus/lxc-config: LXC 5.0 container configuration files. Parse (with
 * includes and legacy keys), query in LXC's getter format, edit in place,
 * write back byte for byte; plus the global paths and lxc.conf lookup.
 */
export { ConfigError, ConfigErrorCode, ValueError } from './config-errors';
export type { ConfigLocation } from './config-errors';
export { ContainerConfig, parseConfig, loadConfig } from './container-config';
export type { KeyValue, EnvironmentVariable } from './container-config';
export { parseConfigText } from './config-parser';
export type { RawLine, ConfigEntry, ParseOptions, ParsedConfig } from './config-parser';
export { scanLine } from './config-line';
export type { LineKind, ScannedLine } from './config-line';
export { lookupKey, isSupportedKey, NET_KEYS, HOOK_TYPES } from './config-keys';
export type { KeySpec, KeyMode, KeyLookup } from './config-keys';
export { checkValue, NET_TYPES, NAMESPACES, LOG_LEVELS } from './config-values';
export type { ValueType } from './config-values';
export { LEGACY_KEYS, DROPPED_KEYS } from './legacy-keys';
export { updateLegacyConfig } from './legacy-update';
export { nodeConfigFs, memoryConfigFs } from './config-fs';
export type { ConfigFs } from './config-fs';
export { CAPABILITIES, LAST_CAPABILITY, capabilityNumber } from './capabilities';
export { SIGNALS, SIGRTMIN, SIGRTMAX, parseSignal } from './signal-names';
export { parseIdmap, formatIdmap } from './idmap';
export type { IdMap, IdMapKind } from './idmap';
export { splitCommand } from './init-command';
export type { NetworkConfig, IpConfig } from './network-config';
export { formatEntry } from './config-writer';
export {
  defaultConfigPath, lxcPath, systemConfigPath, readGlobalConfigValue, globalConfigValue, loadDefaultConfig,
  GLOBAL_CONFIG_DEFAULTS,
} from './default-config';
export type { UserContext, DefaultConfig } from './default-config';
