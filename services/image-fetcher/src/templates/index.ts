/**
 * Container templates (what `lxc-create -t` runs): the public entry of this feature.
 */
export type { Template, TemplateBytes, TemplateMode, TemplateProgress, TemplateRequest, TemplateResult } from './template.types';
export {
  TemplateBadArchiveError,
  TemplateBadArgsError,
  TemplateError,
  TemplateErrorCode,
  TemplateFailedError,
  TemplateNotFoundError,
  TemplateToolMissingError,
  TemplateUnsafeArchiveError,
} from './template.errors';
export { TEMPLATE_NAMES, templateFor } from './template.registry';
export { BusyboxTemplate, type BusyboxTemplateOptions } from './busybox.template';
export { LocalTemplate } from './local.template';
export { locateBusybox } from './busybox-binary.locator';
