// Builds the embed (loader + chat app), the agent console and the server (dist/server.mjs, what `npm start`
// runs) into dist/, then prints the browser bundles' compressed sizes against the widget's budgets. Budgets count brotli
// bytes, what every browser Parley supports asks for and gets; gzip is printed beside it for older clients.
// Browser bundles get content-hashed names; esbuild.assets.mjs then writes the HTML entry points with them, a
// brotli and a gzip copy of every browser file, and dist/assets.json, which the server serves from.
// `node esbuild.config.mjs --quiet` builds without printing.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { writeAssets } from './esbuild.assets.mjs';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const quiet = process.argv.includes('--quiet');
const KB = 1024;
const BUDGET_LOADER = 2 * KB;
const BUDGET_OPEN_CHAT = 30 * KB;
/** The languages the chat frame is written for (protocol/locale.ts LOCALES; server/http/pages.ts picks one). */
const LOCALES = ['en', 'zh'];

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
  // Content-hashed names, served as immutable; the HTML entry points are written with them (esbuild.assets.mjs).
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
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

// engine.io-client's URL parser is a regular expression kept for platforms without URL: the widget gets
// widget/app/parse-uri.ts, the same fields from URL (tested against the package's parser).
const urlParser = {
  name: 'url-parser',
  setup(b) {
    b.onResolve({ filter: /contrib\/parseuri\.js$/ }, (args) =>
      args.importer.includes(join('engine.io-client', 'build', 'esm')) ? { path: join(root, 'widget/app/parse-uri.ts') } : undefined,
    );
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
    // The launcher's Chinese words as UTF-8 bytes, not \u escapes: the server sends widget.js with
    // `charset=utf-8` (esbuild.assets.mjs), which decides over the host page's own encoding (GBK shops too).
    charset: 'utf8',
  }),
  build({
    // One file per language next to app.js: the app imports only the visitor's (widget/i18n/translate.ts).
    ...preactApp(join(root, 'widget/app/main.tsx'), join(dist, 'widget'), {
      'strings-en': join(root, 'widget/i18n/en.ts'),
      'strings-zh': join(root, 'widget/i18n/zh.ts'),
    }),
    // What few visitors need (the forms, older messages) is a dynamic import(): its own chunk, loaded on use.
    splitting: true,
    // Chinese as UTF-8 bytes instead of \u escapes (a little smaller gzipped); module scripts are
    // always decoded as UTF-8, whatever the server's Content-Type says.
    charset: 'utf8',
    plugins: [withoutWebTransport, jsonOnlyParser, urlParser],
  }),
];

// The server: one ESM file per entry, packages left to node_modules (better-sqlite3 is native, and the rest
// need no bundling on a server). bin/parley.mjs runs it when it is newer than every source it was built
// from, which dist/server-inputs.json lists; otherwise it runs the sources through tsx and says so.
jobs.push(
  build({
    entryPoints: { server: join(root, 'server/cli.ts'), 'train-worker': join(root, 'server/intents/train-worker.ts'), 'bot-worker': join(root, 'server/bot/bot-worker.ts') },
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
    writeFileSync(join(dist, 'server-inputs.json'), JSON.stringify({ outputs: ['server.mjs', 'train-worker.mjs', 'bot-worker.mjs'], inputs }, null, 1) + '\n');
    return result;
  }),
);

const consoleEntry = join(root, 'console/main.tsx');
const hasConsole = existsSync(consoleEntry);
// The reports page and its chart library are a dynamic import(): agents who never open it never load them.
if (hasConsole) {
  jobs.push(
    // Old chunks are pruned with the rest of dist's browser files (esbuild.assets.mjs keeps one build back).
    build({ ...preactApp(consoleEntry, join(dist, 'console')), splitting: true }),
  );
}

const [, widgetApp, , consoleApp] = await Promise.all(jobs);
const assets = writeAssets({ root, dist, widget: widgetApp.metafile, console: consoleApp?.metafile ?? null, locales: LOCALES });

// Over budget fails the build (and `npm test`, whose setup builds), quiet or not.
if (!report(assets, widgetApp.metafile)) process.exitCode = 1;

