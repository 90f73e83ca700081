// engine.io-client and socket.io-client parse the server's address with a regular-expression parser of ~1 KB
// kept for platforms without URL (contrib/parseuri.js); every browser the chat supports has URL. The build
// swaps this in (esbuild.config.mjs). It returns the fields the two packages read, with the same meanings:
// protocol without its colon, host without IPv6 brackets, port '' for the scheme's default (URL also drops
// an explicit default port, which both packages then put back).
export function parse(str: string) {
  const u = new URL(str);
  const query = u.search.slice(1);
  return {
    source: str,
    protocol: u.protocol.slice(0, -1),
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port,
    path: u.pathname,
    query,
    queryKey: Object.fromEntries(new URLSearchParams(query)),
  };
}
