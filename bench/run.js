// @ts-check
/**
 * `npm run bench`: every benchmark, each printing its table. Timing goals live here, not in tests.
 * BENCH_ONLY=transport, BENCH_ONLY=textPattern or BENCH_ONLY=n8n runs one of them.
 */
const transport = require('./transport');
const textPattern = require('./textPattern');
const n8n = require('./n8n');

async function main() {
	const only = process.env.BENCH_ONLY;
	if (!only || only === 'transport') await transport.main();
	if (!only || only === 'textPattern') await textPattern.main();
	if (!only || only === 'n8n') await n8n.main();
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
