import { build } from 'esbuild';
import { brotliCompressSync, constants } from 'node:zlib';
const file = process.argv[2] || 'widget/loader.ts';
const r = await build({ entryPoints: [file], bundle: true, minify: true, write: false, format: 'iife', target: process.env.T || 'es2018', charset: 'utf8', legalComments: 'none', define: { 'process.env.NODE_ENV': '"production"' } });
const b = r.outputFiles[0].contents;
console.log(b.length, brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length);
if (process.argv[3]) console.log(new TextDecoder().decode(b));
