// `npm run bench:attachments`: where attachment bytes should live, measured side by side in one run.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/attachments.ts [--rounds 15]
//
// For files of 1, 5 and 10 MB (random bytes: photos and PDFs do not compress), each way stores `rounds`
// files and reads each back:
// - directory: one file per attachment (write to a temporary name, fsync, rename; read the whole file);
// - sqlite blob: a BLOB column in a WAL database set up as the store's (synchronous=NORMAL), one row per file;
// - sqlite store: the SQLite store's saveAttachment/readAttachment as shipped (the row, and the bytes in a
//   directory beside the file: the choice these figures made);
// - postgres bytea (when DATABASE_URL is set): the PostgreSQL store's saveAttachment/readAttachment.
// Prints the median and worst time per call; better-sqlite3 is synchronous, so a blob's "max" is also the
// longest the event loop was held.
// Timings are noisy on a shared machine: compare the rows of one run, not runs.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createPostgresStore } from '../server/store/postgres.ts';
import { createSqliteStore } from '../server/store/sqlite.ts';
import { attachmentFiles } from '../server/store/sqlite/attachment-files.ts';
import type { Store } from '../server/store/store.ts';
import { createTestDatabase } from '../test/support/postgres.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '15' } } });
const ROUNDS = Number(values.rounds);
const SIZES_MB = [1, 5, 10];

interface Row {
  engine: string;
  mb: number;
  write: number[];
  read: number[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const max = (xs: number[]) => Math.max(...xs);

async function timed<T>(fn: () => Promise<T>, into: number[]): Promise<T> {
  const t = performance.now();
  const out = await fn();
  into.push(performance.now() - t);
  return out;
}

/** Stores `ROUNDS` files of each size one way, then reads each back, timing every call. */
async function measureWay(engine: string, write: (data: Buffer) => Promise<string>, read: (id: string) => Promise<unknown>): Promise<Row[]> {
  const rows: Row[] = [];
  for (const mb of SIZES_MB) {
    const row: Row = { engine, mb, write: [], read: [] };
    const ids: string[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const data = randomBytes(mb * 1024 * 1024);
      ids.push(await timed(() => write(data), row.write));
    }
    for (const id of ids) await timed(() => read(id), row.read);
    rows.push(row);
  }
  return rows;
}

async function storeRows(engine: string, store: Store): Promise<Row[]> {
  const visitor = await store.createVisitor();
  return measureWay(
    engine,
    async (data) =>
      (await store.saveAttachment({ uploaderKind: 'visitor', uploaderId: visitor.id, clientId: randomUUID(), name: 'x.pdf', type: 'application/pdf', width: null, height: null, data, preview: null }))
        .attachment.id,
    (id) => store.readAttachment(id, 'file'),
  );
}

async function blobRows(engine: string, file: string): Promise<Row[]> {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE blobs (id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, data BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO blobs (id, created_at, data) VALUES (?, ?, ?)');
  const select = db.prepare('SELECT data FROM blobs WHERE id = ?');
  try {
    return await measureWay(
      engine,
      async (data) => {
        const id = randomUUID();
        insert.run(id, Date.now(), data);
        return id;
      },
      async (id) => select.get(id),
    );
  } finally {
    db.close();
  }
}

/** The same files the SQLite store writes (temporary name, fsync, rename), without the database row. */
function directoryRows(engine: string, dir: string): Promise<Row[]> {
  const files = attachmentFiles(dir);
  return measureWay(
    engine,
    async (data) => {
      const id = randomUUID();
      await files.save(id, data, null);
      return id;
    },
    (id) => files.read(id, 'file'),
  );
}

const bytesIn = (dir: string) => readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
const storedBytes = ROUNDS * SIZES_MB.reduce((a, b) => a + b, 0) * 1024 * 1024;

function print(rows: Row[], baseline: string): void {
  const f = (n: number) => n.toFixed(1).padStart(7);
  console.log(`${'engine'.padEnd(22)} ${'MB'.padStart(3)} ${'write p50'.padStart(10)} ${'max'.padStart(7)} ${'read p50'.padStart(9)} ${'max'.padStart(7)}   (ms; ×: median against ${baseline})`);
  for (const r of rows) {
    const base = rows.find((b) => b.engine === baseline && b.mb === r.mb)!;
    const ratio = (a: number[], b: number[]) => `${(median(a) / median(b)).toFixed(2)}×`;
    console.log(
      `${r.engine.padEnd(22)} ${String(r.mb).padStart(3)} ${f(median(r.write))}    ${f(max(r.write))} ${f(median(r.read))}  ${f(max(r.read))}   write ${ratio(r.write, base.write)}, read ${ratio(r.read, base.read)}`,
    );
  }
}

const tmp = mkdtempSync(join(tmpdir(), 'parley-bench-attachments-'));
try {
  const dbDir = join(tmp, 'db');
  const files = mkdtempSync(join(tmp, 'files-'));
  mkdirSync(dbDir);
  const blobFile = join(tmp, 'blobs.db');
  // Sizes in turn inside each way; the ways one after the other, in the same process and run.
  const rows = [...(await directoryRows('directory (fsync)', files)), ...(await blobRows('sqlite blob', blobFile))];
  const sqlite = createSqliteStore({ file: join(dbDir, 'parley.db') });
  rows.push(...(await storeRows('sqlite store (directory)', sqlite)));
  await sqlite.close();
  const dbBytes = readdirSync(tmp).filter((f) => f.startsWith('blobs.db')).reduce((n, f) => n + statSync(join(tmp, f)).size, 0);

  if (process.env.DATABASE_URL) {
    const db = await createTestDatabase('bench_attachments');
    const pg = await createPostgresStore({ url: db.url });
    try {
      rows.push(...(await storeRows('postgres bytea', pg)));
    } finally {
      await pg.close();
      await db.drop();
    }
  } else console.log('(DATABASE_URL not set: PostgreSQL skipped)');

  console.log(`\n${ROUNDS} files of each size (${SIZES_MB.join(', ')} MB), random bytes\n`);
  print(rows, 'directory (fsync)');
  console.log(`\nbytes on disk per byte stored: directory ${(bytesIn(files) / storedBytes).toFixed(3)}, sqlite file (+WAL) ${(dbBytes / storedBytes).toFixed(3)}`);
  console.log('sqlite blob calls run on the main thread (better-sqlite3 is synchronous): their "max" is also the longest the event loop was held.');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
