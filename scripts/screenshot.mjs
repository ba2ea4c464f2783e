// Take a screenshot of the running app: node scripts/screenshot.mjs URL OUT.png [waitForReady]
import { chromium } from '@playwright/test';
const [url = 'http://localhost:5173/', out = '/tmp/shot.png'] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
page.on('console', (m) => console.log('[console]', m.type(), m.text()));
page.on('pageerror', (e) => console.log('[pageerror]', e.message));
await page.goto(url);
try { await page.getByTestId("status").filter({ hasText: "ready" }).waitFor({ timeout: Number(process.env.READY || 40000) }); } catch (e) { console.log("not ready", e.message.split("\n")[0]); }
await page.waitForTimeout(Number(process.env.WAIT || 1500));
console.log('status:', await page.getByTestId('status').textContent({timeout: 2000}).catch(() => 'none'));
await page.screenshot({ path: out });
await browser.close();
