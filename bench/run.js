// @ts-check
/** `npm run bench`: every benchmark, each printing its table. Timing goals live here, not in tests. */
const transport = require('./transport');

async function main() {
	await transport.main();
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
