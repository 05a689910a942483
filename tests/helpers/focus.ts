import type { Locator, Page } from 'playwright-core';

/**
 * What has the keyboard focus, through open shadow roots: "role: name" (the role attribute or the tag, the
 * aria-label or the text), or "body" when the focus was lost to the page.
 */
export function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return 'body';
    const role = el.getAttribute('role') ?? el.tagName.toLowerCase();
    return `${role}: ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().replace(/\s+/g, ' ')}`;
  });
}

export type Ring = { what: string; style: string; width: number; contrast: number };

/**
 * The focus ring of what has the focus: its outline's style and width, and the contrast of its colour with
 * what is behind it (the element's own background when the ring is drawn inside it, its parent's otherwise;
 * backgrounds composited up the tree, through shadow hosts, over white). Null when nothing has the focus.
 */
export function focusRing(page: Page): Promise<Ring | null> {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return null;
    const rgba = (c: string) => {
      const n = (c.match(/[\d.]+/g) ?? ['0', '0', '0', '0']).map(Number);
      return { r: n[0]!, g: n[1]!, b: n[2]!, a: n.length > 3 ? n[3]! : 1 };
    };
    const up = (e: Element): Element | null => e.parentElement ?? ((e.getRootNode() as ShadowRoot).host || null);
    const behind = (start: Element | null) => {
      const layers: ReturnType<typeof rgba>[] = [];
      for (let e = start; e; e = up(e)) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if (c.a > 0) layers.push(c);
        if (c.a >= 1) break;
      }
      return layers.reduceRight((under, over) => ({ r: over.r * over.a + under.r * (1 - over.a), g: over.g * over.a + under.g * (1 - over.a), b: over.b * over.a + under.b * (1 - over.a), a: 1 }), { r: 255, g: 255, b: 255, a: 1 });
    };
    const lum = ({ r, g, b }: { r: number; g: number; b: number }) =>
      [r, g, b].map((v) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i]!, 0);
    const cs = getComputedStyle(el);
    const ring = rgba(cs.outlineColor);
    const inside = parseFloat(cs.outlineOffset) < 0;
    const back = behind(inside ? el : up(el));
    const [hi, lo] = [lum(ring), lum(back)].sort((a, b) => b - a) as [number, number];
    const role = el.getAttribute('role') ?? (el instanceof HTMLInputElement ? `input[${el.type}]` : el.tagName.toLowerCase());
    return {
      what: `${role}: ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)}`,
      style: cs.outlineStyle,
      width: parseFloat(cs.outlineWidth) || 0,
      contrast: Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100,
    };
  });
}

/** A ring a keyboard user sees: Chrome's own (auto), or a solid line at least 2 px wide with 3:1 against what is behind it. */
export const visible = (r: Ring) => r.style === 'auto' || (r.style !== 'none' && r.width >= 2 && r.contrast >= 3);

/**
 * Presses Tab from where the focus is until it comes back to the first element reached (at most `max` steps),
 * and returns each ring that a keyboard user would not see, as "where: role: name (style width contrast)".
 */
export async function invisibleRings(page: Page, where: string, max = 60): Promise<string[]> {
  const bad: string[] = [];
  let first: string | null = null;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const ring = await focusRing(page);
    if (!ring) continue;
    if (ring.what === first) break;
    first ??= ring.what;
    if (!visible(ring)) bad.push(`${where}: ${ring.what} (${ring.style} ${ring.width}px, ${ring.contrast}:1)`);
  }
  return bad;
}

/**
 * How well a selected or highlighted item stands out from the ones beside it: on each side of `target` (at its
 * middle), the best contrast of a pixel within 4 px of the edge against `neighbour`'s background; the smallest
 * of the four. An item marked on one side only (a bar on the left) scores as low as an unmarked one.
 */
export async function edgeContrast(page: Page, target: Locator, neighbour: Locator): Promise<number> {
  const [shot, near] = [await target.screenshot(), await neighbour.screenshot()];
  return page.evaluate(
    async ([a, b]) => {
      const decode = async (b64: string) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = document.createElement('canvas');
        [c.width, c.height] = [img.width, img.height];
        const ctx = c.getContext('2d', { willReadFrequently: true })!;
        ctx.drawImage(img, 0, 0);
        return { w: img.width, h: img.height, at: (x: number, y: number) => [...ctx.getImageData(x, y, 1, 1).data.slice(0, 3)] };
      };
      const lum = (rgb: number[]) => rgb.map((v) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i]!, 0);
      const ratio = (p: number[], q: number[]) => {
        const [hi, lo] = [lum(p), lum(q)].sort((x, y) => y - x) as [number, number];
        return (hi + 0.05) / (lo + 0.05);
      };
      const [item, next] = [await decode(a), await decode(b)];
      // The neighbour's background: a pixel in its top-left padding, where no text is drawn.
      const bg = next.at(2, 2);
      const { w, h } = item;
      // Each side's strongest pixel within 4 px of the edge, at its middle (the element may start mid-pixel).
      const band = [0, 1, 2, 3];
      const sides = [
        band.map((d) => item.at(w >> 1, d)),
        band.map((d) => item.at(w >> 1, h - 1 - d)),
        band.map((d) => item.at(d, h >> 1)),
        band.map((d) => item.at(w - 1 - d, h >> 1)),
      ];
      return Math.round(Math.min(...sides.map((side) => Math.max(...side.map((p) => ratio(p, bg))))) * 100) / 100;
    },
    [shot.toString('base64'), near.toString('base64')] as const,
  );
}

/** invisibleRings() in the light then the dark colour scheme, from the top of the page each time. */
export async function invisibleRingsBothSchemes(page: Page, where: string): Promise<string[]> {
  const bad: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    bad.push(...(await invisibleRings(page, `${where}, ${colorScheme}`)));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return bad;
}
