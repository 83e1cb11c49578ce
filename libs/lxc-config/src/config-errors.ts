/**
 * Parse and validation failures of LXC container configs. The message is the
 * text LXC itself logs for the same failure, so operators can grep for it;
 * callers branch on `code`, never on the message. `file` and `line` say where
 * the offending line lives (an included file when the failure is inside one).
 */
export const ConfigErrorCode = {
  INVALID_LINE: 'CONFIG_INVALID_LINE',
  UNSUPPORTED_KEY: 'CONFIG_UNSUPPORTED_KEY',
  INVALID_VALUE: 'CONFIG_INVALID_VALUE',
  INCLUDE_MISSING: 'CONFIG_INCLUDE_MISSING',
  FILE_MISSING: 'CONFIG_FILE_MISSING',
  INCLUDE_CYCLE: 'CONFIG_INCLUDE_CYCLE',
} as const;
export type ConfigErrorCode = (typeof ConfigErrorCode)[keyof typeof ConfigErrorCode];

export interface ConfigLocation {
  file: string;
  /** 1-based line number within `file`. */
  line: number;
  /** The line as written, without its newline. */
  text: string;
}

export class ConfigError extends Error {
  readonly code: ConfigErrorCode;
  readonly file: string;
  readonly line: number;
  readonly text: string;

  constructor(code: ConfigErrorCode, message: string, where: ConfigLocation) {
    super(message);
    this.name = 'ConfigError';
    this.code = code;
    this.file = where.file;
    this.line = where.line;
    this.text = where.text;
  }

  /** `file:line`, for log lines and error details. */
  get location(): string {
    return `${this.file}:${this.line}`;
  }
}

/**
 * A value LXC rejects at parse time. Where LXC logs a specific reason
 * (`Invalid network type bogus`) that reason is the message; where it only
 * logs the generic wrapper the wrapper text is used.
 */
export function invalidValue(where: ConfigLocation, reason?: string): ConfigError {
  const message = reason ?? `Failed to parse config file "${where.file}" at line "${where.text.trimStart()}"`;
  return new ConfigError(ConfigErrorCode.INVALID_VALUE, message, where);
}

/** Value checks throw this without a location; the parser attaches one. */
export class ValueError extends Error {
  constructor(readonly reason?: string) {
    super(reason ?? 'invalid value');
    this.name = 'ValueError';
  }
}
