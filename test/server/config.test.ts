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
    expect(c.allowedOrigins).toEqual(['*']);
    expect(c.logLevel).toBe('info');
  });

  it('derives the database file from the data directory and trims the public URL', () => {
    const c = loadConfig({ PARLEY_DATA_DIR: '/tmp/p', PARLEY_PUBLIC_URL: 'https://chat.example.com/', PORT: '8080' });
    expect(c.dbFile).toBe('/tmp/p/parley.db');
    expect(c.publicUrl).toBe('https://chat.example.com');
    expect(c.port).toBe(8080);
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
  ])('names the variable when %o is invalid', (env, name) => {
    expect(() => loadConfig(env)).toThrow(name);
  });
});
