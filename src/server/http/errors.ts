import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, errorMessage, type ErrorCode, type FieldIssue, type Locale } from '../../shared/errors.ts';
import { isUniqueViolation } from '../db/dialect.ts';

/** The one table from error code to HTTP status. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  WEAK_PASSWORD: 400,
  PASSWORD_REUSED: 400,
  UNAUTHENTICATED: 401,
  MFA_REQUIRED: 401,
  MFA_ENROLLMENT_REQUIRED: 401,
  PASSWORD_CHANGE_REQUIRED: 401,
  INVALID_CREDENTIALS: 401,
  INVALID_MFA_CODE: 401,
  ACCOUNT_LOCKED: 423,
  ACCOUNT_DISABLED: 403,
  CSRF_FAILED: 403,
  FORBIDDEN: 403,
  TOKEN_SCOPE: 403,
  MFA_MANDATORY: 403,
  NOT_FOUND: 404,
  LINK_EXPIRED: 410,
  CONFLICT: 409,
  IN_USE: 409,
  INVALID_STATE: 409,
  ALREADY_SET_UP: 409,
  LAST_ADMIN: 409,
  NOT_SET_UP: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

/** The locale for messages: the signed-in user's, else Accept-Language, else Japanese. */
export function requestLocale(request: FastifyRequest): Locale {
  if (request.auth?.user.locale === 'en') return 'en';
  if (request.auth) return 'ja';
  const accept = request.headers['accept-language'];
  return typeof accept === 'string' && /^en\b/i.test(accept.trim()) ? 'en' : 'ja';
}

export function sendError(request: FastifyRequest, reply: FastifyReply, code: ErrorCode, issues?: FieldIssue[], detail?: Record<string, unknown>): FastifyReply {
  const locale = requestLocale(request);
  return reply.status(HTTP_STATUS[code]).send({
    error: { code, message: errorMessage(code, locale), ...(issues && issues.length > 0 && { issues }), ...(detail && { detail }) },
  });
}

function zodIssues(error: FastifyError): FieldIssue[] {
  const validation = (error.validation ?? []) as unknown as { instancePath?: string; message?: string; params?: { issue?: { path?: (string | number)[]; message?: string; code?: string } } }[];
  return validation.map((v) => {
    const path = v.params?.issue?.path?.join('.') ?? v.instancePath?.replace(/^\//, '').replaceAll('/', '.') ?? '';
    return { path: `${error.validationContext ?? 'body'}${path ? `.${path}` : ''}`, message: v.params?.issue?.message ?? v.message ?? 'invalid' };
  });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) return sendError(request, reply, error.code, error.issues, error.detail);
    if (hasZodFastifySchemaValidationErrors(error)) return sendError(request, reply, 'VALIDATION_FAILED', zodIssues(error));
    if (isUniqueViolation(error)) return sendError(request, reply, 'CONFLICT');
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response did not match its contract');
      return sendError(request, reply, 'INTERNAL');
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(request, reply, error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendError(request, reply, 'UNSUPPORTED_MEDIA_TYPE');
      default:
        break;
    }
    if (error.statusCode === 413) return sendError(request, reply, 'PAYLOAD_TOO_LARGE');
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(request, reply, error.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST');
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(request, reply, 'INTERNAL');
  });
}
