import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error: the build's own module is plain JavaScript, without types.
import { writeAssets } from '../../esbuild.assets.mjs';
import { REPO_ROOT } from '../../server/config.ts';
import type { AssetManifest } from '../../server/http/assets.ts';

// The build's asset step (esbuild.assets.mjs) on a small app built the way esbuild.config.mjs builds the chat:
// hashed names, pages written with them, compressed copies, and the previous build's files kept one build.

let root: string;
const dist = () => join(root, 'dist');

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'parley-assets-'));
  for (const dir of ['widget/app', 'widget/i18n', 'dist/widget']) mkdirSync(join(root, dir), { recursive: true });
  copyFileSync(join(REPO_ROOT, 'widget/frame.html'), join(root, 'widget/frame.html'));
  writeFileSync(join(root, 'widget/app/shared.ts'), 'export const shared = (s: string) => s.toUpperCase();\n');
  writeFileSync(join(root, 'widget/app/later.ts'), 'export const later = 42;\n');
  writeFileSync(join(root, 'widget/app/styles.css'), 'body { color: #123; }\n');
  writeFileSync(join(root, 'widget/i18n/en.ts'), "import { shared } from '../app/shared.ts';\nexport default { hi: shared('hello') };\n");
  writeFileSync(join(root, 'widget/i18n/zh.ts'), "import { shared } from '../app/shared.ts';\nexport default { hi: shared('你好') };\n");
  writeFileSync(join(root, 'dist/widget.js'), '(()=>{/* loader */})();\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Builds the app with `version` in it and runs the asset step, as `node esbuild.config.mjs` does. */
async function buildApp(version: number): Promise<AssetManifest> {
  writeFileSync(
    join(root, 'widget/app/main.ts'),
    `import './styles.css';\nimport { shared } from './shared.ts';\nconsole.log(shared('v${version}'));\nvoid import('./later.ts');\n`,
  );
  const result = await build({
    absWorkingDir: root,
    entryPoints: { app: join(root, 'widget/app/main.ts'), 'strings-en': join(root, 'widget/i18n/en.ts'), 'strings-zh': join(root, 'widget/i18n/zh.ts') },
    outdir: join(root, 'dist/widget'),
    bundle: true,
    format: 'esm',
    splitting: true,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    metafile: true,
    logLevel: 'silent',
  });
  return writeAssets({ root, dist: dist(), widget: result.metafile, console: null, locales: ['en', 'zh'] });
}

const read = (file: string) => readFileSync(join(dist(), file));

describe('the build on the wire', () => {
  it('writes each language’s frame with the hashed names, preloading the static chunks and that language’s strings', async () => {
    const m = await buildApp(1);
    const frame = read(m.entries.frame.en!).toString();
    const named = [...frame.matchAll(/\/static\/([\w./-]+)/g)].map((x) => x[1]!);
    expect(named.some((f) => /^widget\/app-\w{8}\.js$/.test(f))).toBe(true);
    expect(named.some((f) => /^widget\/app-\w{8}\.css$/.test(f))).toBe(true);
    expect(named.some((f) => /^widget\/chunk-\w{8}\.js$/.test(f))).toBe(true);
    expect(frame).toMatch(/<link rel="modulepreload" href="\/static\/widget\/strings-en-\w{8}\.js"/);
    expect(frame).toMatch(/<meta name="parley-strings-zh" content="\/static\/widget\/strings-zh-\w{8}\.js"/);
    // Named for a live switch of language, but only the page's own language is preloaded.
    expect(frame).not.toMatch(/modulepreload" href="[^"]*strings-zh/);
    for (const f of named) expect(m.files[f]?.immutable, f).toBe(true);
    // The lazy chunk is listed (served) but neither preloaded nor counted as part of the open chat.
    const lazy = Object.keys(m.files).filter((f) => /chunk-/.test(f) && !named.includes(f));
    expect(lazy).toHaveLength(1);
    expect(m.entries.closure.en).not.toContain(lazy[0]);
  });

  it('writes brotli and gzip copies of every file that decode to the file itself', async () => {
    const m = await buildApp(1);
    for (const [file, entry] of Object.entries(m.files)) {
      const plain = read(file);
      expect(brotliDecompressSync(read(`${file}.br`)).equals(plain), file).toBe(true);
      expect(gunzipSync(read(`${file}.gz`)).equals(plain), file).toBe(true);
      expect([entry.raw, entry.br, entry.gzip]).toEqual([plain.length, read(`${file}.br`).length, read(`${file}.gz`).length]);
    }
    expect(m.files['widget.js']!.immutable).toBe(false);
    expect(m.files[m.entries.frame.en!]!.immutable).toBe(false);
  });

  it("keeps the previous build's hashed files for one more build, then removes them", async () => {
    const first = await buildApp(1);
    const app1 = first.entries.app;
    const second = await buildApp(2);
    const app2 = second.entries.app;
    expect(app2).not.toBe(app1);
    expect(second.kept[app1]).toBeDefined();
    expect(existsSync(join(dist(), `${app1}.br`))).toBe(true);
    // Files both builds share are this build's, not kept ones.
    expect(Object.keys(second.kept).filter((f) => second.files[f])).toEqual([]);

    const third = await buildApp(3);
    expect(third.kept[app2]).toBeDefined();
    expect(third.kept[app1]).toBeUndefined();
    for (const suffix of ['', '.br', '.gz']) expect(existsSync(join(dist(), app1 + suffix))).toBe(false);
  });

  it('fails the build when a page names a file the build did not produce', async () => {
    writeFileSync(join(root, 'widget/frame.html'), '<script src="/static/widget/missing.js"></script>\n');
    await expect(buildApp(1)).rejects.toThrow(/\/static\/widget\/missing\.js is not a file the build produced/);
  });
});
