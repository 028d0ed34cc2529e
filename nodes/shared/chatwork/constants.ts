/** Where Chatwork's API v2 lives; a credential's Base URL replaces it for a proxy or a sandbox. */
export const CHATWORK_DEFAULT_BASE_URL = 'https://api.chatwork.com/v2';

/** The header Chatwork reads the API token from. */
export const CHATWORK_TOKEN_HEADER = 'X-ChatWorkToken';

/** The credential types, by n8n name: the API token and the OAuth2 sign-in. */
export const API_TOKEN_CREDENTIAL_TYPE = 'chatworkApi';
export const SIGN_IN_CREDENTIAL_TYPE = 'chatworkOAuth2Api';

/**
 * The most of an answer that is read, after decompression. Chatwork's largest answers (100 messages
 * of up to 65,535 characters, or a long room list) stay well below 1 MiB of JSON; 4 MiB leaves room
 * for that with margin while a gzip bomb or an endless body stops long before it costs memory.
 */
export const MAX_ANSWER_BYTES = 4 * 1024 * 1024;
