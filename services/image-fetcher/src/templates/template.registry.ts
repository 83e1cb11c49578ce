/**
 * The built-in templates, by the name given to `lxc-create -t`. LXC also accepts a path
 * to any executable there; lxcbus only runs templates it implements itself.
 */
import { BusyboxTemplate } from './busybox.template';
import { LocalTemplate } from './local.template';
import { sharedDownloadTemplate } from '../download/download.shared';
import { TemplateNotFoundError } from './template.errors';
import type { Template } from './template.types';

const FACTORIES: Readonly<Record<string, () => Template>> = {
  busybox: () => new BusyboxTemplate(),
  local: () => new LocalTemplate(),
  download: () => sharedDownloadTemplate(),
};

export const TEMPLATE_NAMES: readonly string[] = Object.keys(FACTORIES);

/** The template called `name`; throws TemplateNotFoundError for any other name or a path. */
export function templateFor(name: string): Template {
  const factory = Object.prototype.hasOwnProperty.call(FACTORIES, name) ? FACTORIES[name] : undefined;
  if (!factory) throw new TemplateNotFoundError(name);
  return factory();
}
