// `npm run bench:charts`: the reports page's chart library, measured — uPlot (what the console ships) against
// Chart.js, side by side in one run.
//
//   npm install --no-save chart.js@4.6.1 && npx tsx bench/charts.ts
//
// For each library: the bytes a browser downloads for one line chart (esbuild-minified bundle, gzip and
// brotli), and the time to draw the reports' day chart (two series, 366 days) in headless Chromium: the
// median of 30 draws after 5 warm-ups, both in the same page. Without chart.js installed only uPlot is measured.
import { createRequire } from 'node:module';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { launchChromium } from '../test/support/browser.ts';

const require = createRequire(import.meta.url);
const has = (name: string) => {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
};

const SOURCES: Record<string, string> = {
  uPlot: `
    import uPlot from 'uplot';
    import 'uplot/dist/uPlot.min.css';
    window.draw = (el, x, a, b) => new uPlot({ width: 800, height: 240, scales: { x: { time: true } }, series: [{}, { label: 'Conversations', stroke: '#2453d4' }, { label: 'Handoffs', stroke: '#c2410c' }] }, [x, a, b], el);`,
  'Chart.js': `
    import { Chart, LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip } from 'chart.js';
    Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);
    window.draw = (el, x, a, b) => { const c = document.createElement('canvas'); c.width = 800; c.height = 240; el.append(c);
      return new Chart(c, { type: 'line', data: { labels: x, datasets: [{ label: 'Conversations', data: a }, { label: 'Handoffs', data: b }] }, options: { animation: false, responsive: false } }); };`,
};

async function bundle(source: string): Promise<{ js: string; css: string; raw: number; gzip: number; br: number }> {
  const result = await build({ stdin: { contents: source, resolveDir: process.cwd(), loader: 'js' }, bundle: true, minify: true, format: 'iife', write: false, outdir: 'out', logLevel: 'silent' });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))!.text;
  const css = result.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';
  const bytes = Buffer.from(js + css);
  return { js, css, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, br: brotliCompressSync(bytes).length };
}

const libs = Object.keys(SOURCES).filter((l) => has(l === 'uPlot' ? 'uplot' : 'chart.js'));
const browser = await launchChromium();
try {
  console.log(`${'library'.padEnd(12)}${'raw'.padStart(10)}${'gzip'.padStart(10)}${'brotli'.padStart(10)}${'draw p50'.padStart(12)}${'draw p90'.padStart(12)}`);
  const rows: Array<{ lib: string; br: number; p50: number }> = [];
  for (const lib of libs) {
    const b = await bundle(SOURCES[lib]!);
    const page = await browser.newPage();
    await page.setContent(`<style>${b.css}</style><div id="c"></div><script>${b.js}</script>`);
    const times = await page.evaluate(() => {
      const x: number[] = [], a: number[] = [], c: number[] = [];
      for (let i = 0; i < 366; i++) {
        x.push(1_700_000_000 + i * 86_400);
        a.push(50 + ((i * 37) % 40));
        c.push(10 + ((i * 13) % 15));
      }
      const el = document.getElementById('c')!;
      const out: number[] = [];
      for (let run = 0; run < 35; run++) {
        el.innerHTML = '';
        const t = performance.now();
        const chart = (window as unknown as { draw: (...args: unknown[]) => { destroy(): void } }).draw(el, x, a, c);
        el.getBoundingClientRect(); // layout included
        out.push(performance.now() - t);
        chart.destroy();
      }
      return out.slice(5).sort((p, q) => p - q);
    });
    await page.close();
    const p50 = times[Math.floor(times.length / 2)]!;
    const p90 = times[Math.ceil(times.length * 0.9) - 1]!;
    rows.push({ lib, br: b.br, p50 });
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log(`${lib.padEnd(12)}${kb(b.raw).padStart(10)}${kb(b.gzip).padStart(10)}${kb(b.br).padStart(10)}${`${p50.toFixed(2)} ms`.padStart(12)}${`${p90.toFixed(2)} ms`.padStart(12)}`);
  }
  if (rows.length === 2) console.log(`\nChart.js / uPlot: ×${(rows[1]!.br / rows[0]!.br).toFixed(2)} brotli bytes, ×${(rows[1]!.p50 / rows[0]!.p50).toFixed(2)} median draw time`);
  else console.log('\n(chart.js is not installed: `npm install --no-save chart.js@4.6.1` to compare)');
} finally {
  await browser.close();
}
