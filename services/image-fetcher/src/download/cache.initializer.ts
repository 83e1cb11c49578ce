/**
 * Makes the cache skeleton and renders the include files when the service starts (see
 * cache-layout.ts, template-config.dir.ts), so the first
 * create does not leave new directories behind if it fails. A cache dir we cannot
 * create is logged, not fatal: the busybox and local templates do not need it.
 */
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { sharedDownloadTemplate } from './download.shared';
import { renderConfigDir } from './template-config.dir';

@Injectable()
export class CacheInitializer implements OnApplicationBootstrap {
  private readonly logger = new Logger(CacheInitializer.name);

  async onApplicationBootstrap(): Promise<void> {
    const template = sharedDownloadTemplate();
    const { cache, settings } = template;
    await cache.init().catch((err: unknown) => this.logger.warn(`image cache ${cache.layout.root}: ${String(err)}`));
    await renderConfigDir(settings.shareConfigDir, settings.templateConfigDir).catch((err: unknown) =>
      this.logger.warn(`include files ${settings.templateConfigDir}: ${String(err)}`));
  }
}
