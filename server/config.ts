import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AddressListError, parseAddressList, type AddressList } from './auth/address-list.ts';
import { parseTrustProxy, type TrustProxy } from './auth/client-address.ts';
import { BusinessHoursError, createBusinessHours, type BusinessHours } from './desk/business-hours.ts';
import { StartupError } from './startup-error.ts';

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
  /** A PostgreSQL database for several nodes; unset = the SQLite file. */
  PARLEY_DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a PostgreSQL URL such as postgres://parley:password@db.internal:5432/parley')
      .optional(),
  ),
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
  /** Keys the HMAC a merchant's backend computes over a signed-in user's id (Parley('identify', {id, hash})). */
  PARLEY_IDENTITY_SECRET: z.preprocess(blankToUndefined, z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)').optional()),
  /** true: an identify without a valid hash is refused and the visitor stays anonymous. */
  PARLEY_IDENTITY_REQUIRED: z.preprocess(
    blankToUndefined,
    z.enum(['true', 'false', '1', '0'], { error: 'must be true or false' }).default('false').transform((v) => v === 'true' || v === '1'),
  ),
  /** Names this process in the presence table (logs too); unique per process unless set. */
  PARLEY_NODE_ID: optionalString,
  /** A queued visitor nobody took within this many seconds is offered the leave-a-message form. */
  PARLEY_QUEUE_TIMEOUT_S: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(86_400).default(300)),
  /** Automatic assignment gives an agent at most this many open chats. */
  PARLEY_MAX_CHATS: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100).default(5)),
  /** e.g. "mon-fri 09:00-17:30; sat 10:00-14:00"; unset = always open. */
  PARLEY_BUSINESS_HOURS: optionalString,
  /** IANA zone of the business hours; default: this machine's. */
  PARLEY_TIMEZONE: optionalString,
  /** Proxies whose X-Forwarded-For is believed: false, a number of hops, or their addresses / CIDR ranges. */
  PARLEY_TRUST_PROXY: optionalString,
  /** Per client address and minute: new socket connections, visitors created, conversations started. */
  PARLEY_LIMIT_CONNECTIONS: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).default(120)),
  PARLEY_LIMIT_VISITORS: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).default(60)),
  PARLEY_LIMIT_CONVERSATIONS: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).default(30)),
  /** Addresses or CIDR ranges the per-address limits do not apply to (health checks, an office NAT, a load test). */
  PARLEY_RATE_LIMIT_EXEMPT: optionalString,
  /** Set: several nodes share one Redis for their events (Socket.IO adapter) and their abuse limits. */
  PARLEY_REDIS_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional()),
  /** Starts every key and stream Parley writes to Redis: installs (or tests) sharing one Redis keep apart. */
  PARLEY_REDIS_PREFIX: z.preprocess(
    blankToUndefined,
    z.string().regex(/^[\w.:-]{1,64}$/, 'letters, digits and . _ : - only (at most 64)').default('parley'),
  ),
  /** Visitor messages in flight on this node (received, not yet answered) beyond which new ones get `busy`. */
  PARLEY_MAX_TURNS: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(1_000_000).default(50)),
  /** Mean event-loop delay (ms, over a second) above which new visitor messages get `busy`; 0 = not watched. */
  PARLEY_MAX_LAG_MS: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(60_000).default(100)),
  /** Outgoing mail: smtp(s)://user:pass@host:port; unset = no mail, and the widget promises none. */
  PARLEY_SMTP_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.com:587' }).optional()),
  /** The sender of every mail, e.g. "Shop Support <support@shop.example>". */
  PARLEY_MAIL_FROM: optionalString,
  /** An agent's reply goes by mail this long after it is written, with the lines that follow it in one mail. */
  PARLEY_MAIL_REPLY_DELAY_S: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(3600).default(60)),
  /** A chat resolved unrated: the rating request by mail goes this many hours later (needs PARLEY_PUBLIC_URL). */
  PARLEY_MAIL_FOLLOW_UP_HOURS: z.preprocess(blankToUndefined, z.coerce.number().min(0).max(24 * 30).default(24)),
  /** An agent session unused this long (no request, no console open) ends; 0 = only the 7-day limit. */
  PARLEY_SESSION_IDLE_HOURS: z.preprocess(blankToUndefined, z.coerce.number().min(0).max(24 * 7).default(24)),
  /** Conversations over and inactive for this many days are deleted (daily); unset = kept for ever. */
  PARLEY_RETENTION_DAYS: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(36_500).optional()),
  LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(LOG_LEVELS).default('info')),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  dbFile: string;
  /** PostgreSQL connection string; null = the SQLite file `dbFile`. */
  databaseUrl: string | null;
  intentsDir: string;
  /** Without a trailing slash; null = derive from each request's Host header. */
  publicUrl: string | null;
  secret: string | null;
  /** Origins allowed to frame /widget/frame and to open a socket (besides Parley's own); ['*'] = any. */
  allowedOrigins: string[];
  /** Verified identity: the merchant's HMAC key (null: no identify is verified) and whether one is required. */
  identity: { secret: string | null; required: boolean };
  nodeId: string;
  queueTimeoutMs: number;
  maxChats: number;
  businessHours: BusinessHours;
  /** Which hops' X-Forwarded-For to believe; Express's "trust proxy" and the sockets both use it. */
  trustProxy: TrustProxy;
  /** Per client address and minute. */
  limits: { connections: number; visitors: number; conversations: number };
  rateLimitExempt: AddressList;
  /** Null: one node, events and limits in this process's memory. */
  redis: { url: string; prefix: string } | null;
  /** When this node refuses visitor messages with `busy` (server/desk/admission.ts). */
  admission: { maxTurns: number; maxLagMs: number | null };
  /** Null: mail is off (PARLEY_SMTP_URL and PARLEY_MAIL_FROM both needed). */
  mail: { smtpUrl: string; from: string; replyDelayMs: number; followUpDelayMs: number } | null;
  /** A session unused for this long ends; null = only its 7-day lifetime. */
  sessionIdleMs: number | null;
  /** Days after which finished conversations are deleted; null = never. */
  retentionDays: number | null;
  logLevel: LogLevel;
  /** Where the built bundles live (dist/ in the repository). */
  distDir: string;
}

