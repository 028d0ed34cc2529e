/** Two suites: `unit` (fast, Node 20 or 24, no n8n) and `e2e` (a real n8n 2.40.7 on Node 24). */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];

module.exports = {
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			modulePathIgnorePatterns: ['<rootDir>/dist/'],
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
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
