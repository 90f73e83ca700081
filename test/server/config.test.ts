import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, REPO_ROOT } from '../../server/config.ts';

describe('loadConfig', () => {
  it('fills the documented defaults from an empty environment', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.host).toBe('0.0.0.0');
    expect(c.dataDir).toBe(resolve('./data'));
    expect(c.dbFile).toBe(resolve('./data/parley.db'));
    expect(c.intentsDir).toBe(resolve(REPO_ROOT, 'intents'));
    expect(c.publicUrl).toBeNull();
    expect(c.secret).toBeNull();
    expect(c.databaseUrl).toBeNull();
    expect(c.allowedOrigins).toEqual(['*']);
    expect(c.logLevel).toBe('info');
    expect([c.maxChats, c.queueTimeoutMs, c.businessHours.always]).toEqual([5, 300_000, true]);
    expect(c.limits).toEqual({ connections: 120, visitors: 60, conversations: 30 });
    expect([c.trustProxy('127.0.0.1', 0), c.rateLimitExempt.empty]).toEqual([false, true]);
    expect(c.mail).toBeNull();
  });

  it('turns mail on with an SMTP URL and a sender, and refuses one without the other', () => {
    const c = loadConfig({ PARLEY_SMTP_URL: 'smtp://user:pass@mail.example.com:587', PARLEY_MAIL_FROM: ' Shop Support <support@shop.example> ' });
    expect(c.mail).toEqual({ smtpUrl: 'smtp://user:pass@mail.example.com:587', from: 'Shop Support <support@shop.example>', replyDelayMs: 60_000, followUpDelayMs: 86_400_000 });
    expect(loadConfig({ PARLEY_SMTP_URL: 'smtps://mail.example.com', PARLEY_MAIL_FROM: 'support@shop.example', PARLEY_MAIL_REPLY_DELAY_S: '0' }).mail?.replyDelayMs).toBe(0);
    expect(() => loadConfig({ PARLEY_SMTP_URL: 'smtp://mail.example.com' })).toThrow(/PARLEY_MAIL_FROM: needed with PARLEY_SMTP_URL/);
    expect(() => loadConfig({ PARLEY_MAIL_FROM: 'support@shop.example' })).toThrow(/PARLEY_SMTP_URL: needed with PARLEY_MAIL_FROM/);
    expect(() => loadConfig({ PARLEY_SMTP_URL: 'smtp://mail.example.com', PARLEY_MAIL_FROM: 'Support' })).toThrow(/PARLEY_MAIL_FROM: "Support" is not an address/);
  });

  it('reads the proxies to trust and the addresses exempt from per-address limits', () => {
    const c = loadConfig({ PARLEY_TRUST_PROXY: '1', PARLEY_RATE_LIMIT_EXEMPT: '10.0.0.0/8, 203.0.113.7' });
    expect([c.trustProxy('10.0.0.1', 0), c.trustProxy('10.0.0.1', 1)]).toEqual([true, false]);
    expect([c.rateLimitExempt.has('10.9.9.9'), c.rateLimitExempt.has('203.0.113.8')]).toEqual([true, false]);
  });

  it('gives every process its own node id unless one is set, so two on one host keep their presence apart', () => {
    expect(loadConfig({}).nodeId).not.toBe(loadConfig({}).nodeId);
    expect(loadConfig({ PARLEY_NODE_ID: 'node-a' }).nodeId).toBe('node-a');
  });

  it('reads business hours in their time zone, the queue timeout and the chat limit', () => {
    const c = loadConfig({ PARLEY_BUSINESS_HOURS: 'mon-fri 09:00-17:00', PARLEY_TIMEZONE: 'Asia/Shanghai', PARLEY_QUEUE_TIMEOUT_S: '60', PARLEY_MAX_CHATS: '3' });
    expect(c.businessHours.describe()).toBe('mon-fri 09:00-17:00 (Asia/Shanghai)');
    expect(c.businessHours.isOpen(Date.parse('2026-12-07T02:00:00Z'))).toBe(true);
    expect([c.queueTimeoutMs, c.maxChats]).toEqual([60_000, 3]);
  });

  it('derives the database file from the data directory and trims the public URL', () => {
    const c = loadConfig({ PARLEY_DATA_DIR: '/tmp/p', PARLEY_PUBLIC_URL: 'https://chat.example.com/', PORT: '8080' });
    expect(c.dbFile).toBe('/tmp/p/parley.db');
    expect(c.publicUrl).toBe('https://chat.example.com');
    expect(c.port).toBe(8080);
  });

  it('keeps the data in PostgreSQL when a database URL is set', () => {
    expect(loadConfig({ PARLEY_DATABASE_URL: 'postgres://parley:pw@db.internal:5432/parley' }).databaseUrl).toBe('postgres://parley:pw@db.internal:5432/parley');
    expect(loadConfig({ PARLEY_DATABASE_URL: 'postgresql://db/parley' }).databaseUrl).toBe('postgresql://db/parley');
  });

  it('runs one node in memory unless a Redis URL is set, then shares through it under the prefix', () => {
    expect(loadConfig({}).redis).toBeNull();
    expect(loadConfig({ PARLEY_REDIS_URL: 'redis://cache.internal:6380/2' }).redis).toEqual({ url: 'redis://cache.internal:6380/2', prefix: 'parley' });
    expect(loadConfig({ PARLEY_REDIS_URL: 'rediss://cache.internal', PARLEY_REDIS_PREFIX: 'shop-eu' }).redis?.prefix).toBe('shop-eu');
  });

  it('reads the allowed origins as a comma list', () => {
    expect(loadConfig({ PARLEY_ALLOWED_ORIGINS: 'https://a.example, https://b.example/' }).allowedOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ PARLEY_PUBLIC_URL: 'chat.example.com' }, 'PARLEY_PUBLIC_URL'],
    [{ PARLEY_SECRET: 'short' }, 'PARLEY_SECRET'],
    [{ PARLEY_ALLOWED_ORIGINS: 'not an origin' }, 'PARLEY_ALLOWED_ORIGINS'],
    [{ PARLEY_MAX_CHATS: '0' }, 'PARLEY_MAX_CHATS'],
    [{ PARLEY_QUEUE_TIMEOUT_S: 'soon' }, 'PARLEY_QUEUE_TIMEOUT_S'],
    [{ PARLEY_BUSINESS_HOURS: 'weekdays 9-5' }, 'PARLEY_BUSINESS_HOURS'],
    [{ PARLEY_TIMEZONE: 'Mars/Olympus' }, 'PARLEY_TIMEZONE'],
    [{ PARLEY_TRUST_PROXY: 'the load balancer' }, 'PARLEY_TRUST_PROXY'],
    [{ PARLEY_RATE_LIMIT_EXEMPT: '10.0.0.0/40' }, 'PARLEY_RATE_LIMIT_EXEMPT'],
    [{ PARLEY_LIMIT_CONNECTIONS: '0' }, 'PARLEY_LIMIT_CONNECTIONS'],
    [{ PARLEY_DATABASE_URL: 'mysql://db/parley' }, 'PARLEY_DATABASE_URL'],
    [{ PARLEY_REDIS_URL: 'http://127.0.0.1:6379' }, 'PARLEY_REDIS_URL'],
    [{ PARLEY_SMTP_URL: 'http://mail.example.com' }, 'PARLEY_SMTP_URL'],
    [{ PARLEY_REDIS_URL: 'redis://127.0.0.1', PARLEY_REDIS_PREFIX: 'has spaces' }, 'PARLEY_REDIS_PREFIX'],
  ])('names the variable when %o is invalid', (env, name) => {
    expect(() => loadConfig(env)).toThrow(name);
  });
});