/** The environment is wrong: the message names the variable. */
export class ConfigError extends StartupError {
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
  let businessHours: BusinessHours;
  try {
    businessHours = createBusinessHours(e.PARLEY_BUSINESS_HOURS ?? null, e.PARLEY_TIMEZONE ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  } catch (err) {
    if (err instanceof BusinessHoursError) throw new ConfigError(`PARLEY_BUSINESS_HOURS / PARLEY_TIMEZONE: ${err.message}`);
    throw err;
  }
  const addresses = <T>(name: string, parse: () => T): T => {
    try {
      return parse();
    } catch (err) {
      if (err instanceof AddressListError) throw new ConfigError(`${name}: ${err.message}`);
      throw err;
    }
  };
  if (e.PARLEY_IDENTITY_REQUIRED && !e.PARLEY_IDENTITY_SECRET) {
    // Nobody could ever be verified: every visitor's identify would be refused.
    throw new ConfigError('PARLEY_IDENTITY_REQUIRED: set PARLEY_IDENTITY_SECRET too (generate one with: openssl rand -hex 32)');
  }
  const dataDir = resolve(e.PARLEY_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    dbFile: resolve(e.PARLEY_DB_FILE ?? join(dataDir, 'parley.db')),
    databaseUrl: e.PARLEY_DATABASE_URL ?? null,
    intentsDir: resolve(e.PARLEY_INTENTS_DIR ?? join(REPO_ROOT, 'intents')),
    publicUrl: e.PARLEY_PUBLIC_URL ?? null,
    secret: e.PARLEY_SECRET ?? null,
    allowedOrigins: parseOrigins(e.PARLEY_ALLOWED_ORIGINS),
    identity: { secret: e.PARLEY_IDENTITY_SECRET ?? null, required: e.PARLEY_IDENTITY_REQUIRED },
    // Two processes on one host must not share an id: each would clear the other's presence rows.
    nodeId: e.PARLEY_NODE_ID ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    queueTimeoutMs: e.PARLEY_QUEUE_TIMEOUT_S * 1000,
    maxChats: e.PARLEY_MAX_CHATS,
    businessHours,
    trustProxy: addresses('PARLEY_TRUST_PROXY', () => parseTrustProxy(e.PARLEY_TRUST_PROXY)),
    limits: { connections: e.PARLEY_LIMIT_CONNECTIONS, visitors: e.PARLEY_LIMIT_VISITORS, conversations: e.PARLEY_LIMIT_CONVERSATIONS },
    rateLimitExempt: addresses('PARLEY_RATE_LIMIT_EXEMPT', () => parseAddressList(e.PARLEY_RATE_LIMIT_EXEMPT ?? '')),
    redis: e.PARLEY_REDIS_URL ? { url: e.PARLEY_REDIS_URL, prefix: e.PARLEY_REDIS_PREFIX } : null,
    admission: { maxTurns: e.PARLEY_MAX_TURNS, maxLagMs: e.PARLEY_MAX_LAG_MS || null },
    mail: mailConfig(e.PARLEY_SMTP_URL, e.PARLEY_MAIL_FROM, { replyDelayMs: e.PARLEY_MAIL_REPLY_DELAY_S * 1000, followUpDelayMs: Math.round(e.PARLEY_MAIL_FOLLOW_UP_HOURS * 3_600_000) }),
    sessionIdleMs: e.PARLEY_SESSION_IDLE_HOURS > 0 ? Math.round(e.PARLEY_SESSION_IDLE_HOURS * 3_600_000) : null,
    retentionDays: e.PARLEY_RETENTION_DAYS ?? null,
    logLevel: e.LOG_LEVEL,
    distDir: join(REPO_ROOT, 'dist'),
  };
}

/** A sender such as support@shop.example or "Shop Support <support@shop.example>". */
const MAIL_FROM = /^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/;

/** Mail is on with both variables; one without the other is a mistake worth stopping for. */
function mailConfig(smtpUrl: string | undefined, from: string | undefined, delays: { replyDelayMs: number; followUpDelayMs: number }): Config['mail'] {
  if (!smtpUrl && !from) return null;
  if (!smtpUrl) throw new ConfigError('PARLEY_SMTP_URL: needed with PARLEY_MAIL_FROM (e.g. smtp://user:pass@mail.example.com:587), or unset both to turn mail off');
  if (!from) throw new ConfigError('PARLEY_MAIL_FROM: needed with PARLEY_SMTP_URL (e.g. "Shop Support <support@shop.example>"), or unset both to turn mail off');
  if (!MAIL_FROM.test(from.trim())) throw new ConfigError(`PARLEY_MAIL_FROM: "${from}" is not an address like support@shop.example or "Shop Support <support@shop.example>"`);
  return { smtpUrl, from: from.trim(), ...delays };
}

let cached: Config | null = null;

/** The process's configuration, read from process.env once: the only place that reads process.env. */
export function processConfig(): Config {
  cached ??= loadConfig(process.env);
  return cached;
}
