import { describe, expect, it } from 'vitest';
import { inkFor, parseColor } from '../../widget/color.ts';

const luminance = (hex: string) => {
  const full = parseColor(hex)!;
  return [1, 3, 5].reduce((sum, at, i) => {
    const c = parseInt(full.slice(at, at + 2), 16) / 255;
    return sum + [0.2126, 0.7152, 0.0722][i] * (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  }, 0);
};
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

describe('merchant colour', () => {
  it('accepts only #rgb and #rrggbb, so nothing else reaches a stylesheet', () => {
    expect(parseColor('#0F766E')).toBe('#0f766e');
    expect(parseColor('#abc')).toBe('#aabbcc');
    for (const bad of ['red', '#12345', '#1234567', 'url(x)', '#fff;}body{display:none', '', null, undefined]) expect(parseColor(bad)).toBeNull();
  });

  it('picks text that reads at 4.5:1 or better on any colour', () => {
    for (let r = 0; r < 256; r += 17) {
      for (let g = 0; g < 256; g += 17) {
        for (let b = 0; b < 256; b += 17) {
          const bg = '#' + [r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('');
          expect([bg, contrast(bg, inkFor(bg)) >= 4.5]).toEqual([bg, true]);
        }
      }
    }
  });
});
