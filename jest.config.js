/**
 * Suites: `unit` (Node 20 or 24, no n8n), `e2e` (a real n8n 2.40.7 on Node 24), and `quick`: the unit
 * tests as an inner loop (npm run test:quick), transpiled without type-checking (tsc checks types)
 * and with at most 15 generated cases per property (test/support/quickFastCheck.js).
 */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];
const tsJestQuick = ['ts-jest', { tsconfig: 'tsconfig.test.json', isolatedModules: true }];

// scripts/compat.js: the unit tests against another n8n-core / n8n-workflow pair, installed elsewhere.
const compat = process.env.N8N_COMPAT_MODULES;
const compatModules = compat
	? { '^n8n-workflow$': `${compat}/n8n-workflow`, '^n8n-core$': `${compat}/n8n-core` }
	: {};

module.exports = {
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			modulePathIgnorePatterns: ['<rootDir>/dist/'],
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
			moduleNameMapper: compatModules,
		},
		{
			displayName: 'quick',
			testEnvironment: 'node',
			modulePathIgnorePatterns: ['<rootDir>/dist/'],
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJestQuick },
			moduleNameMapper: { ...compatModules, '^fast-check$': '<rootDir>/test/support/quickFastCheck.js' },
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			modulePathIgnorePatterns: ['<rootDir>/dist/'],
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
			setupFilesAfterEnv: ['<rootDir>/test/e2e/setup.ts'],
		},
	],
};
