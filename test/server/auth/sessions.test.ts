import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAgentSessions, SESSION_TTL_MS, hashToken } from '../../../server/auth/sessions.ts';
import { createSqliteStore } from '../../../server/store/sqlite.ts';
import type { Store } from '../../../server/store/store.ts';

// Sessions end after seven days whatever happens, and sooner when nobody used them for the idle time.

const HOUR = 3_600_000;
let dir: string;
let store: Store;
let clock: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-sessions-'));
  clock = Date.parse('2026-03-02T08:00:00Z');
  store = createSqliteStore({ file: join(dir, 'parley.db'), now: () => clock });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('agent sessions', () => {
  it('end once unused for the idle time; each use (a request, an open console) pushes that back', async () => {
    const agent = await store.createAgent({ email: 'ada@shop.test', name: 'Ada', passwordHash: 'x' });
    const sessions = createAgentSessions(store, () => clock, 24 * HOUR);
    const { token } = await sessions.create(agent.id);
    clock += 23 * HOUR;
    expect((await sessions.resolve(token))?.role).toBe('admin');
    // Used 23 hours in: alive 23 hours after that, as a console's sweep keeps it (isLive).
    clock += 23 * HOUR;
    expect(await sessions.isLive(hashToken(token))).toBe(true);
    clock += 24 * HOUR + 1;
    expect(await sessions.resolve(token)).toBeNull();
    expect(await sessions.isLive(hashToken(token))).toBe(false);
  });

  it('end after their lifetime however busy, and without an idle limit only then', async () => {
    const agent = await store.createAgent({ email: 'ada@shop.test', name: 'Ada', passwordHash: 'x' });
    const sessions = createAgentSessions(store, () => clock, null);
    const { token, expiresAt } = await sessions.create(agent.id);
    expect(expiresAt).toBe(clock + SESSION_TTL_MS);
    clock += 6 * 24 * HOUR;
    expect(await sessions.resolve(token)).not.toBeNull();
    clock = expiresAt;
    expect(await sessions.resolve(token)).toBeNull();
  });
});