/**
 * Prints every file with its sizes and checks the budgets; false when over. The sizes are those of the .br and
 * .gz files the server sends. "Open chat" counts what Chromium fetches for an open chat: the loader, the frame
 * HTML, app.css, app.js with every chunk it imports statically (followed through the metafile, so code splitting
 * cannot hide anything) and one language's strings, the heavier. Chunks behind a dynamic import() are listed
 * and summed apart: they load only when used. The figures are written to dist/budgets.json for the tests.
 */
function report(assets, meta) {
  const { files, entries } = assets;
  const size = (file) => ({ file, ...files[file] });
  const sum = (list, enc = 'br') => list.reduce((n, f) => n + files[f][enc], 0);
  const loader = size(entries.loader);
  const perLocale = Object.fromEntries(LOCALES.map((l) => [l, { br: loader.br + sum(entries.closure[l]), gzip: loader.gzip + sum(entries.closure[l], 'gzip') }]));
  const heavier = LOCALES.reduce((a, b) => (perLocale[b].br > perLocale[a].br ? b : a));
  const atOpen = new Set(LOCALES.flatMap((l) => entries.closure[l]));
  const rel = (out) => relative(dist, join(root, out));
  const lazy = Object.keys(meta.outputs).map(rel).filter((f) => f.endsWith('.js') && !atOpen.has(f));
  const lazyTotal = sum(lazy);
  const openChat = perLocale[heavier];
  writeFileSync(join(dist, 'budgets.json'), JSON.stringify({ loader: loader.br, openChat: Object.fromEntries(LOCALES.map((l) => [l, perLocale[l].br])), budgets: { loader: BUDGET_LOADER, openChat: BUDGET_OPEN_CHAT } }, null, 1) + '\n');

  const budgets = [
    ['loader (on every merchant page)', loader.br, BUDGET_LOADER, loader.gzip],
    [`open chat (loader + frame + css + app.js and its static chunks + ${heavier} strings)`, openChat.br, BUDGET_OPEN_CHAT, openChat.gzip],
  ];
  const over = budgets.some(([, used, budget]) => used > budget);
  if (!quiet) {
    const kb = (n) => `${(n / KB).toFixed(2)} KB`;
    const pad = (s, n) => String(s).padEnd(n);
    const padL = (s, n) => String(s).padStart(n);
    const tag = (f) => (/strings-/.test(f) ? '  one language' : lazy.includes(f) ? '  lazy: import() on use' : files[f].immutable ? '' : '  stable URL, revalidated');
    const rows = [entries.loader, ...LOCALES.map((l) => entries.frame[l]), ...[...atOpen].filter((f) => !f.endsWith('.html')), ...lazy];
    if (entries.console) rows.push(entries.console, ...Object.keys(files).filter((f) => f.startsWith('console/') && files[f].immutable));
    console.log(`\n${pad('file (dist/)', 34)}${padL('raw', 12)}${padL('gzip', 12)}${padL('brotli', 12)}`);
    for (const f of rows) console.log(`${pad(f, 34)}${padL(kb(files[f].raw), 12)}${padL(kb(files[f].gzip), 12)}${padL(kb(files[f].br), 12)}${tag(f)}`);
    if (!entries.console) console.log('(console/main.tsx does not exist yet: console bundle skipped)');
    console.log('');
    for (const [name, used, budget, gzip] of budgets) {
      console.log(`${pad(name, 76)}${padL(kb(used), 10)} of ${kb(budget)} brotli  ${used <= budget ? 'ok' : '<<< OVER BUDGET >>>'}  (gzip ${kb(gzip)})`);
    }
    console.log(`${pad('lazy chunks (not counted above; loaded when a form or older messages show)', 76)}${padL(kb(lazyTotal), 10)}  brotli`);
    console.log(`${pad('open chat with every lazy chunk loaded too', 76)}${padL(kb(openChat.br + lazyTotal), 10)}`);
  }
  if (over) console.error('\n!!!!!!!! OVER BUDGET: the widget is larger than its brotli budget !!!!!!!!\n');
  return !over;
}
