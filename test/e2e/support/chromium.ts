import { chromium, type Browser, type Page } from 'playwright-core';

import { DEMO_OWNER } from '../../../scripts/n8n/harness';

/** Debian's Chromium (`npm test` installs it), headless, quiet: no sandbox, GPU, first-run or background traffic. */
export function launchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
}

/** Signs in to n8n's editor with the harness's demo owner and waits until n8n has let the page in. */
export async function signInToN8n(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/signin`);
	await page.locator('input[type="email"], input[name="emailOrLdapLoginId"]').first().fill(DEMO_OWNER.email);
	await page.locator('input[type="password"]').first().fill(DEMO_OWNER.password);
	await page.locator('button[type="submit"], [data-test-id="form-submit-button"]').first().click();
	await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 60_000 });
}
