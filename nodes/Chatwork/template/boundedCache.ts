/**
 * A Map that forgets its oldest entry once it holds `capacity` entries: the template's caches are
 * keyed by text that can come from the data, so none may grow for the life of the n8n process.
 */
export class BoundedCache<K, V> {
	private readonly entries = new Map<K, V>();

	constructor(private readonly capacity: number) {}

	get size(): number {
		return this.entries.size;
	}

	get(key: K): V | undefined {
		return this.entries.get(key);
	}

	set(key: K, value: V): V {
		if (this.entries.size >= this.capacity && !this.entries.has(key)) {
			this.entries.delete(this.entries.keys().next().value as K);
		}
		this.entries.set(key, value);
		return value;
	}
}
