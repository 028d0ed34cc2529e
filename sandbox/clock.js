// @ts-check
'use strict';

const { performance } = require('node:perf_hooks');

/**
 * A clock that runs `1 / timeScale` times faster than real time and can be pushed
 * forward by hand, so a 10 s rate-limit window can pass in 10 ms of a test.
 *
 * virtual now = start + realElapsed / timeScale + advanced
 *
 * @param {{ timeScale?: number, start?: number }} [options]
 *   timeScale: real ms per virtual ms (1 = real time, 0.001 = 1000x faster,
 *   Infinity = frozen: only advance() moves it). start: virtual epoch ms at creation.
 * @returns {import('./index').VirtualClock}
 */
function createVirtualClock(options = {}) {
	const timeScale = options.timeScale ?? 1;
	if (!(typeof timeScale === 'number' && timeScale > 0)) {
		throw new RangeError(`timeScale must be a number > 0 (Infinity freezes the clock), got ${timeScale}`);
	}
	const start = options.start ?? Date.now();
	const realStart = performance.now();
	let advanced = 0;

	return {
		timeScale,
		now() {
			return Math.floor(start + (performance.now() - realStart) / timeScale + advanced);
		},
		advance(ms) {
			if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError(`advance(ms) needs a finite ms >= 0, got ${ms}`);
			advanced += ms;
		},
		toRealMs(virtualMs) {
			return timeScale === Infinity ? Infinity : virtualMs * timeScale;
		},
		sleep(virtualMs) {
			// A frozen clock would never get there by waiting, so it is moved by hand.
			if (timeScale === Infinity) {
				advanced += Math.max(0, virtualMs);
				return Promise.resolve();
			}
			return new Promise((resolve) => setTimeout(resolve, Math.max(0, virtualMs * timeScale)));
		},
	};
}

module.exports = { createVirtualClock };
