#!/usr/bin/env node
// The `parley` command. It runs the server bundle `npm run build` (and `npm start`'s prestart) writes to
// dist/server.mjs, compiled once instead of at every start. Without a bundle, or when a source it was built
// from changed since (a fresh clone, a developer's edit), it runs the TypeScript sources through tsx
// instead and says so on stderr: a stale bundle is never run silently.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'server.mjs');

/** Why the bundle cannot be used, or null when it is newer than every source it was built from. */
function bundleProblem() {
  const manifest = join(root, 'dist', 'server-inputs.json');
  if (!existsSync(manifest)) return 'no dist/server-inputs.json next to dist/server.mjs';
  const { inputs, outputs } = JSON.parse(readFileSync(manifest, 'utf8'));
  const built = Math.min(...outputs.map((f) => (existsSync(join(root, 'dist', f)) ? statSync(join(root, 'dist', f)).mtimeMs : 0)));
  const changed = inputs.find((f) => !existsSync(join(root, f)) || statSync(join(root, f)).mtimeMs > built);
  return changed ? `${changed} changed since dist/server.mjs was built` : null;
}

const problem = existsSync(bundle) ? bundleProblem() : 'no dist/server.mjs';
let main;
if (problem === null) {
  ({ main } = await import(pathToFileURL(bundle).href));
} else {
  // A bundle that does not exist is the usual case in development: only a stale one is worth a word.
  if (existsSync(bundle)) process.stderr.write(`parley: ${problem}; running the sources through tsx (npm run build to rebuild)\n`);
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../server/cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));
