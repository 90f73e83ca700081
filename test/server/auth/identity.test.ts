import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createIdentityPolicy, identityHash } from '../../../server/auth/identity.ts';
import { loadConfig } from '../../../server/config.ts';

// The HMAC a merchant's backend computes over a user id, checked by the server; and the backend code that
// docs/embedding.md gives merchants, run here against the same known vector.

const SECRET = 'k3y-for-tests-only-0123456789abcdef0123';
/** printf user-42 | openssl dgst -sha256 -hmac k3y-for-tests-only-0123456789abcdef0123 */
const VECTOR = { id: 'user-42', hash: '8e71dbe5cbae18667fee33739777319b059595b76bd67d08f4b070a61d7900f9' };

const policy = createIdentityPolicy({ secret: SECRET, required: false });

describe('the identity hash', () => {
  it('is HMAC-SHA256 of the id under the identity secret, in hex (a known vector)', () => {
    expect(identityHash(SECRET, VECTOR.id)).toBe(VECTOR.hash);
    expect(policy.verify(VECTOR.id, VECTOR.hash)).toBe(true);
  });

  it('accepts the hex in capitals too', () => {
    expect(policy.verify(VECTOR.id, VECTOR.hash.toUpperCase())).toBe(true);
  });

  it("refuses another id's hash, a hash under another secret, and one changed by a digit", () => {
    expect(policy.verify('user-43', VECTOR.hash)).toBe(false);
    expect(policy.verify(VECTOR.id, identityHash('another-secret-of-enough-length-0000000', VECTOR.id))).toBe(false);
    const flipped = VECTOR.hash.slice(0, -1) + (VECTOR.hash.endsWith('0') ? '1' : '0');
    expect(policy.verify(VECTOR.id, flipped)).toBe(false);
  });

  it.each(['', 'zz', VECTOR.hash.slice(0, 62), `${VECTOR.hash}00`, `${VECTOR.hash.slice(0, 63)}g`, ' '.repeat(64)])('refuses the malformed hash %j', (hash) => {
    expect(policy.verify(VECTOR.id, hash)).toBe(false);
  });

  it('covers the id exactly: no trimming, no case folding, UTF-8', () => {
    expect(policy.verify(` ${VECTOR.id}`, VECTOR.hash)).toBe(false);
    expect(policy.verify('USER-42', VECTOR.hash)).toBe(false);
    expect(policy.verify('用户-42', identityHash(SECRET, '用户-42'))).toBe(true);
  });

  it('verifies nobody without a secret', () => {
    expect(createIdentityPolicy({ secret: null, required: false }).verify(VECTOR.id, VECTOR.hash)).toBe(false);
  });
});

describe('the identity settings', () => {
  it('default to no secret and nothing required', () => {
    expect(loadConfig({}).identity).toEqual({ secret: null, required: false });
  });

  it('read PARLEY_IDENTITY_SECRET and PARLEY_IDENTITY_REQUIRED', () => {
    expect(loadConfig({ PARLEY_IDENTITY_SECRET: SECRET, PARLEY_IDENTITY_REQUIRED: 'true' }).identity).toEqual({ secret: SECRET, required: true });
  });

  it('refuse a short secret, a required identity without a secret, and a word other than true or false', () => {
    expect(() => loadConfig({ PARLEY_IDENTITY_SECRET: 'short' })).toThrow(/PARLEY_IDENTITY_SECRET: must be at least 32 characters/);
    expect(() => loadConfig({ PARLEY_IDENTITY_REQUIRED: 'true' })).toThrow(/PARLEY_IDENTITY_REQUIRED: set PARLEY_IDENTITY_SECRET too/);
    expect(() => loadConfig({ PARLEY_IDENTITY_SECRET: SECRET, PARLEY_IDENTITY_REQUIRED: 'yes' })).toThrow(/PARLEY_IDENTITY_REQUIRED: must be true or false/);
  });
});

describe("docs/embedding.md's backend code", () => {
  const doc = readFileSync(fileURLToPath(new URL('../../../docs/embedding.md', import.meta.url)), 'utf8');
  /** The first fenced block of `lang` under the heading `### title`. */
  const block = (title: string, lang: string): string => {
    const section = doc.slice(doc.indexOf(`### ${title}\n`));
    const m = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(section);
    if (!m) throw new Error(`no ${lang} block under ### ${title}`);
    return m[1]!;
  };
  const dir = mkdtempSync(join(tmpdir(), 'parley-identity-docs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { ...process.env, PARLEY_IDENTITY_SECRET: SECRET };

  it('Node: gives the known vector, and takes a number as its decimal text', () => {
    const file = join(dir, 'hash.mjs');
    writeFileSync(file, `${block('Node', 'js')}\nconsole.log(parleyHash(process.argv[2]));\nconsole.log(parleyHash(4521));\n`);
    const [hash, numeric] = execFileSync(process.execPath, [file, VECTOR.id], { env, encoding: 'utf8' }).trim().split('\n');
    expect(hash).toBe(VECTOR.hash);
    expect(policy.verify('4521', numeric!)).toBe(true);
  });

  const python = spawnSync('python3', ['--version']).status === 0;
  it.skipIf(!python)('Python: gives the known vector, and takes a number as its decimal text (needs python3)', () => {
    const file = join(dir, 'hash.py');
    writeFileSync(file, `${block('Python', 'python')}\nimport sys\nprint(parley_hash(sys.argv[1]))\nprint(parley_hash(4521))\n`);
    const [hash, numeric] = execFileSync('python3', [file, VECTOR.id], { env, encoding: 'utf8' }).trim().split('\n');
    expect(hash).toBe(VECTOR.hash);
    expect(policy.verify('4521', numeric!)).toBe(true);
  });

  const php = spawnSync('php', ['--version']).status === 0;
  it.skipIf(!php)('PHP: gives the known vector (needs php; not installed on every machine)', () => {
    const file = join(dir, 'hash.php');
    writeFileSync(file, `${block('PHP', 'php')}\necho parley_hash($argv[1]), "\\n";\n`);
    expect(execFileSync('php', [file, VECTOR.id], { env, encoding: 'utf8' }).trim()).toBe(VECTOR.hash);
  });
});
