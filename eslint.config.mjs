// The rule set of @n8n/node-cli's lint (ESLint and typescript-eslint recommended on every .ts file,
// n8n's community-node rules on the package), with the strict `recommended` community config.
// eslint-plugin-n8n-nodes-base is not installed; its parameter rules are checked on the real node
// descriptions by test/unit/package/nodeConventions.test.ts, and literal defaults here.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.n8n-run/**'] },
	{
		files: ['**/*.ts'],
		extends: [eslint.configs.recommended, tseslint.configs.recommended],
		rules: {
			// As in @n8n/node-cli: spreading is not always the clearer form.
			'prefer-spread': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
		...n8nCommunityNodesPlugin.configs.recommended,
	},
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
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
		rules: {
			// This package is for self-hosted n8n (README "n8n Cloud"): these three rules exist for n8n Cloud.
			// It needs handlebars (templates) and zod (validation) at run time.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
			// It imports handlebars, and Node's http and fs/promises types for the trigger's request and uploads.
			'@n8n/community-nodes/no-restricted-imports': 'off',
			// Its pacing needs cancellable timers and yielding (setTimeout, setImmediate), and process.env for the test time scale.
			'@n8n/community-nodes/no-restricted-globals': 'off',
		},
	},
	{
		files: ['package.json'],
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
);
