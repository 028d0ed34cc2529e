import type { DeliveryOutcome, DeliveryState } from '../../transport/delivery';

/** One part of a message as the history item records it: where it is in the room, or why not. */
export interface PartRecord {
	messageId: string | null;
	delivery: DeliveryState;
	error?: string;
}

/** From best to worst: the item's delivery is its worst part's. */
const RANK: DeliveryState[] = ['delivered', 'confirmed', 'not_sent', 'unknown', 'failed'];

export function worstDelivery(parts: PartRecord[]): DeliveryState {
	return parts.reduce<DeliveryState>((worst, part) => (RANK.indexOf(part.delivery) > RANK.indexOf(worst) ? part.delivery : worst), 'delivered');
}

/** Each part's outcome: the accepted ones in order, then the one that ended the job, then those never tried. */
export function partsFromOutcome(outcome: DeliveryOutcome, count: number): PartRecord[] {
	const accepted = outcome.responses.slice(0, outcome.settled.length);
	return Array.from({ length: count }, (_, index): PartRecord => {
		if (index < accepted.length) {
			const id = (accepted[index].body as { message_id?: unknown } | null)?.message_id;
			return { messageId: id === undefined || id === null ? null : String(id), delivery: outcome.settled[index] };
		}
		if (index === accepted.length && outcome.error) {
			return { messageId: null, delivery: outcome.error.delivery, error: outcome.error.message };
		}
		return { messageId: null, delivery: 'not_sent', error: 'Not sent: an earlier part did not get through.' };
	});
}

/** The parts as a flat row stores them (one text field), and back; anything unreadable is no record. */
export function partsText(parts: PartRecord[] | undefined): string | null {
	return parts && parts.length > 1 ? JSON.stringify(parts) : null;
}

export function readParts(value: unknown): PartRecord[] | undefined {
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			return undefined;
		}
	}
	if (!Array.isArray(parsed)) return undefined;
	const parts: PartRecord[] = [];
	for (const entry of parsed) {
		if (entry === null || typeof entry !== 'object') return undefined;
		const { messageId, delivery } = entry as { messageId?: unknown; delivery?: unknown };
		if (typeof delivery !== 'string' || !RANK.includes(delivery as DeliveryState)) return undefined;
		parts.push({ messageId: typeof messageId === 'string' && messageId !== '' ? messageId : null, delivery: delivery as DeliveryState });
	}
	return parts;
}
