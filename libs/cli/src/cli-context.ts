/**
 * What every CLI command needs: the bus connection (no Nest, one request per
 * intent), who the caller is (the owner token is the unix user) and which
 * lxcpath -P names or LXC's default for that user.
 */
import { userInfo } from 'node:os';
import type { NatsConnection } from 'nats';
import { BusClient, busSettingsFromEnv, connectBus, ownerLxcpath, type BusSettings } from '@lxcbus/bus-client';

export interface CliContext {
  tool: string;
  settings: BusSettings;
  owner: string;
  nc: NatsConnection;
  bus: BusClient;
  lxcpath(explicit?: string): string;
  close(): Promise<void>;
}

export function currentOwner(): string {
  return userInfo().username;
}

export async function openContext(tool: string): Promise<CliContext> {
  const me = userInfo();
  // Without LXCBUS_CREDS, the caller's own credentials file (passwd home, not $HOME) names the stack and the identity.
  const settings = busSettingsFromEnv(process.env, { discover: { home: me.homedir, uid: me.uid } });
  const owner = currentOwner();
  const nc = await connectBus(settings, { name: `${tool}:${owner}` });
  const bus = new BusClient(nc, { host: settings.host, owner, timeoutMs: settings.requestTimeoutMs });
  return {
    tool, settings, owner, nc, bus,
    lxcpath: (explicit) => explicit ?? ownerLxcpath(owner, settings.lxcpath),
    close: async () => {
      await nc.close().catch(() => undefined);
    },
  };
}
