import { walk } from './ast';

/** SATORI writes form fields as `{{params:company}}` and customer fields as `{{custom:company}}`. */
const SATORI_PREFIX = /^(?:params|custom):/;

/** Reads `{{params:company}}` and `{{custom:company}}` as `{{company}}`, anywhere in the template. */
export function readSatoriVariables(program: hbs.AST.Program): void {
	walk(program, (node) => {
		if (node.type !== 'PathExpression') return;
		const path = node as hbs.AST.PathExpression;
		if (!path.parts.some((part) => SATORI_PREFIX.test(part))) return;
		path.parts = path.parts.map((part) => part.replace(SATORI_PREFIX, ''));
		path.original = path.original.replace(/(^|[./@])(?:params|custom):/g, '$1');
	});
}
