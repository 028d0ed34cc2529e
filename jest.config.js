/** Two suites: `unit` (fast, Node 20 or 24, no n8n) and `e2e` (a real n8n 2.40.7 on Node 24). */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];

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
			displayName: 'e2e',
			testEnvironment: 'node',
			modulePathIgnorePatterns: ['<rootDir>/dist/'],
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
			setupFilesAfterEnv: ['<rootDir>/test/e2e/setup.ts'],
		},
	],
};
