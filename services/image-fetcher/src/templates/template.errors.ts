/**
 * One class per way a template can fail, each with a stable string `code` so callers
 * branch on `instanceof` or `code`, never on message text. The lead is expected to
 * re-parent TemplateError onto the shared DomainError and list the codes in contracts.
 */

export const TemplateErrorCode = {
  NotFound: 'TEMPLATE_NOT_FOUND',
  BadArgs: 'TEMPLATE_BAD_ARGS',
  ToolMissing: 'TEMPLATE_TOOL_MISSING',
  BadArchive: 'TEMPLATE_BAD_ARCHIVE',
  UnsafeArchive: 'TEMPLATE_UNSAFE_ARCHIVE',
  Failed: 'TEMPLATE_FAILED',
} as const;

export type TemplateErrorCode = (typeof TemplateErrorCode)[keyof typeof TemplateErrorCode];

export abstract class TemplateError extends Error {
  abstract readonly code: TemplateErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** No template of that name (LXC: `lxc-create: Template "x" not found`). */
export class TemplateNotFoundError extends TemplateError {
  readonly code = TemplateErrorCode.NotFound;

  constructor(readonly template: string) {
    super(`template "${template}" not found`);
  }
}

/** Arguments after `--` rejected, as the real template's getopt would; carries its usage text. */
export class TemplateBadArgsError extends TemplateError {
  readonly code = TemplateErrorCode.BadArgs;

  constructor(message: string, readonly usage?: string) {
    super(message);
  }
}

/** A host program the template needs (busybox, tar) is absent. */
export class TemplateToolMissingError extends TemplateError {
  readonly code = TemplateErrorCode.ToolMissing;

  constructor(readonly tool: string, detail?: string) {
    super(`missing required tool: ${tool}${detail ? ` (${detail})` : ''}`);
  }
}

/** An image tarball that cannot be read or lacks a required member. */
export class TemplateBadArchiveError extends TemplateError {
  readonly code = TemplateErrorCode.BadArchive;

  constructor(readonly archive: string, detail: string) {
    super(`${archive}: ${detail}`);
  }
}

/** An image tarball or template list that would write outside the rootfs. */
export class TemplateUnsafeArchiveError extends TemplateError {
  readonly code = TemplateErrorCode.UnsafeArchive;

  constructor(readonly archive: string, readonly member: string, reason = 'absolute or contains ".."') {
    super(`${archive}: refusing member "${member}": ${reason}`);
  }
}

/** The template started but a step failed; `step` names it, `cause` holds the system error. */
export class TemplateFailedError extends TemplateError {
  readonly code = TemplateErrorCode.Failed;

  constructor(readonly template: string, readonly step: string, cause?: unknown) {
    super(`${template}: ${step}${cause instanceof Error ? `: ${cause.message}` : ''}`, { cause });
  }
}
