import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root: the shipped intents and the built bundles live relative to it, not to the cwd. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(blankToUndefined, z.string().optional());

const EnvSchema = z.object({
  PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: z.preprocess(blankToUndefined, z.string().default('0.0.0.0')),
  PARLEY_DATA_DIR: z.preprocess(blankToUndefined, z.string().default('./data')),
  PARLEY_DB_FILE: optionalString,
  PARLEY_INTENTS_DIR: optionalString,
  PARLEY_PUBLIC_URL: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://chat.example.com' })
      .transform((u) => u.replace(/\/+$/, ''))
      .optional(),
  ),
  PARLEY_SECRET: z.preprocess(blankToUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
  PARLEY_ALLOWED_ORIGINS: z.preprocess(blankToUndefined, z.string().default('*')),
  /** Names this process in the presence table; stable across restarts so a restart forgets its old sockets. */
  PARLEY_NODE_ID: optionalString,
  LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(LOG_LEVELS).default('info')),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  dbFile: string;
  intentsDir: string;
  /** Without a trailing slash; null = derive from each request's Host header. */
  publicUrl: string | null;
  secret: string | null;
  /** Origins allowed to frame /widget/frame; ['*'] = any. */
  allowedOrigins: string[];
  nodeId: string;
  logLevel: LogLevel;
  /** Where the built bundles live (dist/ in the repository). */
  distDir: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const ORIGIN = /^https?:\/\/[^/\s;,'"]+$/;

function parseOrigins(raw: string): string[] {
  const list = raw
    .split(',')
    .map((s) => s.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  if (list.length === 0) return ['*'];
  if (list.includes('*')) return ['*'];
  const bad = list.find((o) => !ORIGIN.test(o));
  if (bad) throw new ConfigError(`PARLEY_ALLOWED_ORIGINS: "${bad}" is not an origin like https://shop.example.com (or *)`);
  return list;
}

/** Builds the configuration from an environment; pure, so tests pass their own env. Throws ConfigError. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.PARLEY_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    dbFile: resolve(e.PARLEY_DB_FILE ?? join(dataDir, 'parley.db')),
    intentsDir: resolve(e.PARLEY_INTENTS_DIR ?? join(REPO_ROOT, 'intents')),
    publicUrl: e.PARLEY_PUBLIC_URL ?? null,
    secret: e.PARLEY_SECRET ?? null,
    allowedOrigins: parseOrigins(e.PARLEY_ALLOWED_ORIGINS),
    nodeId: e.PARLEY_NODE_ID ?? hostname(),
    logLevel: e.LOG_LEVEL,
    distDir: join(REPO_ROOT, 'dist'),
  };
}

let cached: Config | null = null;

/** The process's configuration, read from process.env once: the only place that reads process.env. */
export function processConfig(): Config {
  cached ??= loadConfig(process.env);
  return cached;
}
