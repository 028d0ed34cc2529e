import type { RejectionCode } from '../rejection';
import type { Language } from '../settings';

/** Every refusal as the submitter reads it, in Japanese and English; field-level wording is in fieldErrors.ts. */
type Catalog = Record<RejectionCode, (detail: string) => string>;

const ja: Catalog = {
	unsupported_media_type: () =>
		'Content-Type は application/json、application/x-www-form-urlencoded、multipart/form-data のいずれかにしてください。',
	unsupported_charset: () =>
		'文字コードは UTF-8 で送信してください（フォームは Shift_JIS、EUC-JP、ISO-2022-JP も可）。',
	unsupported_content_encoding: () => 'Content-Encoding には対応していません。圧縮せずに送信してください。',
	payload_too_large: (limit) => `送信データが大きすぎます（上限 ${limit}）。`,
	file_too_large: (limit) => `ファイルが大きすぎます（1 ファイルの上限 ${limit}）。`,
	too_many_fields: (limit) => `項目が多すぎます（上限 ${limit} 項目）。`,
	too_many_files: (limit) => `ファイルが多すぎます（上限 ${limit} 個）。`,
	malformed_json: () => 'JSON の形式が正しくありません。',
	malformed_form: () => 'フォームデータの形式が正しくありません。',
	json_not_object: () => 'JSON はオブジェクト（{ ... }）で送信してください。',
	invalid_utf8: () => 'UTF-8 として正しくない文字が含まれています。',
	invalid_encoding: (encoding) => `${encoding} として正しくない文字が含まれています。`,
	form_encoding_required: (encoding) =>
		`${encoding} のフォームを受け付けるには、受信側のトリガーで Form Encoding オプションの設定が必要です。`,
	multipart_not_utf8: (encoding) =>
		`${encoding} のマルチパート形式（multipart/form-data）のフォームは受け付けられません。UTF-8 で送信するか、URL エンコード形式で送信してください。`,
	forbidden_field_name: (name) => `使用できない項目名です: ${name}`,
	field_name_too_long: (limit) => `項目名が長すぎます（上限 ${limit} 文字）。`,
	too_deeply_nested: (limit) => `データの入れ子が深すぎます（上限 ${limit} 階層）。`,
	body_unreadable: () => '送信データを最後まで受信できませんでした。',
	invalid_fields: () => '入力内容に誤りがあります。',
	auth_missing: () => '認証情報がありません。',
	auth_failed: () => '認証に失敗しました。',
	signature_needs_raw_body: () =>
		'署名を検証できません。HMAC 署名付きのリクエストは JSON または URL エンコード形式で送信してください。',
	origin_not_allowed: () => 'この送信元（Origin）からの送信は許可されていません。',
	not_found: () => 'ページが見つかりません。',
	not_stored: () => 'ただいま送信を受け付けられませんでした。しばらくしてからもう一度送信してください。',
};

const en: Catalog = {
	unsupported_media_type: () =>
		'Send application/json, application/x-www-form-urlencoded or multipart/form-data.',
	unsupported_charset: () =>
		'Send the body encoded as UTF-8 (forms may also be Shift_JIS, EUC-JP or ISO-2022-JP).',
	unsupported_content_encoding: () => 'Content-Encoding is not supported; send the body uncompressed.',
	payload_too_large: (limit) => `The request body is too large (limit ${limit}).`,
	file_too_large: (limit) => `A file is too large (limit ${limit} per file).`,
	too_many_fields: (limit) => `Too many fields (limit ${limit}).`,
	too_many_files: (limit) => `Too many files (limit ${limit}).`,
	malformed_json: () => 'The body is not valid JSON.',
	malformed_form: () => 'The form data is malformed.',
	json_not_object: () => 'The JSON body must be an object ({ ... }).',
	invalid_utf8: () => 'The body contains bytes that are not valid UTF-8.',
	invalid_encoding: (encoding) => `The body contains bytes that are not valid ${encoding}.`,
	form_encoding_required: (encoding) =>
		`This webhook reads ${encoding} forms only when its Form Encoding option is set.`,
	multipart_not_utf8: (encoding) =>
		`This webhook reads multipart forms only in UTF-8: send this ${encoding} form URL-encoded (without multipart/form-data) or in UTF-8.`,
	forbidden_field_name: (name) => `This field name is not allowed: ${name}`,
	field_name_too_long: (limit) => `A field name is too long (limit ${limit} characters).`,
	too_deeply_nested: (limit) => `The data is nested too deeply (limit ${limit} levels).`,
	body_unreadable: () => 'The request body could not be read completely.',
	invalid_fields: () => 'Some fields are invalid.',
	auth_missing: () => 'Authentication is required.',
	auth_failed: () => 'Authentication failed.',
	signature_needs_raw_body: () =>
		'The signature cannot be checked: send signed requests as JSON or URL-encoded form data.',
	origin_not_allowed: () => 'Submissions from this origin are not allowed.',
	not_found: () => 'Not found.',
	not_stored: () => 'The submission could not be received just now. Please send it again in a minute.',
};

export function rejectionMessage(language: Language, code: RejectionCode, detail = ''): string {
	return (language === 'en' ? en : ja)[code](detail);
}

/** Texts of the pages the trigger serves (thank-you, error, test form). */
export const pageText = {
	ja: {
		thankYouTitle: '送信ありがとうございました',
		thankYouMessage: 'お問い合わせを受け付けました。担当者よりご連絡いたします。',
		errorTitle: '送信できませんでした',
		back: '戻って入力内容をご確認ください。',
		testFormTitle: 'SATORI Webhook Trigger テストフォーム',
		submit: '送信',
		required: '必須',
		authNotice: 'このトリガーは認証が必要です。このフォームからの送信は認証に失敗します（Basic 認証を除く）。',
		putNotice: 'HTTP メソッドが PUT のため、ブラウザのフォームからは送信できません。',
	},
	en: {
		thankYouTitle: 'Thank you',
		thankYouMessage: 'Your submission has been received.',
		errorTitle: 'Your submission could not be sent',
		back: 'Please go back and check what you entered.',
		testFormTitle: 'SATORI Webhook Trigger test form',
		submit: 'Send',
		required: 'required',
		authNotice:
			'This trigger requires authentication; submissions from this page will be refused (except with Basic auth).',
		putNotice: 'The HTTP method is PUT, which a browser form cannot send.',
	},
} as const;
