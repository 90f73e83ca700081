import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server tests may use (CI sets DATABASE_URL); null = the PostgreSQL tests are skipped. */
export const TEST_DATABASE_URL = process.env.DATABASE_URL?.trim() || null;

/**
 * A database of its own on DATABASE_URL's server (or `server`'s, for a bench), named uniquely (other test
 * files and other people's runs share the server), and a way to drop it afterwards.
 */
export async function createTestDatabase(label: string, server: string | null = TEST_DATABASE_URL): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  if (!server) throw new Error('DATABASE_URL is not set');
  const name = `parley_${label}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
