// Shared by the loader and the app, so keep it tiny: the loader's budget is 2 KB brotli.

/** The merchant's colour when it is a plain #rgb or #rrggbb, else null (never pass raw input into CSS). */
export function parseColor(value: string | null | undefined): string | null {
  return value && /^#([0-9a-f]{3}){1,2}$/i.test(value) ? value.replace(/\w/g, value.length < 5 ? '$&$&' : '$&').toLowerCase() : null;
}

/**
 * White or black, whichever contrasts more with `hex` (#rrggbb). The better of the two always reaches
 * at least 4.57:1 (WCAG AA is 4.5; checked over the whole colour cube), whatever colour the merchant picks;
 * a softer near-black would not.
 */
export function inkFor(hex: string): string {
  let l = 0;
  // WCAG's sRGB curve without its linear toe (below 4% it adds < .001 to l: the choice does not move).
  for (let i = 0; i < 3; i++) l += [0.2126, 0.7152, 0.0722][i] * ((parseInt(hex.substr(1 + 2 * i, 2), 16) / 255 + 0.055) / 1.055) ** 2.4;
  // Contrast with white is 1.05/(l+.05), with black (l+.05)/.05: equal at l = √.0525 − .05 ≈ .17913.
  return l > 0.17913 ? '#000' : '#fff';
}

export const DEFAULT_COLOR = '#1d4ed8';
