// The askpass helper and the UI talk over a Unix socket in the user's own 0700 runtime directory:
// one JSON line each way, then the connection closes. Secrets live only in memory and in this pipe.

/** What ssh asked, sent by the helper. */
export type AskpassRequest = {
	readonly tunnel: string;
	/** ssh's prompt, as ssh passed it (argv[1]) */
	readonly text: string;
	/** SSH_ASKPASS_PROMPT as ssh set it: `confirm` for a yes/no permission question */
	readonly hint: string;
};

/** A question ssh asked through the helper, waiting for the person. */
export type Prompt = {
	readonly id: number;
	/** the tunnel whose start asked it */
	readonly tunnel: string;
	/** ssh's own words, fingerprint included */
	readonly text: string;
	readonly kind: 'confirm' | 'secret';
};

/** The person's answer; `cancel` makes the helper exit 1, which ssh takes as no answer. */
export type AskpassReply = {readonly kind: 'answer'; readonly text: string} | {readonly kind: 'cancel'};

/**
 * A host-key question ("Are you sure you want to continue connecting (yes/no/[fingerprint])?") is a
 * confirmation: answered yes or no, echoed. Everything else (passwords, passphrases, codes) is secret.
 */
export function promptKind(request: Pick<AskpassRequest, 'text' | 'hint'>): 'confirm' | 'secret' {
	return request.hint === 'confirm' || /\(yes\/no[^)]*\)\?\s*$/.test(request.text) ? 'confirm' : 'secret';
}

/** Parses one line from the other side; anything malformed is undefined, never trusted. */
export function parseRequest(line: string): AskpassRequest | undefined {
	const value = parseObject(line);
	return value !== undefined && typeof value.tunnel === 'string' && typeof value.text === 'string' && typeof value.hint === 'string'
		? {tunnel: value.tunnel, text: value.text, hint: value.hint}
		: undefined;
}

export function parseReply(line: string): AskpassReply | undefined {
	const value = parseObject(line);
	if (value?.kind === 'answer' && typeof value.text === 'string') {
		return {kind: 'answer', text: value.text};
	}

	return value?.kind === 'cancel' ? {kind: 'cancel'} : undefined;
}

function parseObject(line: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(line);
		return typeof value === 'object' && value !== null ? value as Record<string, unknown> : undefined;
	} catch {
		return undefined;
	}
}
