// n8n's own rule set for a self-hosted community package (@n8n/node-cli's configWithoutCloudSupport,
// run by `n8n-node lint`), plus one rule of ours. Every rule switched off is listed in docs/lint.md.
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.n8n-run/**'] },
	...configWithoutCloudSupport,
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		rules: {
			// As n8n-nodes-base's default rules require: a parameter's default is readable where it is declared.
			'no-restricted-syntax': [
				'error',
				{
					selector:
						"ObjectExpression:has(> Property[key.name='displayName']) > Property[key.name='default']:not([value.type='Literal'], [value.type='ObjectExpression'], [value.type='ArrayExpression'], [value.type='UnaryExpression'], [value.type='TemplateLiteral'])",
					message: 'Write a parameter default as a literal (a test compares it with the constant the code uses).',
				},
			],
		},
	},
	{
		files: ['package.json'],
		rules: {
			// handlebars (templates) and zod (validation) are part of the design: the package is for self-hosted n8n.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{
		files: ['test/**/*.ts'],
		rules: {
			// The package's rules, not the tests': tests hold fake tokens for the look-alike server, build
			// Functions to check generated code, throw plain errors and print what a property run found.
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
			'no-console': 'off',
		},
	},
];
