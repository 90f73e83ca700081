// Builds the embed (loader + chat app), the agent console and the server (dist/server.mjs, what `npm start`
// runs) into dist/, then prints the browser bundles' compressed sizes against the widget's budgets. Budgets count brotli
// bytes, what every browser Parley supports asks for and gets; gzip is printed beside it for older clients.
// `node esbuild.config.mjs --quiet` builds without printing.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const quiet = process.argv.includes('--quiet');
const KB = 1024;
const BUDGET_LOADER = 2 * KB;
const BUDGET_OPEN_CHAT = 30 * KB;

const common = {
  bundle: true,
  minify: true,
  legalComments: 'none',
  logLevel: quiet ? 'silent' : 'warning',
  absWorkingDir: root,
  define: { 'process.env.NODE_ENV': '"production"' },
};

// The app and the console share one shape: Preact with the automatic JSX runtime, one js and one css file.
const preactApp = (entry, outdir, extraEntries = {}) => ({
  ...common,
  entryPoints: { app: entry, ...extraEntries },
  outdir,
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  // Signals resolve `preact` through the same copy as our JSX, so hooks and components share one runtime.
  mainFields: ['browser', 'module', 'main'],
  conditions: ['browser', 'production'],
});

// engine.io-client registers WebTransport as a default transport, but the server only speaks it over
// HTTP/3, which Parley does not run: leave it out of the bundle (polling + websocket stay, as by default).
const withoutWebTransport = {
  name: 'without-webtransport',
  setup(b) {
    b.onResolve({ filter: /^\.\/transports\/index\.js$/ }, (args) =>
      args.importer.includes(join('engine.io-client', 'build', 'esm'))
        ? { path: join(dirname(args.importer), 'transports'), namespace: 'engine-transports' }
        : undefined,
    );
    // The package's own transports/index.js without the WebTransport line; its browser field still swaps
    // the .node.js files for the browser ones.
    b.onLoad({ filter: /.*/, namespace: 'engine-transports' }, (args) => ({
      resolveDir: args.path,
      contents:
        'import { XHR } from "./polling-xhr.node.js";\n' +
        'import { WS } from "./websocket.node.js";\n' +
        'export const transports = { websocket: WS, polling: XHR };\n',
    }));
  },
};

// socket.io-parser handles binary attachments Parley never sends or receives: the widget gets a JSON-only
// codec with the same wire format and exports (widget/app/socket-parser.ts, tested against the package).
const jsonOnlyParser = {
  name: 'json-only-socket-parser',
  setup(b) {
    b.onResolve({ filter: /^socket\.io-parser$/ }, () => ({ path: join(root, 'widget/app/socket-parser.ts') }));
  },
};

mkdirSync(dist, { recursive: true });

const jobs = [
  build({
    ...common,
    entryPoints: [join(root, 'widget/loader.ts')],
    outfile: join(dist, 'widget.js'),
    format: 'iife',
    // The loader runs on merchants' pages, some of which still serve older browsers.
    target: 'es2018',
  }),
  build({
    // One file per language next to app.js: the app imports only the visitor's (widget/i18n/translate.ts).
    ...preactApp(join(root, 'widget/app/main.tsx'), join(dist, 'widget'), {
      'strings-en': join(root, 'widget/i18n/en.ts'),
      'strings-zh': join(root, 'widget/i18n/zh.ts'),
    }),
    // What few visitors need (the forms, older messages) is a dynamic import(): its own chunk, loaded on use.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    // Chinese as UTF-8 bytes instead of \u escapes (a little smaller gzipped); module scripts are
    // always decoded as UTF-8, whatever the server's Content-Type says.
    charset: 'utf8',
    metafile: true,
    plugins: [withoutWebTransport, jsonOnlyParser],
  }).then((result) => dropStaleChunks(result, join(dist, 'widget'))),
];

/** Split chunks get new names on every change: drop the previous builds' ones. */
function dropStaleChunks(result, dir) {
  const built = new Set(Object.keys(result.metafile.outputs).map((file) => join(root, file)));
  for (const file of readdirSync(dir)) {
    const path = join(dir, file);
    if (file.startsWith('chunk-') && !built.has(path)) rmSync(path);
  }
  return result;
}

// The server: one ESM file per entry, packages left to node_modules (better-sqlite3 is native, and the rest
// need no bundling on a server). bin/parley.mjs runs it when it is newer than every source it was built
// from, which dist/server-inputs.json lists; otherwise it runs the sources through tsx and says so.
jobs.push(
  build({
    entryPoints: { server: join(root, 'server/cli.ts'), 'train-worker': join(root, 'server/intents/train-worker.ts') },
    outdir: dist,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    legalComments: 'none',
    logLevel: quiet ? 'silent' : 'warning',
    absWorkingDir: root,
    metafile: true,
  }).then((result) => {
    const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
    writeFileSync(join(dist, 'server-inputs.json'), JSON.stringify({ outputs: ['server.mjs', 'train-worker.mjs'], inputs }, null, 1) + '\n');
    return result;
  }),
);

const consoleEntry = join(root, 'console/main.tsx');
const hasConsole = existsSync(consoleEntry);
// The reports page and its chart library are a dynamic import(): agents who never open it never load them.
if (hasConsole) {
  jobs.push(
    build({ ...preactApp(consoleEntry, join(dist, 'console')), splitting: true, chunkNames: 'chunk-[hash]', metafile: true }).then((result) =>
      dropStaleChunks(result, join(dist, 'console')),
    ),
  );
}

