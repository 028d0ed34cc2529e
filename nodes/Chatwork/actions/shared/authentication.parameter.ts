import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import type { ChatworkAuthentication } from '../../../shared/chatwork/types';

/** The node's Authentication parameter (in Chatwork.node.ts), read in an execution or a picker. */
export function readAuthentication(ctx: IExecuteFunctions | ILoadOptionsFunctions): ChatworkAuthentication {
	const value =
		'getCurrentNodeParameter' in ctx
			? (ctx.getCurrentNodeParameter('authentication') ?? ctx.getNodeParameter('authentication', 'apiToken'))
			: ctx.getNodeParameter('authentication', 0, 'apiToken');
	return value === 'oAuth2' ? 'oAuth2' : 'apiToken';
}
