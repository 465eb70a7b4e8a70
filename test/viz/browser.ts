/**
 * Real Chromium for the browser tests and benchmark: Debian's /usr/bin/chromium driven by
 * playwright-core, headless, software WebGL (SwiftShader). `chromiumMissing()` says why
 * browser tests skip; with REQUIRE_BROWSER=1 (CI) a missing browser is a failure instead.
 *
 * The page is composited in the GPU process on SwiftShader (ANGLE), as a phone or desktop
 * composites on its GPU. Chromium's software compositor (`--disable-gpu`) drops the map's WebGL
 * layers from every frame in which the phone's scrollable bottom sheet is on screen (the discs and
 * lines vanish while the labels stay), which no real browser does.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--disable-background-networking',
  '--enable-unsafe-swiftshader',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Why the browser tests cannot run here, or null when Chromium is available. */
export function chromiumMissing(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  const reason = `Chromium not found at ${CHROMIUM_PATH} (install Debian's chromium or set CHROMIUM_PATH)`;
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(`REQUIRE_BROWSER=1 but ${reason}`);
  return reason;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}
