import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateSecret } from '../../../server/auth/secret.ts';
import { createSqliteStore } from '../../../server/store/sqlite.ts';
import type { Store } from '../../../server/store/store.ts';

describe('the visitor-token secret', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parley-secret-'));
    store = createSqliteStore({ file: join(dir, 'parley.db') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is generated once and kept in the database: every process on it gets the same one', async () => {
    const first = await loadOrCreateSecret(store, { configured: null, dataDir: dir });
    expect(first.length).toBeGreaterThanOrEqual(32);
    const other = createSqliteStore({ file: join(dir, 'parley.db') });
    try {
      expect(await loadOrCreateSecret(other, { configured: null, dataDir: dir })).toBe(first);
    } finally {
      await other.close();
    }
  });

  it('imports the <data>/secret file of an earlier version, so the tokens it signed stay valid', async () => {
    const old = 'an-old-secret-from-the-file-of-version-one';
    writeFileSync(join(dir, 'secret'), `${old}\n`, { mode: 0o600 });
    expect(await loadOrCreateSecret(store, { configured: null, dataDir: dir })).toBe(old);
    rmSync(join(dir, 'secret'));
    expect(await loadOrCreateSecret(store, { configured: null, dataDir: dir })).toBe(old);
  });

  it('is PARLEY_SECRET when that is set', async () => {
    const configured = 'c'.repeat(32);
    expect(await loadOrCreateSecret(store, { configured, dataDir: dir })).toBe(configured);
  });
});
