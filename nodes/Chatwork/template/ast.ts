// Reading Handlebars' syntax tree.

type Node = hbs.AST.Node;

/** The fields mustaches, blocks, sub-expressions, partials and decorators may have. */
interface CallLike extends Node {
	path?: Node;
	name?: Node;
	params?: Node[];
	hash?: Node;
	program?: Node;
	inverse?: Node;
}

/** The expressions and programs directly inside a node, in source order. */
export function childrenOf(node: Node): Node[] {
	const children: Node[] = [];
	const add = (child: Node | undefined | null) => {
		if (child) children.push(child);
	};
	switch (node.type) {
		case 'Program':
			children.push(...(node as hbs.AST.Program).body);
			break;
		case 'MustacheStatement':
		case 'Decorator':
		case 'SubExpression':
		case 'BlockStatement':
		case 'DecoratorBlock':
		case 'PartialStatement':
		case 'PartialBlockStatement': {
			const call = node as CallLike;
			add(call.path ?? call.name);
			(call.params ?? []).forEach(add);
			add(call.hash);
			add(call.program);
			add(call.inverse);
			break;
		}
		case 'Hash':
			(node as hbs.AST.Hash).pairs.forEach((pair) => add(pair.value));
			break;
	}
	return children;
}

/** Calls `visit` on every node of the tree, parents before children. */
export function walk(node: Node, visit: (node: Node) => void): void {
	visit(node);
	for (const child of childrenOf(node)) walk(child, visit);
}

/** `name`, not `a.b`, `../name`, `@index` or `this.name`: the only form a helper can be called by. */
export function isSimpleName(path: Node): boolean {
	if (path.type !== 'PathExpression') return false;
	const { parts, depth, data, original } = path as hbs.AST.PathExpression;
	return parts.length === 1 && depth === 0 && !data && !/^\.|this\b/.test(original);
}
