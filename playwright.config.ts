import { defineConfig } from '@playwright/test';

// Debian's Chromium (apt-get install chromium): Playwright cannot download browsers here.
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

const PORT = Number(process.env.TG_E2E_PORT || 4173);

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS },
    viewport: { width: 1280, height: 720 },
    screenshot: 'only-on-failure',
  },
  // The built app, as users get it (strict CSP + cross-origin isolation), served by vite preview.
  webServer: {
    // One output folder per port, so engineers running e2e suites side by side don't clobber each other's build.
    command: `npm run prepare-assets && npx vite build --outDir dist-e2e-${PORT} --emptyOutDir && npx vite preview --outDir dist-e2e-${PORT} --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
});
