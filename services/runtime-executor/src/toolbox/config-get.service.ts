/** lxc-info -c: values read from the config on disk, as LXC's lxc-info loads it, in its getter format. */
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigGetReply, ConfigGetRequest } from '@lxcbus/contracts';
import { EXECUTOR_SETTINGS, type ExecutorSettings } from '../executor.settings';
import { loadContainerConfig } from '../containers/config-loader';
import { locate } from '../containers/container-ref';
import { lxcGetterValue } from './getter-format';

@Injectable()
export class ConfigGetService {
  constructor(@Inject(EXECUTOR_SETTINGS) private readonly settings: ExecutorSettings) {}

  get(host: string, owner: string, req: ConfigGetRequest): ConfigGetReply {
    const loc = locate(this.settings, host, owner, req.name, req.lxcpath);
    const config = loadContainerConfig(loc.configFile, req.name);
    return { values: req.keys.map((key) => ({ key, value: lxcGetterValue(config, key) })) };
  }
}