const [, widgetApp, , consoleApp] = await Promise.all(jobs);

// Over budget fails the build (and `npm test`, whose setup builds), quiet or not.
if (!report(widgetApp.metafile, consoleApp?.metafile)) process.exitCode = 1;

/**
 * Prints every file with its compressed sizes and checks the budgets; false when over. "Open chat" counts what
 * the browser fetches for an open chat: the loader, app.css, app.js with every chunk it imports statically
 * (followed through the metafile, so code splitting cannot hide anything), and the heavier language's
 * strings. Chunks behind a dynamic import() are listed and summed apart: they load only when used.
 */
function report(meta, consoleMeta) {
  const size = (file) => {
    const path = join(dist, file);
    if (!existsSync(path)) return { file, raw: 0, gzip: 0, br: 0 };
    const bytes = readFileSync(path);
    const br = brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length;
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, br };
  };
  const rel = (out) => relative(dist, join(root, out));
  // The output files `entry` loads before it runs (static imports, transitively), itself included.
  const closure = (entry, seen = new Set(), m = meta) => {
    if (seen.has(entry)) return seen;
    seen.add(entry);
    for (const imp of m.outputs[join(relative(root, dist), entry)]?.imports ?? []) {
      if (imp.kind === 'import-statement') closure(rel(imp.path), seen, m);
    }
    return seen;
  };
  const sum = (files, enc = 'br') => [...files].reduce((n, f) => n + size(f)[enc], 0);

  const loader = size('widget.js');
  const appCss = size('widget/app.css');
  const app = closure('widget/app.js');
  const stringsFiles = ['widget/strings-en.js', 'widget/strings-zh.js'];
  // An open chat loads one language's strings (and whatever they import that the app does not): count the heavier.
  const stringsExtra = stringsFiles.map((f) => [...closure(f)].filter((x) => !app.has(x))).reduce((a, b) => (sum(b) > sum(a) ? b : a));
  const atOpen = new Set([...app, ...stringsExtra]);
  const all = Object.keys(meta.outputs).filter((f) => f.endsWith('.js')).map(rel);
  const lazy = all.filter((f) => !atOpen.has(f) && !stringsFiles.includes(f));

  const rest = all.filter((f) => !app.has(f) && !stringsFiles.includes(f));
  const rows = ['widget.js', 'widget/app.css', ...app, ...stringsFiles.filter((f) => !app.has(f)), ...rest].map(size);
  // The console: what every agent loads, then each lazy chunk (the reports page and uPlot) apart.
  const consoleAtStart = consoleMeta ? closure('console/app.js', new Set(), consoleMeta) : new Set();
  const consoleLazy = consoleMeta ? Object.keys(consoleMeta.outputs).map(rel).filter((f) => f.endsWith('.js') && !consoleAtStart.has(f)) : [];
  if (consoleMeta) rows.push(...[...consoleAtStart, 'console/app.css', ...consoleLazy].map(size));

  const kb = (n) => `${(n / KB).toFixed(2)} KB`;
  const pad = (s, n) => String(s).padEnd(n);
  const padL = (s, n) => String(s).padStart(n);
  const openChat = loader.br + appCss.br + sum(atOpen);
  const openChatGzip = loader.gzip + appCss.gzip + sum(atOpen, 'gzip');
  const lazyTotal = sum(lazy);
  const budgets = [
    ['loader (on every merchant page)', loader.br, BUDGET_LOADER, loader.gzip],
    ['open chat (loader + css + app.js and its static chunks + strings)', openChat, BUDGET_OPEN_CHAT, openChatGzip],
  ];
  const over = budgets.some(([, used, budget]) => used > budget);
  if (!quiet) {
    const tag = (f) => (stringsFiles.includes(f) ? '  one language (the heavier counts)' : lazy.includes(f) || consoleLazy.includes(f) ? '  lazy: import() on use' : '');
    console.log(`\n${pad('bundle', 30)}${padL('raw', 12)}${padL('gzip', 12)}${padL('brotli', 12)}`);
    for (const r of rows) console.log(`${pad(relative(root, join(dist, r.file)), 30)}${padL(kb(r.raw), 12)}${padL(kb(r.gzip), 12)}${padL(kb(r.br), 12)}${tag(r.file)}`);
    if (!hasConsole) console.log('(console/main.tsx does not exist yet: console bundle skipped)');
    console.log('');
    for (const [name, used, budget, gzip] of budgets) {
      console.log(`${pad(name, 68)}${padL(kb(used), 10)} of ${kb(budget)} brotli  ${used <= budget ? 'ok' : '<<< OVER BUDGET >>>'}  (gzip ${kb(gzip)})`);
    }
    console.log(`${pad('lazy chunks (not counted above; loaded when a form or older messages show)', 68)}${padL(kb(lazyTotal), 10)}  brotli`);
    console.log(`${pad('open chat with every lazy chunk loaded too', 68)}${padL(kb(openChat + lazyTotal), 10)}`);
  }
  if (over) console.error('\n!!!!!!!! OVER BUDGET: the widget is larger than its brotli budget !!!!!!!!\n');
  return !over;
}
