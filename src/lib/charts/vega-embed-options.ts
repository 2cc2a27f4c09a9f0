/**
 * The one factory for vega-embed options. The AST interpreter evaluates Vega expressions without
 * `eval`/`new Function`, so charts work under the Content-Security-Policy; export actions are off.
 */
import type { EmbedOptions } from 'vega-embed';
import { expressionInterpreter } from 'vega-interpreter';

export function vegaEmbedOptions(): EmbedOptions {
	return { actions: false, renderer: 'svg', ast: true, expr: expressionInterpreter };
}
