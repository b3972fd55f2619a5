import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Database } from '../db/open.js';
import { enforceDeclaredAccess, installAccessHooks, type RegisteredRoute } from './access.js';
import { installErrorHandling } from './errors.js';
import { installInputGuards } from './input.js';
import { authRoutes } from './routes/auth.js';
import { crmRoutes } from './routes/crm.js';
import { diagnosisRoutes } from './routes/diagnosis.js';
import { goalsRoutes } from './routes/goals.js';
import { healthRoutes } from './routes/health.js';
import { oneOnOneMeetingRoutes } from './routes/oneOnOneMeetings.js';
import { oneOnOnesRoutes } from './routes/oneOnOnes.js';
import { orgRoutes } from './routes/orgs.js';
import { peopleRoutes } from './routes/people.js';
import { pipsRoutes } from './routes/pips.js';
import { plansRoutes } from './routes/plans.js';
import { skillsRoutes } from './routes/skills.js';
import { DEFAULT_WEB_DIR, installWebApp } from './static.js';

export interface AppOptions {
  database: Database;
  logger?: FastifyServerOptions['logger'];
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
  /** Where the built web app is; defaults to dist/web. */
  webDir?: string;
  /** Trust X-Forwarded-* from a reverse proxy (so cookies get `Secure` behind HTTPS termination). */
  trustProxy?: boolean;
}

export interface App {
  app: FastifyInstance;
  /** Every route with its declared access rule, for the authorisation-matrix test. */
  routes: RegisteredRoute[];
}

/**
 * Checks each answer against its route's response schema and writes it, once per object: an answer
 * served again as the same object (a diagnosis kept between requests) reuses its checked JSON.
 */
const memoisedSerializer: typeof serializerCompiler = (route) => {
  const serialize = serializerCompiler(route);
  const written = new WeakMap<object, string>();
  return (data) => {
    if (data === null || typeof data !== 'object') return serialize(data);
    let json = written.get(data);
    if (json === undefined) {
      json = serialize(data);
      written.set(data, json);
    }
    return json;
  };
};

/** JSON bodies are small forms; file uploads get their own limits where they are accepted. */
const BODY_LIMIT = 64 * 1024;

export async function buildApp(opts: AppOptions): Promise<App> {
  const now = opts.now ?? (() => new Date());
  const db = opts.database.db;
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: BODY_LIMIT,
    trustProxy: opts.trustProxy ?? false,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  // On shutdown, answers still in flight tell keep-alive clients to hang up, so close() can finish.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
  const routes: RegisteredRoute[] = [];
  enforceDeclaredAccess(app, routes);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(memoisedSerializer);
  installErrorHandling(app);
  // The API speaks JSON only: a text body is refused with 415 rather than half-parsed.
  app.removeContentTypeParser('text/plain');

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine sets inline styles on components.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(fastifyCookie);
  await app.register(fastifyMultipart);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Touchline API',
        version: '0.1.0',
        description:
          'Sales coaching API. Authenticate with the session cookie (browser; send X-CSRF-Token on writes) or `Authorization: Bearer <token>` (scripts; create a token in your profile or with `touchline token create`).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'touchline_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  installInputGuards(app);
  installAccessHooks(app, db, now);

  healthRoutes(app, db);
  authRoutes(app, db, now);
  orgRoutes(app, db);
  peopleRoutes(app, db);
  crmRoutes(app, opts.database, now);
  diagnosisRoutes(app, db, now);
  skillsRoutes(app, db, now);
  plansRoutes(app, db, now);
  oneOnOnesRoutes(app, db, now);
  oneOnOneMeetingRoutes(app, db, now);
  goalsRoutes(app, db, now);
  pipsRoutes(app, db, now);
  app.get('/api/openapi.json', { config: { access: { rule: 'public' } }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await installWebApp(app, opts.webDir ?? DEFAULT_WEB_DIR);
  await app.ready();
  return { app, routes };
}
