import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The HTTP tests and the browser tests serve the real bundles, so build them once per run.
export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync(process.execPath, ['esbuild.config.mjs', '--quiet'], { cwd: root, stdio: 'inherit' });
}
