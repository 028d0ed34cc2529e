import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`npm test` installs it), headless, quiet: no sandbox, GPU, first-run or background traffic. */
export function launchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
}
