import type {Prompt} from '../askpass/protocol.js';
import type {CheckStep} from '../core/check-step.js';
import type {ObservedTunnel, StrayTunnel} from '../core/observe.js';
import type {PruneItem, PruneOutcome} from '../core/prune.js';
import type {EditRequest} from '../profile/edit-request.js';
import type {WatchState} from '../watch/events.js';
import type {ReportLine} from '../present/up.js';

export type {Prompt} from '../askpass/protocol.js';

/** What the UI shows, read afresh on every refresh: the profile file is re-read each time. */
export type Snapshot =
	| {readonly kind: 'no-profile'; readonly path: string}
	| {readonly kind: 'invalid-profile'; readonly path: string; readonly message: string; readonly details: string | undefined}
	| {
		readonly kind: 'loaded';
		readonly path: string;
		readonly tunnels: readonly TunnelView[];
		readonly strays: readonly StrayTunnel[];
		/** whole lines, as `ls` prints them */
		readonly warnings: readonly string[];
		readonly at: Date;
	};

/** A tunnel (of the profile or the ssh config) as observed, with the command lines `print` gives for it. */
export type TunnelView = ObservedTunnel & {
	/** what `up` spawns, shell-quoted */
	readonly command: string;
	/** what a person would type */
	readonly minimal: string;
	/** where a read-only tunnel comes from (`~/.ssh/config:12`); empty for the profile's own */
	readonly source: string;
};

/** What a run of the editor (e) came to: done (saved, unchanged, or the editor failed), or a copy with errors. */
export type EditOutcome =
	| {readonly kind: 'done'; readonly report: ActionReport}
	| {readonly kind: 'invalid'; readonly lines: readonly string[]};

/** The outcome of an action on one tunnel, in the same words the CLI prints. */
export type ActionReport = {readonly ok: boolean; readonly lines: readonly ReportLine[]};

/**
 * Every operation the UI can ask for: the same core use cases the CLI calls. Built once by the
 * command that opens the UI (commands/ui.ts) and handed to the app; components never import effects.
 */
export type UiServices = {
	readonly load: () => Promise<Snapshot>;
	readonly start: (name: string) => Promise<ActionReport>;
	readonly stop: (name: string) => Promise<ActionReport>;
	readonly check: (name: string) => Promise<readonly CheckStep[]>;
	readonly planPrune: () => Promise<readonly PruneItem[]>;
	readonly executePrune: (items: readonly PruneItem[]) => Promise<readonly PruneOutcome[]>;
	/** writes the example profile file; fails when one exists */
	readonly createExample: () => Promise<ActionReport>;
	/** adds a tunnel from a pasted ssh command, as `tunnels import` does */
	readonly importCommand: (line: string) => Promise<ActionReport>;
	/** one change to one tunnel of the profile (d, R, D) with the checks `tunnels rm|rename` make */
	readonly change: (name: string, request: EditRequest) => Promise<ActionReport>;
	/** the editor on the profile at the tunnel, as `tunnels edit [NAME]` (the UI steps aside meanwhile); again: on the copy that did not validate */
	readonly edit: (name: string | undefined, again: boolean) => Promise<EditOutcome>;
	/** gives up the copy that did not validate */
	readonly discardEdit: () => Promise<void>;
	/** ssh's open questions: the listener gets the whole list whenever it changes; returns an unsubscribe */
	readonly onPrompts: (listener: (prompts: readonly Prompt[]) => void) => () => void;
	/** `undefined` cancels: ssh gets no answer and that start fails cleanly */
	readonly answerPrompt: (id: number, answer: string | undefined) => void;
	/** keeps the profile's `restart:` tunnels up while the UI is open, as `tunnels watch` does */
	readonly setWatching: (on: boolean) => Promise<ActionReport | undefined>;
	/** the watcher's state of each tunnel it keeps, whenever it changes; undefined while it is off */
	readonly onWatch: (listener: (states: readonly WatchState[] | undefined) => void) => () => void;
	/** a tunnel's log lines in the CLI's words (`tunnels logs`), again whenever lines are added; returns how to stop */
	readonly followLog: (name: string, listener: (lines: readonly string[]) => void) => () => void;
};
