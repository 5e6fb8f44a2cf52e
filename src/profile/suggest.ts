// "Did you mean …?" for names a person types: tunnel names, tags, commands, keys, enum values.

/**
 * The known word nearest to `word`, when it is near enough to be a slip of the fingers: at most one
 * edit for words up to 4 characters, two up to 11, then a fifth of the length; a swap of two
 * neighbours (`mian` for `main`) counts as one edit. Case is ignored. Ties go to the first candidate.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
	const limit = word.length <= 4 ? 1 : Math.max(2, Math.floor(word.length / 5));
	let best: {candidate: string; distance: number} | undefined;
	for (const candidate of candidates) {
		const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
		if (distance <= limit && distance < word.length && (best === undefined || distance < best.distance)) {
			best = {candidate, distance};
		}
	}

	return best?.candidate;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
export function editDistance(a: string, b: string): number {
	// Three rows: the one before the previous is what a swap looks back to.
	let beforePrevious: number[] = [];
	let previous = Array.from({length: b.length + 1}, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
			let distance = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
				distance = Math.min(distance, (beforePrevious[j - 2] ?? 0) + 1);
			}

			current[j] = distance;
		}

		beforePrevious = previous;
		previous = current;
	}

	return previous[b.length] ?? 0;
}

/** The hint after an unknown word: the near one, or else the list of known ones (up to `listed`). */
export function suggestionHint(word: string, known: readonly string[], what: string, listed = 20): string | undefined {
	const match = closest(word, known);
	if (match !== undefined) {
		return `did you mean \`${match}\`?`;
	}

	if (known.length === 0) {
		return undefined;
	}

	const shown = known.slice(0, listed).join(', ');
	return `${what}: ${shown}${known.length > listed ? `, … (${known.length - listed} more)` : ''}`;
}
