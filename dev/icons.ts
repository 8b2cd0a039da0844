/**
 * `npm run icons`: rasterizes public/icon/icon.svg into the PNG sizes the manifest names
 * (16, 32, 48, 128) with the same Chromium the tests use, so the PNGs in the repo can always be
 * made again from the SVG.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM } from './harness/chromium';
import { repoRoot } from './harness/paths';

export const ICON_SIZES = [16, 32, 48, 128] as const;

async function main(): Promise<void> {
  const svg = readFileSync(resolve(repoRoot, 'public/icon/icon.svg'), 'utf8');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    for (const size of ICON_SIZES) {
      await page.setContent(`<body style="margin:0;background:transparent"><div id="icon" style="width:${size}px;height:${size}px">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</div></body>`);
      await page.locator('#icon').screenshot({ path: resolve(repoRoot, `public/icon/${size}.png`), omitBackground: true });
    }
  } finally {
    await browser.close();
  }
  console.log(`Wrote public/icon/{${ICON_SIZES.join(',')}}.png`);
}

void main();
