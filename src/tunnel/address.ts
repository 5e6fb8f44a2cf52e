/**
 * IP addresses in the one spelling the listeners are read in (net/listeners.ts): IPv4 as a dotted
 * quad, IPv6 lowercase and compressed (RFC 5952), IPv4-mapped IPv6 as `::ffff:a.b.c.d`. A bind
 * written `[0:0:0:0:0:0:0:1]` and a listener on `::1` are the same address only in this form.
 */

/** The canonical spelling of an IPv4 or IPv6 literal (a zone `%eth0` dropped); undefined when it is not one. */
export function canonicalAddress(text: string): string | undefined {
	const ipv4 = parseIpv4(text);
	if (ipv4 !== undefined) {
		return formatIpv4(ipv4);
	}

	const groups = parseIpv6(text.replace(/%[^%]+$/, ''));
	return groups === undefined ? undefined : formatIpv6(groups);
}

/** Four bytes from a strict dotted quad (what inet_pton takes: decimal, no leading zeros); anything else is a name to resolve. */
function parseIpv4(text: string): number[] | undefined {
	const parts = text.split('.');
	if (parts.length !== 4 || !parts.every(part => /^(0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255)) {
		return undefined;
	}

	return parts.map(Number);
}

/** Eight 16-bit groups, `::` and a trailing dotted quad allowed. */
function parseIpv6(text: string): number[] | undefined {
	if (!text.includes(':')) {
		return undefined;
	}

	const halves = text.split('::');
	if (halves.length > 2) {
		return undefined;
	}

	const parse = (half: string): number[] | undefined => {
		if (half === '') {
			return [];
		}

		const groups: number[] = [];
		const words = half.split(':');
		for (const [index, word] of words.entries()) {
			const quad = index === words.length - 1 ? parseIpv4(word) : undefined;
			if (quad !== undefined) {
				groups.push((quad[0]! << 8) | quad[1]!, (quad[2]! << 8) | quad[3]!);
			} else if (/^[\da-fA-F]{1,4}$/.test(word)) {
				groups.push(Number.parseInt(word, 16));
			} else {
				return undefined;
			}
		}

		return groups;
	};

	const head = parse(halves[0]!);
	const tail = halves.length === 2 ? parse(halves[1]!) : [];
	if (head === undefined || tail === undefined) {
		return undefined;
	}

	const missing = 8 - head.length - tail.length;
	if (halves.length === 2 ? missing < 1 : missing !== 0) {
		return undefined;
	}

	return [...head, ...Array.from({length: missing}, () => 0), ...tail];
}

export function formatIpv4(bytes: readonly number[]): string {
	return bytes.join('.');
}

/** RFC 5952: lowercase, no leading zeros, the longest run of two or more zero groups (the first on a tie) as `::`. */
export function formatIpv6(groups: readonly number[]): string {
	// RFC 5952 section 5: IPv4-mapped addresses keep the dotted quad, as Node's socket.address() does.
	if (groups.slice(0, 5).every(group => group === 0) && groups[5] === 0xffff) {
		const [high = 0, low = 0] = groups.slice(6);
		return `::ffff:${formatIpv4([high >>> 8, high & 0xff, low >>> 8, low & 0xff])}`;
	}

	let bestStart = -1;
	let bestLength = 1;
	for (let start = 0; start < groups.length; start++) {
		let length = 0;
		while (groups[start + length] === 0) length++;
		if (length > bestLength) [bestStart, bestLength] = [start, length];
	}

	const hex = groups.map(group => group.toString(16));
	if (bestStart < 0) return hex.join(':');
	return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
