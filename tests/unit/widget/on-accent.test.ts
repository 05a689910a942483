import { describe, expect, it } from 'vitest';
import { onAccent } from '../../../widget/styles';

// WCAG 2 relative luminance and contrast ratio, exactly as the standard writes them.
const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};
const full = (c: string) => (c.length === 4 ? `#${c[1]!.repeat(2)}${c[2]!.repeat(2)}${c[3]!.repeat(2)}` : c);

describe("the text colour on the playbook's accent", () => {
  it('reaches 4.5:1 on every colour (a 16-step grid of the RGB cube)', () => {
    const low: string[] = [];
    const hex = (n: number) => n.toString(16).padStart(2, '0');
    for (let r = 0; r < 256; r += 17)
      for (let g = 0; g < 256; g += 17)
        for (let b = 0; b < 256; b += 17) {
          const accent = `#${hex(r)}${hex(g)}${hex(b)}`;
          if (contrast(full(onAccent(accent)), accent) < 4.5) low.push(accent);
        }
    expect(low).toEqual([]);
  });

  it('keeps white on the demo blue, black on yellow', () => {
    expect(onAccent('#1f6feb')).toBe('#fff');
    expect(onAccent('#ffcc00')).toBe('#000');
  });
});
