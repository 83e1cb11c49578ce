/** Validation at the edge: raw bodies become typed requests or a coded DomainError. */
import type { ZodType, ZodTypeDef } from 'zod';
import { BadRequestError, InvalidNameError } from './errors';

/**
 * Parses `raw` with `schema`. A bad `name` is INVALID_NAME (LXC users meet that
 * one most, e.g. `../x`); every other problem is BAD_REQUEST listing the fields.
 */
export function validate<T>(schema: ZodType<T, ZodTypeDef, unknown>, raw: unknown): T {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new BadRequestError('request body must be a JSON object');
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const nameIssue = issues.find((i) => i.path.length === 1 && i.path[0] === 'name');
  if (nameIssue) {
    const value = (raw as Record<string, unknown>).name;
    throw new InvalidNameError(
      `invalid container name ${JSON.stringify(value)}: use letters, digits, '-' and '_' (at most 63, starting with a letter or digit)`,
      { field: 'name' },
    );
  }
  const summary = issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
  throw new BadRequestError(`invalid request: ${summary}`, { issues: issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
}
