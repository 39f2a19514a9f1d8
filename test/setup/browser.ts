import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = process.env.STACKPILOT_CHROMIUM ?? '/usr/bin/chromium';

/** The flags this machine's Chromium needs: no sandbox as root, and no calls home on a closed network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserAvailability {
  available: boolean;
  reason: string;
}

export function browserAvailability(): BrowserAvailability {
  if (existsSync(CHROMIUM_PATH)) return { available: true, reason: CHROMIUM_PATH };
  const reason = `no Chromium at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\``;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`CI=true but ${reason}`);
  return { available: false, reason };
}
