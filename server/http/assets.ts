import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Request, Response } from 'express';

/** One file of the build, as esbuild.assets.mjs lists it in dist/assets.json. */
export interface AssetFile {
  type: string;
  /** Names the content (a hash of the uncompressed bytes). */
  etag: string;
  /** A content-hashed name: cached for a year, never revalidated. */
  immutable: boolean;
  raw: number;
  gzip: number;
  br: number;
}

export interface AssetManifest {
  files: Record<string, AssetFile>;
  /** The previous build's hashed files, still served (docs/deploy.md, rolling upgrades). */
  kept: Record<string, AssetFile>;
  entries: {
    loader: string;
    /** The frame page per language. */
    frame: Record<string, string>;
    console: string | null;
    /** The chat app's entry bundle. */
    app: string;
    /** Per language, what an open chat fetches besides the loader (frame, css, app.js, static chunks, strings). */
    closure: Record<string, string[]>;
  };
}

export type Encoding = 'br' | 'gzip' | 'identity';
const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz', identity: '' };

export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The encoding to send for an Accept-Encoding header: brotli, else gzip, else the plain file. Only what the
 * client named (by name or `*`) with a non-zero q; a higher q wins, brotli on a tie. No header: identity.
 */
export function negotiateEncoding(header: string | undefined): Encoding {
  if (!header) return 'identity';
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const of = (name: string) => q.get(name) ?? q.get('*') ?? 0;
  const br = of('br');
  const gzip = Math.max(of('gzip'), q.get('x-gzip') ?? 0);
  if (br > 0 && br >= gzip) return 'br';
  if (gzip > 0) return 'gzip';
  return 'identity';
}

/** An If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for GET). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export interface Assets {
  /** The build's manifest, re-read when a build rewrote it; null when dist/ holds no build. */
  manifest(): AssetManifest | null;
  /**
   * Sends `file` of the build (a key of the manifest) in the encoding the client asked for, with its ETag
   * and `cacheControl`; 304 when the client holds it; false (nothing sent) when the build has no such file.
   */
  send(req: Request, res: Response, file: string, cacheControl: string): boolean;
  /** Sends a hashed file under /static with a year's immutable caching; false when there is none. */
  sendStatic(req: Request, res: Response, file: string): boolean;
}

/** The built browser files of `distDir`, each held in memory with its brotli and gzip copies once first sent. */
export function createAssets(distDir: string): Assets {
  const manifestPath = join(distDir, 'assets.json');
  let loaded: { mtimeMs: number; manifest: AssetManifest } | null = null;
  let bodies = new Map<string, Buffer>();

  const manifest = (): AssetManifest | null => {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(manifestPath).mtimeMs;
    } catch {
      return null;
    }
    if (loaded?.mtimeMs !== mtimeMs) {
      loaded = { mtimeMs, manifest: JSON.parse(readFileSync(manifestPath, 'utf8')) as AssetManifest };
      bodies = new Map();
    }
    return loaded.manifest;
  };

  const body = (path: string): Buffer | null => {
    let bytes = bodies.get(path);
    if (!bytes) {
      try {
        bytes = readFileSync(path);
      } catch {
        return null;
      }
      bodies.set(path, bytes);
    }
    return bytes;
  };

  const deliver = (req: Request, res: Response, file: string, entry: AssetFile, cacheControl: string): boolean => {
    const encoding = negotiateEncoding(req.get('accept-encoding'));
    const bytes = body(join(distDir, file + SUFFIX[encoding]));
    if (!bytes) return false;
    // One ETag per representation: a cache must not answer a gzip client with the brotli bytes.
    const etag = `"${entry.etag}${encoding === 'identity' ? '' : `-${encoding}`}"`;
    res.set({ 'Cache-Control': cacheControl, ETag: etag, Vary: 'Accept-Encoding' });
    if (matches(req.get('if-none-match'), etag)) {
      res.status(304).end();
      return true;
    }
    // Byte ranges of a compressed body help nobody here (files of a few KB): Range is ignored, the whole file sent.
    res.set({ 'Content-Type': entry.type, 'Content-Length': String(bytes.length), 'Accept-Ranges': 'none' });
    if (encoding !== 'identity') res.set('Content-Encoding', encoding);
    res.status(200).end(req.method === 'HEAD' ? undefined : bytes);
    return true;
  };

  return {
    manifest,
    send(req, res, file, cacheControl) {
      const m = manifest();
      const entry = m && Object.hasOwn(m.files, file) ? m.files[file] : undefined;
      return entry ? deliver(req, res, file, entry, cacheControl) : false;
    },
    sendStatic(req, res, file) {
      const m = manifest();
      const entry = !m ? undefined : Object.hasOwn(m.files, file) ? m.files[file] : Object.hasOwn(m.kept, file) ? m.kept[file] : undefined;
      return entry?.immutable ? deliver(req, res, file, entry, IMMUTABLE) : false;
    },
  };
}
