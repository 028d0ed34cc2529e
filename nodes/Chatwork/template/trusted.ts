/**
 * Text that may contain real Chatwork notation: what the cw_* helpers and `raw` return. Anything
 * else that reaches the output is data and goes through notation safety.
 */
export class TrustedText {
	constructor(readonly text: string) {}

	toString(): string {
		return this.text;
	}
}
