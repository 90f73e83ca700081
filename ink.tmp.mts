import { inkFor } from './widget/color.x.ts';
const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
let worst = 99, at = '';
for (let r = 0; r < 256; r++) for (let g = 0; g < 256; g += 1) for (let b = 0; b < 256; b += 3) {
  const hex = '#' + [r, g, b].map((x) => x.toString(16).padStart(2, '0')).join('');
  const L = 0.2126 * lin(r / 255) + 0.7152 * lin(g / 255) + 0.0722 * lin(b / 255);
  const c = inkFor(hex) === '#fff' ? 1.05 / (L + 0.05) : (L + 0.05) / 0.05;
  if (c < worst) { worst = c; at = hex; }
}
console.log(worst.toFixed(4), at);
