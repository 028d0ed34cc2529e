import Handlebars from 'handlebars';

/** The parts of a Handlebars environment that compile a syntax tree (present on every instance, not in its typings). */
interface Compilers {
	Compiler: new () => { compile(program: hbs.AST.Program, options: CompileOptions): unknown };
	JavaScriptCompiler: new () => {
		compile(environment: unknown, options: CompileOptions, context: undefined, asObject: true): TemplateSpecification;
	};
}

export type TemplateHelper = (...args: never[]) => unknown;

/**
 * Helpers Handlebars itself relies on: the fallbacks for `{{#section}}…{{/section}}` on data (a list
 * section calls `each`) and `if` (which `unless` calls). Every other helper is registered only when used.
 */
const ALWAYS_REGISTERED = new Set(['helperMissing', 'blockHelperMissing', 'each', 'if']);

/**
 * Compiles a (rewritten) syntax tree now, in a Handlebars environment of its own: other n8n nodes in
 * the same process share the global Handlebars, so its helpers and settings are never touched.
 */
export function compileProgram(
	program: hbs.AST.Program,
	helpers: Record<string, TemplateHelper>,
	helpersUsed: ReadonlySet<string>,
): Handlebars.TemplateDelegate {
	const environment = Handlebars.create();
	const knownHelpers: Record<string, boolean> = {};
	// Handlebars wraps every registered helper on every render: fewer helpers, faster renders (and no `log`).
	for (const name of Object.keys(environment.helpers)) {
		knownHelpers[name] = ALWAYS_REGISTERED.has(name) || helpersUsed.has(name);
		if (!knownHelpers[name]) environment.unregisterHelper(name);
	}
	for (const name of Object.keys(helpers)) knownHelpers[name] = true;
	environment.registerHelper(helpers as unknown as Handlebars.HelperDeclareSpec);
	const options: CompileOptions = {
		data: true,
		// Chatwork messages are plain text: `&`, `<`, `"` stay as typed.
		noEscape: true,
		knownHelpers,
	};
	const { Compiler, JavaScriptCompiler } = environment as unknown as Compilers;
	const compiled = new Compiler().compile(program, options);
	return environment.template(new JavaScriptCompiler().compile(compiled, options, undefined, true));
}

/** No template may read inherited properties such as `constructor` or `__proto__` (set explicitly, so nothing is logged). */
export const RUNTIME_OPTIONS: Readonly<Handlebars.RuntimeOptions> = Object.freeze({
	allowProtoPropertiesByDefault: false,
	allowProtoMethodsByDefault: false,
	allowCallsToHelperMissing: false,
});
