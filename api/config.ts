/**
 * Service configuration from the environment, validated once at startup.
 * Every variable is documented in the README's Configuration section.
 */
import { z } from 'zod';
import { InvalidInputError } from '../analysis/errors.ts';
import { ENGINE_CHOICES, type EngineChoice } from '../analysis/engine-policy.ts';
import { bundlePath } from '../data/sources/select-source.ts';

export { SAMPLE_DIR } from '../data/sources/select-source.ts';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().optional(),
  NEO4J_URI: z.string().optional(),
  NEO4J_USER: z.string().default('neo4j'),
  NEO4J_PASSWORD: z.string().default('partner-atlas'),
  NEO4J_DATABASE: z.string().default('neo4j'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGINS: z.string().default(''),
  REQUEST_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(30),
  RELOAD_TIMEOUT_SECONDS: z.coerce.number().positive().max(86_400).default(300),
  RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(50),
  RATE_LIMIT_BURST: z.coerce.number().int().positive().default(100),
  RATE_LIMIT_COMPUTE_SHARE: z.coerce.number().min(0).max(1).default(0.25),
  RATE_LIMIT_COMPUTE_BURST_SECONDS: z.coerce.number().positive().max(3_600).default(3),
  ANALYTICS_ENGINE: z.enum(ENGINE_CHOICES, { message: 'use local, gds or auto' }).default('local'),
});

export interface Config {
  port: number;
  host: string;
  /** Bundle folder or .json network; ignored when `neo4j` is set. */
  dataPath: string;
  neo4j?: { uri: string; user: string; password: string; database: string };
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** Origins allowed to call the API from a browser (CORS_ORIGINS, comma-separated; `*` for any; default none). */
  corsOrigins: string[];
  /** A request still unanswered after this gets 503 (REQUEST_TIMEOUT_SECONDS, default 30). */
  requestTimeoutMs: number;
  /** A reload (and the first load) still reading after this fails with the reason (RELOAD_TIMEOUT_SECONDS, default 300). */
  reloadTimeoutMs: number;
  /**
   * Per-key limit of the expensive endpoints (RATE_LIMIT_PER_SECOND default 50, RATE_LIMIT_BURST
   * default 100), and of the computing time their answers take (RATE_LIMIT_COMPUTE_BURST_SECONDS
   * default 3 at once, refilled at RATE_LIMIT_COMPUTE_SHARE default 0.25 of the time; 0: not
   * budgeted).
   */
  rateLimit: { perSecond: number; burst: number; compute: { share: number; burstMs: number } };
  /** Engine of the report, summary and communities (ANALYTICS_ENGINE, default local; api/analytics-engine.ts). */
  engine: EngineChoice;
}

/** Read the configuration; a bad value is an InvalidInputError naming the variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidInputError(
      `Environment variable ${issue?.path.join('.')} is invalid: ${issue?.message}`,
      String(issue?.path[0]),
    );
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataPath: bundlePath(undefined, e.DATA_DIR),
    ...(e.NEO4J_URI && {
      neo4j: { uri: e.NEO4J_URI, user: e.NEO4J_USER, password: e.NEO4J_PASSWORD, database: e.NEO4J_DATABASE },
    }),
    logLevel: e.LOG_LEVEL,
    corsOrigins: e.CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    requestTimeoutMs: e.REQUEST_TIMEOUT_SECONDS * 1000,
    reloadTimeoutMs: e.RELOAD_TIMEOUT_SECONDS * 1000,
    rateLimit: {
      perSecond: e.RATE_LIMIT_PER_SECOND,
      burst: e.RATE_LIMIT_BURST,
      compute: { share: e.RATE_LIMIT_COMPUTE_SHARE, burstMs: e.RATE_LIMIT_COMPUTE_BURST_SECONDS * 1000 },
    },
    engine: e.ANALYTICS_ENGINE,
  };
}
