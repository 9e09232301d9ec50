import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Deps } from './context.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { registerAuth } from './http/auth.ts';
import { registerErrorHandling } from './http/errors.ts';
import { registerWeb } from './http/web.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { facilityRoutes } from './modules/facilities/facility.routes.ts';
import { ledgerRoutes } from './modules/ledger/ledger.routes.ts';
import { ledgerReviewRoutes } from './modules/ledger/ledger-review.routes.ts';
import { connectionRoutes } from './modules/connections/connection.routes.ts';
import { vendorRoutes } from './modules/vendors/vendor.routes.ts';
import { ledgerBookRoutes } from './modules/ledger-book/index.ts';
import { userRoutes } from './modules/users/user.routes.ts';
import { notificationRoutes } from './modules/notifications/index.ts';
import { vulnRoutes } from './modules/vulns/vulns.routes.ts';
import { feedRoutes } from './modules/feeds/feed.routes.ts';
import { frameworkRoutes } from './modules/assessments/frameworks/index.ts';
import { actionRoutes } from './modules/actions/index.ts';
import { assessmentRoutes } from './modules/assessments/assessment.routes.ts';
import { assessmentExportRoutes } from './modules/assessments/export/index.ts';
import { vendorSheetRoutes } from './modules/assessments/vendor-sheet.routes.ts';
import { backupRoutes, bcpRoutes, binderRoutes, drillRoutes, exerciseRoutes, resilienceSummaryRoutes } from './modules/resilience/index.ts';
import { alertRoutes, caseRoutes, clockRoutes, contactRoutes, draftRoutes, evidenceRoutes, playbookRoutes, recordRoutes, reportRoutes, reviewRoutes } from './modules/incidents/index.ts';
import { VERSION } from './version.ts';

export interface BuildAppOptions {
  /** Serve the built web UI (off in most route tests). */
  web?: boolean;
}

/** Builds the Fastify app (no listen). */
export async function buildApp(deps: Deps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Per-request lines only at debug level; they would otherwise dominate the log of a busy server.
    logController: new LogController({ disableRequestLogging: deps.config.logLevel !== 'debug' && deps.config.logLevel !== 'trace' }),
    bodyLimit: 1024 * 1024,
    trustProxy: deps.config.trustProxy,
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false } },
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyCookie);
  registerAuth(app, deps);

  app.addHook('onRoute', (route) => {
    // The OpenAPI pages are public documentation.
    if (route.url.startsWith('/api/docs')) route.config = { ...(route.config ?? {}), auth: 'public' };
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'mamori API', description: '病院のサイバーセキュリティ対策管理 / hospital cybersecurity programme', version: VERSION },
      components: {
        securitySchemes: {
          cookie: { type: 'apiKey', in: 'cookie', name: 'mamori_session' },
          bearer: { type: 'http', scheme: 'bearer', description: 'API token (mmr_…)' },
        },
      },
      security: [{ cookie: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { docExpansion: 'list' } });

  await app.register(
    async (api) => {
      await api.register(authRoutes(deps));
      await api.register(facilityRoutes(deps));
      await api.register(userRoutes(deps));
      await api.register(auditRoutes(deps));
      await api.register(ledgerRoutes(deps));
      await api.register(ledgerReviewRoutes(deps));
      await api.register(connectionRoutes(deps));
      await api.register(vendorRoutes(deps));
      await api.register(ledgerBookRoutes(deps));
      await api.register(notificationRoutes(deps));
      await api.register(vulnRoutes(deps));
      await api.register(feedRoutes(deps));
      await api.register(frameworkRoutes(deps));
      await api.register(actionRoutes(deps));
      await api.register(assessmentRoutes(deps));
      await api.register(assessmentExportRoutes(deps));
      await api.register(vendorSheetRoutes(deps));
      await api.register(contactRoutes(deps));
      await api.register(alertRoutes(deps));
      await api.register(caseRoutes(deps));
      await api.register(playbookRoutes(deps));
      await api.register(reportRoutes(deps));
      await api.register(recordRoutes(deps));
      await api.register(clockRoutes(deps));
      await api.register(draftRoutes(deps));
      await api.register(evidenceRoutes(deps));
      await api.register(reviewRoutes(deps));
      await api.register(backupRoutes(deps));
      await api.register(drillRoutes(deps));
      await api.register(bcpRoutes(deps));
      await api.register(exerciseRoutes(deps));
      await api.register(binderRoutes(deps));
      await api.register(resilienceSummaryRoutes(deps));
    },
    { prefix: '/api/v1' },
  );

  if (options.web !== false) await registerWeb(app, deps.config.webDir);
  else app.setNotFoundHandler((request, reply) => reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'Not found' } }));
  return app;
}
