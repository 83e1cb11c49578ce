/**
 * Which signal lxc-stop sends, decided when lxc-stop runs, as liblxc does: the client loads
 * the container's config file as it is on disk now (not the config the container started
 * with), so lxc.signal.halt / lxc.signal.reboot edited after the start take effect.
 * Shutdown: lxc.signal.halt if set, else SIGRTMIN+3 when init blocks it (systemd), else
 * SIGPWR. Reboot: lxc.signal.reboot if set, else SIGINT. (lxc.signal.stop, used by -k,
 * belongs to the running container and stays in the run record.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadConfig, SIGRTMIN, type ContainerConfig } from '@lxcbus/lxc-config';
import { SIGPWR } from './spec-builder';

export const SIGINT = 2;
const SYSTEMD_HALT = SIGRTMIN + 3;

/** The on-disk config, or undefined when it is missing or does not parse (liblxc then has no lxc_conf). */
function configNow(configFile: string): ContainerConfig | undefined {
  if (!existsSync(configFile)) return undefined;
  try {
    return loadConfig(configFile);
  } catch {
    return undefined;
  }
}

/** SigBlk of /proc/<pid>/status: a hex mask where bit n-1 is signal n. */
export function blocksSignal(statusText: string, sig: number): boolean {
  const m = /^SigBlk:\s*([0-9a-fA-F]+)$/m.exec(statusText);
  if (!m) return false;
  return (BigInt(`0x${m[1]}`) >> BigInt(sig - 1)) & 1n ? true : false;
}

function initBlocks(initPid: number, sig: number): boolean {
  try {
    return blocksSignal(readFileSync(`/proc/${initPid}/status`, 'utf8'), sig);
  } catch {
    return false;
  }
}

export function shutdownSignal(configFile: string, initPid: number, blocks = initBlocks): number {
  const s = configNow(configFile)?.signal('halt');
  if (s) return s;
  return blocks(initPid, SYSTEMD_HALT) ? SYSTEMD_HALT : SIGPWR;
}

export function rebootSignal(configFile: string): number {
  return configNow(configFile)?.signal('reboot') || SIGINT;
}
