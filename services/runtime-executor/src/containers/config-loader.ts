/**
 * Reading container configs with LXC's rules, turning parse errors into
 * CONFIG_INVALID with LXC's message, and the summary lxc-ls shows.
 */
import { existsSync } from 'node:fs';
import { ConfigInvalidError, NotFoundError, type ConfigSummary } from '@lxcbus/contracts';
import { ConfigError, loadConfig, parseConfig, type ContainerConfig } from '@lxcbus/lxc-config';

function wrap<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof ConfigError) {
      throw new ConfigInvalidError(err.message, { configCode: err.code, file: err.file, line: err.line });
    }
    throw err;
  }
}

export function loadContainerConfig(configFile: string, name: string): ContainerConfig {
  if (!existsSync(configFile)) throw new NotFoundError(`${name} doesn't exist`, { name });
  return wrap(() => loadConfig(configFile));
}

export function parseConfigText(text: string, file: string): ContainerConfig {
  return wrap(() => parseConfig(text, { file }));
}

/** `-s KEY=VALUE` on top of a config, validated by the same parser. */
export function applyDefines(config: ContainerConfig, defines: string[]): ContainerConfig {
  for (const d of defines) {
    const eq = d.indexOf('=');
    const key = d.slice(0, eq).trim();
    const value = d.slice(eq + 1).trim();
    wrap(() => parseConfig(`${key} = ${value}\n`, { file: '(lxc-start -s)' }));
    config.set(key, value);
  }
  return config;
}

export function configSummary(config: ContainerConfig): ConfigSummary {
  return {
    autostart: config.startAuto(),
    groups: config.groups(),
    unprivileged: config.idmaps().length > 0,
    interfaces: config.networks().map((n) => n.name ?? `eth${n.index}`),
  };
}
