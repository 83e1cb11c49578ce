/**
 * One download template and one image cache per process: the in-flight map only joins
 * concurrent requests if they meet the same instance.
 */
import { DownloadTemplate } from './download.template';
import { downloadSettingsFromEnv, type DownloadSettings } from './download.settings';
import { ImageCache } from './image-cache';

let shared: DownloadTemplate | undefined;

export function sharedDownloadTemplate(settings?: DownloadSettings): DownloadTemplate {
  if (!shared) {
    const s = settings ?? downloadSettingsFromEnv();
    shared = new DownloadTemplate(new ImageCache(s), s);
  }
  return shared;
}

/** Tests and services that change LXCBUS_CACHEDIR after import start over with this. */
export function resetSharedDownloadTemplate(): void {
  shared = undefined;
}
