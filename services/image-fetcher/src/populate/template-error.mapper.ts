/**
 * Template failures in contract terms. A template's own failure is TEMPLATE_FAILED (what
 * lxc-create reports as "Failed to create container from template"); the template's own
 * code travels in `details.templateCode` so a caller can tell a typo in `-t` from a bad
 * `--` argument or an unsafe tarball without reading the message. Errors that are already
 * DomainErrors (the download template's IMAGE_* codes, BAD_REQUEST) keep their code.
 */
import { DomainError, TemplateFailedError } from '@lxcbus/contracts';
import {
  TemplateBadArgsError,
  TemplateError,
  TemplateErrorCode,
  TemplateFailedError as TemplateStepFailedError,
  TemplateNotFoundError,
  TEMPLATE_NAMES,
} from '../templates';

export function templateErrorToDomain(template: string, err: unknown): DomainError {
  // Image errors (IMAGE_NOT_FOUND, IMAGE_VERIFY_FAILED, ...) already carry their own code.
  if (err instanceof DomainError) return err;
  if (err instanceof TemplateNotFoundError) {
    // LXC: `__lxcapi_create: Template "nosuch" not found`.
    return new TemplateFailedError(`Template "${err.template}" not found`, {
      templateCode: err.code,
      template: err.template,
      available: [...TEMPLATE_NAMES, 'none'],
      ...(err.template.includes('/') ? { reason: 'lxcbus runs only its built-in templates, not template paths' } : {}),
    });
  }
  if (err instanceof TemplateBadArgsError) {
    return new TemplateFailedError(err.message, {
      templateCode: err.code,
      template,
      ...(err.usage !== undefined ? { usage: err.usage } : {}),
    });
  }
  if (err instanceof TemplateStepFailedError) {
    return new TemplateFailedError(err.message, { templateCode: err.code, template, step: err.step });
  }
  if (err instanceof TemplateError) {
    return new TemplateFailedError(err.message, { templateCode: err.code, template });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new TemplateFailedError(`${template}: ${message}`, { templateCode: TemplateErrorCode.Failed, template });
}
