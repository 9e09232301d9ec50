import { AppError, type FieldIssue } from '../../shared/errors.ts';

/** Throws VALIDATION_FAILED with the issues (and a message listing them, for logs and the CLI). */
export function failValidation(issues: FieldIssue[]): never {
  throw new AppError('VALIDATION_FAILED', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues });
}
