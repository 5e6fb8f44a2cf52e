import type {PruneItem, PruneOutcome} from '../core/prune.js';

/** The screen over the list: at most one at a time; prompts from ssh come before all of them. */
export type Overlay =
	| {readonly kind: 'none'}
	| {readonly kind: 'help'}
	| {readonly kind: 'filter'}
	| {readonly kind: 'bulk'; readonly action: 'start' | 'stop'; readonly names: readonly string[]}
	/** the tunnel's log, following */
	| {readonly kind: 'log'; readonly name: string}
	| {readonly kind: 'add'; readonly text: string}
	/** d: remove a tunnel from the profile, after a confirm; a running one is stopped first */
	| {readonly kind: 'remove'; readonly name: string; readonly running: boolean}
	/** R: the tunnel's new name, prefilled with the old one */
	| {readonly kind: 'rename'; readonly name: string; readonly text: string}
	/** e: the edited copy did not validate; its errors, and the offer to edit it again */
	| {readonly kind: 'edit-invalid'; readonly name: string | undefined; readonly lines: readonly string[]}
	| {readonly kind: 'prune'; readonly plan: 'loading' | readonly PruneItem[]}
	| {readonly kind: 'pruned'; readonly outcomes: readonly PruneOutcome[]};
