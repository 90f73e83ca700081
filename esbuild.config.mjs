// Builds the embed (loader + chat app) and the agent console into dist/, then prints their gzipped sizes
// against the widget's budgets. `node esbuild.config.mjs --quiet` builds without printing.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
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
    plugins: [withoutWebTransport],
  }),
];

const consoleEntry = join(root, 'console/main.tsx');
const hasConsole = existsSync(consoleEntry);
if (hasConsole) jobs.push(build(preactApp(consoleEntry, join(dist, 'console'))));

await Promise.all(jobs);

if (!quiet) report();

function report() {
  const size = (file) => {
    const path = join(dist, file);
    if (!existsSync(path)) return { file, raw: 0, gzip: 0 };
    const bytes = readFileSync(path);
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  };
  const loader = size('widget.js');
  const appJs = size('widget/app.js');
  const appCss = size('widget/app.css');
  const strings = [size('widget/strings-en.js'), size('widget/strings-zh.js')];
  const biggestStrings = strings.reduce((a, b) => (b.gzip > a.gzip ? b : a));
  const rows = [loader, appJs, appCss, ...strings];
  if (hasConsole) rows.push(size('console/app.js'), size('console/app.css'));

  const kb = (n) => `${(n / KB).toFixed(2)} KB`;
  const pad = (s, n) => String(s).padEnd(n);
  const padL = (s, n) => String(s).padStart(n);
  console.log(`\n${pad('bundle', 24)}${padL('raw', 12)}${padL('gzip', 12)}`);
  for (const r of rows) console.log(`${pad(relative(root, join(dist, r.file)), 24)}${padL(kb(r.raw), 12)}${padL(kb(r.gzip), 12)}`);
  if (!hasConsole) console.log('(console/main.tsx does not exist yet: console bundle skipped)');

  // An open chat loads one language's strings; count the heavier one.
  const openChat = loader.gzip + appJs.gzip + appCss.gzip + biggestStrings.gzip;
  const budgets = [
    ['loader (on every merchant page)', loader.gzip, BUDGET_LOADER],
    ['open chat (loader + app + css + strings)', openChat, BUDGET_OPEN_CHAT],
  ];
  console.log('');
  let over = false;
  for (const [name, used, budget] of budgets) {
    const ok = used <= budget;
    over ||= !ok;
    console.log(`${pad(name, 36)}${padL(kb(used), 10)} of ${kb(budget)} gzip  ${ok ? 'ok' : '<<< OVER BUDGET >>>'}`);
  }
  if (over) console.log('\n!!!!!!!! OVER BUDGET: the widget is larger than its gzip budget !!!!!!!!\n');
}
