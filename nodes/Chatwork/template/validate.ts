import { isSimpleName, walk } from './ast';
import { TemplateSyntaxError } from './errors';
import { BUILTIN_HELPERS, HELPERS, helperSpec, isCalledBare } from './helpers';
import { isTimeZone } from './helpers/date';
import type { Locate } from './position';

type Call = hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression;

const HELPER_NAMES = [...Object.keys(BUILTIN_HELPERS), ...Object.keys(HELPERS)].join(', ');

/**
 * Checks what Handlebars would only notice while rendering (or never): unknown helpers, helpers given
 * the wrong number of values, partials, an unknown `tz=`. Returns the names of the helpers in use.
 */
export function validateTemplate(program: hbs.AST.Program, locate: Locate): Set<string> {
	const used = new Set<string>();
	const fail = (node: hbs.AST.Node, reason: string): never => {
		const { line, column } = locate(node.loc.start.line, node.loc.start.column);
		throw new TemplateSyntaxError(reason, line, column);
	};

	walk(program, (node) => {
		switch (node.type) {
			case 'PartialStatement':
			case 'PartialBlockStatement':
				return fail(node, 'partials ({{> name}}) are not supported');
			case 'Decorator':
			case 'DecoratorBlock':
				return fail(node, 'decorators ({{* name}}) are not supported');
			case 'MustacheStatement':
			case 'BlockStatement':
			case 'SubExpression': {
				const name = helperCalled(node as Call);
				if (name === undefined) return;
				checkCall(node as Call, name, fail);
				used.add(name);
				return;
			}
		}
	});
	return used;
}

/** The helper a node calls, or undefined when it reads data (`{{company}}`, `{{#items}}…{{/items}}`). */
function helperCalled(call: Call): string | undefined {
	const path = call.path as hbs.AST.PathExpression | hbs.AST.Literal;
	const name = path.type === 'PathExpression' ? (path as hbs.AST.PathExpression).original : String((path as hbs.AST.StringLiteral).original);
	const bare = call.params.length === 0 && !call.hash;
	if (call.type === 'SubExpression' || !bare) return name;
	if (call.type === 'BlockStatement') return helperSpec(name) ? name : undefined;
	return isSimpleName(path) && isCalledBare(name) ? name : undefined;
}

function checkCall(call: Call, name: string, fail: (node: hbs.AST.Node, reason: string) => never): void {
	const spec = isSimpleName(call.path) ? helperSpec(name) : undefined;
	if (!spec) return fail(call, `unknown helper "${name}". Helpers: ${HELPER_NAMES}`);
	const asBlock = call.type === 'BlockStatement';
	const range = asBlock ? spec.block : spec.inline;
	if (!range) {
		return fail(call, asBlock ? `{{${name}}} cannot open a block; write ${spec.usage}` : `{{${name}}} is a block; write ${spec.usage}`);
	}
	const [min, max] = range;
	const count = call.params.length;
	if (count < min || count > max) {
		return fail(call, `{{${asBlock ? '#' : ''}${name}}} takes ${describeCount(min, max)}, not ${count}; e.g. ${spec.usage}`);
	}
	for (const pair of call.hash?.pairs ?? []) {
		if (!spec.hash?.includes(pair.key)) return fail(pair, `{{${name}}} has no option ${pair.key}=`);
		if (name === 'date' && pair.key === 'tz' && pair.value.type === 'StringLiteral') {
			const zone = (pair.value as hbs.AST.StringLiteral).value;
			if (!isTimeZone(zone)) return fail(pair.value, `unknown time zone "${zone}"; use a name such as Asia/Tokyo or UTC`);
		}
	}
	if (name === 'truncate') {
		const length = call.params[1];
		const valid =
			length.type === 'PathExpression' ||
			length.type === 'SubExpression' ||
			(length.type === 'NumberLiteral' && Number.isInteger((length as hbs.AST.NumberLiteral).value) && (length as hbs.AST.NumberLiteral).value >= 0);
		if (!valid) return fail(length, `the length of {{truncate}} must be a whole number, e.g. ${spec.usage}`);
	}
}

function describeCount(min: number, max: number): string {
	const values = (count: number) => `${count} value${count === 1 ? '' : 's'}`;
	if (min === max) return values(min);
	if (max === Infinity) return `at least ${values(min)}`;
	return `${min} to ${values(max)}`;
}
