// Reading back what `tunnels service install` and `tunnels export` write, the way their managers
// read it: systemd's ExecStart= and Environment= words (systemd.service(5), "Command lines") and a
// launchd property list (a strict walk of the plist XML subset: no python or plutil needed).

/** The words of one ExecStart= (or quoted Environment=) value: double quotes, C escapes, `%%` and `$$` doubled. */
export function systemdWords(value: string): string[] {
	const words: string[] = [];
	let index = 0;
	const next = () => value[index++]!;
	while (index < value.length) {
		if (value[index] === ' ') {
			index++;
			continue;
		}

		let word = '';
		const quoted = value[index] === '"';
		if (quoted) {
			index++;
		}

		while (index < value.length && (quoted ? value[index] !== '"' : value[index] !== ' ')) {
			const char = next();
			if (char === '\\') {
				word += next();
			} else if ((char === '%' || char === '$') && value[index] === char) {
				index++;
				word += char;
			} else if (char === '%' || char === '$') {
				throw new Error(`an unescaped ${char} in ${value}: systemd would expand it`);
			} else {
				word += char;
			}
		}

		if (quoted) {
			if (value[index] !== '"') {
				throw new Error(`an unterminated quote in ${value}`);
			}

			index++;
		}

		words.push(word);
	}

	return words;
}

/** The values of a key in a unit file's lines (`ExecStart`, `Environment`, …), in order. */
export function unitValues(unit: string, key: string): string[] {
	return unit.split('\n').filter(line => line.startsWith(`${key}=`)).map(line => line.slice(key.length + 1));
}

/** A plist value as plain data: dict → object, array → array, string → string, true/false → boolean. */
export type PlistValue = string | boolean | PlistValue[] | {[key: string]: PlistValue};

/** Parses a property list (XML), refusing anything outside the subset a LaunchAgent uses: a tag out of place, an unknown entity, text between elements. */
export function parsePlist(xml: string): PlistValue {
	const body = xml
		.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '')
		.replace(/^<!DOCTYPE plist PUBLIC "-\/\/Apple\/\/DTD PLIST 1\.0\/\/EN" "http:\/\/www\.apple\.com\/DTDs\/PropertyList-1\.0\.dtd">\n/, '');
	const all = [...body.matchAll(/<[^>]*>|[^<]+/g)].map(match => match[0]);
	// Indentation between elements is not data; inside <string> and <key> everything is.
	const tokens = all.filter((token, index) => token.startsWith('<') || token.trim() !== '' || ['<string>', '<key>'].includes(all[index - 1]!));
	let at = 0;
	const take = (expected?: string) => {
		const token = tokens[at++];
		if (token === undefined || (expected !== undefined && token !== expected)) {
			throw new Error(`expected ${expected ?? 'more'} at token ${at - 1}, found ${token}`);
		}

		return token;
	};

	const text = (): string => {
		const token = tokens[at];
		if (token === undefined || token.startsWith('<')) {
			return '';
		}

		at++;
		if (/&(?!amp;|lt;|gt;)/.test(token)) {
			throw new Error(`an unknown entity in ${token}`);
		}

		return token.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
	};

	const value = (): PlistValue => {
		const open = take();
		switch (open) {
			case '<string>': {
				const content = text();
				take('</string>');
				return content;
			}

			case '<true/>': {
				return true;
			}

			case '<false/>': {
				return false;
			}

			case '<array>': {
				const items: PlistValue[] = [];
				while (tokens[at] !== '</array>') {
					items.push(value());
				}

				take('</array>');
				return items;
			}

			case '<dict>': {
				const entries: Record<string, PlistValue> = {};
				while (tokens[at] !== '</dict>') {
					take('<key>');
					const key = text();
					take('</key>');
					if (key in entries) {
						throw new Error(`key ${key} twice`);
					}

					entries[key] = value();
				}

				take('</dict>');
				return entries;
			}

			default: {
				throw new Error(`unexpected ${open}`);
			}
		}
	};

	take('<plist version="1.0">');
	const root = value();
	take('</plist>');
	if (at !== tokens.length) {
		throw new Error(`text after </plist>: ${tokens.slice(at).join('')}`);
	}

	return root;
}
