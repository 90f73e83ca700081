// What the build hands the server for the browser: content-hashed bundles, the HTML entry points written with
// those names, a brotli (quality 11) and a gzip (level 9) copy of every file, and dist/assets.json listing them
// all (server/http/assets.ts serves from it). Kept apart from esbuild.config.mjs, which builds and checks budgets.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

export const MANIFEST = 'assets.json';
/** The folders of dist/ that hold browser files; everything in them is the build's (old files are pruned). */
const BROWSER_DIRS = ['widget', 'console'];

const TYPES = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
};

/** Brotli and gzip copies of one file next to it; returns the file's entry for the manifest. */
function compress(dist, file, immutable) {
  const path = join(dist, file);
  const bytes = readFileSync(path);
  const br = brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
  const gzip = gzipSync(bytes, { level: 9 });
  writeFileSync(`${path}.br`, br);
  writeFileSync(`${path}.gz`, gzip);
  const type = TYPES[extname(file)];
  if (!type) throw new Error(`${file}: no Content-Type known for ${extname(file)} files (esbuild.assets.mjs TYPES)`);
  // The ETag names the content, so it also holds across nodes built from the same sources.
  const etag = createHash('sha256').update(bytes).digest('base64url').slice(0, 22);
  return { type, etag, immutable, raw: bytes.length, gzip: gzip.length, br: br.length };
}

/**
 * Writes one HTML entry point: its `/static/<logical name>` references (e.g. /static/widget/app.js) become the
 * hashed names the build produced. A reference the build did not produce fails the build, never the page.
 */
function htmlEntry(root, dist, template, out, names, extra = '') {
  const html = readFileSync(join(root, template), 'utf8')
    .replace(/\/static\/([\w./-]+)/g, (_all, logical) => {
      const hashed = names.get(logical);
      if (!hashed) throw new Error(`${template}: /static/${logical} is not a file the build produced`);
      return `/static/${hashed}`;
    })
    .replace('<!-- parley:preload -->', extra);
  writeFileSync(join(dist, out), html);
  return out;
}

/**
 * `widget` and `console`: the esbuild metafiles of the chat app and of the console (null when there is no
 * console). `locales`: the languages the frame is written for. Returns the manifest it wrote.
 */
export function writeAssets({ root, dist, widget, console: consoleMeta, locales }) {
  const rel = (out) => relative(dist, join(root, out));
  // logical name (app.js, strings-en.js, app.css) -> hashed file, per app; and the files each output imports.
  const names = new Map();
  const imports = new Map();
  for (const meta of [widget, consoleMeta].filter(Boolean)) {
    for (const [out, info] of Object.entries(meta.outputs)) {
      if (out.endsWith('.map')) continue;
      const file = rel(out);
      imports.set(file, info.imports.filter((i) => i.kind === 'import-statement').map((i) => rel(i.path)));
      if (!info.entryPoint) continue;
      const dir = file.slice(0, file.indexOf('/'));
      // esbuild writes `[name]-[hash]`: the logical name is the part before the last dash.
      const logical = (f) => `${dir}/${f.slice(dir.length + 1).replace(/-[A-Z0-9]{8}(\.\w+)$/, '$1')}`;
      names.set(logical(file), file);
      if (info.cssBundle) names.set(logical(rel(info.cssBundle)), rel(info.cssBundle));
    }
  }
  // The files `entry` needs before it runs (static imports, transitively), itself included.
  const closure = (entry, seen = new Set()) => {
    if (seen.has(entry)) return seen;
    seen.add(entry);
    for (const f of imports.get(entry) ?? []) closure(f, seen);
    return seen;
  };

  const files = {};
  for (const file of names.values()) files[file] = null;
  for (const file of imports.keys()) files[file] = null;

  // The frame, once per language: it preloads the app's static chunks and the visitor's strings, so the
  // browser fetches them beside app.js instead of after running it. Every language's file is named in a
  // <meta> (widget/i18n/translate.ts reads them), so Parley('set', {locale}) can switch without a reload.
  const app = names.get('widget/app.js');
  const frames = {};
  const stringsMeta = locales.map((l) => `<meta name="parley-strings-${l}" content="/static/${names.get(`widget/strings-${l}.js`)}" />`);
  for (const locale of locales) {
    const strings = names.get(`widget/strings-${locale}.js`);
    const preload = [...closure(app), ...closure(strings)]
      .filter((f, i, all) => f !== app && all.indexOf(f) === i)
      .map((f) => `<link rel="modulepreload" href="/static/${f}" />`)
      .concat(stringsMeta)
      .join('\n    ');
    frames[locale] = htmlEntry(root, dist, 'widget/frame.html', `widget/frame-${locale}.html`, names, preload);
  }
  const consoleIndex = consoleMeta ? htmlEntry(root, dist, 'console/index.html', 'console/index.html', names) : null;

  for (const file of Object.keys(files)) files[file] = compress(dist, file, true);
  for (const file of [...Object.values(frames), consoleIndex].filter(Boolean)) files[file] = compress(dist, file, false);
  files['widget.js'] = compress(dist, 'widget.js', false);

  // The previous build's hashed files stay one more build: a browser that got its frame (or console page) from
  // a node still on that build asks for them, and a node upgraded in place can still answer (docs/deploy.md).
  const manifestPath = join(dist, MANIFEST);
  const before = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : null;
  const kept = {};
  for (const [file, entry] of Object.entries(before?.files ?? {})) {
    if (entry.immutable && !files[file] && existsSync(join(dist, file)) && existsSync(join(dist, `${file}.br`)) && existsSync(join(dist, `${file}.gz`))) kept[file] = entry;
  }
  const keep = new Set(Object.keys({ ...files, ...kept }).flatMap((f) => [f, `${f}.br`, `${f}.gz`]));
  for (const dir of BROWSER_DIRS) {
    if (!existsSync(join(dist, dir))) continue;
    for (const name of readdirSync(join(dist, dir))) {
      const file = `${dir}/${name}`;
      if (!keep.has(file) && statSync(join(dist, file)).isFile()) rmSync(join(dist, file));
    }
  }

  const manifest = {
    files,
    kept,
    entries: { loader: 'widget.js', frame: frames, console: consoleIndex, app, closure: Object.fromEntries(locales.map((l) => [l, openChatFiles(closure, names, frames[l], l)])) },
  };
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 1) + '\n');
  return manifest;
}

/** What a browser fetches to show the open chat in `locale`: the frame, its css, app.js and its static imports, the strings. */
function openChatFiles(closure, names, frame, locale) {
  return [...new Set([frame, names.get('widget/app.css'), ...closure(names.get('widget/app.js')), ...closure(names.get(`widget/strings-${locale}.js`))])];
}
