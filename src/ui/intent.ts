// What keys ask for, shared by the keymap (keys.ts) and the list screen's keys (list-keys.ts).
import type {PruneItem} from '../core/prune.js';
import type {EditRequest} from '../profile/edit-request.js';
import type {UiEvent} from './model.js';

/** The part of Ink's `Key` the keymap reads. */
export type KeyPress = {
	readonly upArrow: boolean;
	readonly downArrow: boolean;
	readonly return: boolean;
	readonly escape: boolean;
	readonly backspace: boolean;
	readonly delete: boolean;
	readonly ctrl: boolean;
	readonly meta: boolean;
	readonly tab: boolean;
	readonly pageUp: boolean;
	readonly pageDown: boolean;
	readonly home: boolean;
	readonly end: boolean;
};

/** What a key asks for: a pure state change, or an operation that the controller carries out. */
export type Intent =
	| {readonly kind: 'event'; readonly event: UiEvent}
	| {readonly kind: 'start'; readonly name: string}
	| {readonly kind: 'stop'; readonly name: string}
	| {readonly kind: 'check'; readonly name: string}
	| {readonly kind: 'start-many'; readonly names: readonly string[]}
	| {readonly kind: 'stop-many'; readonly names: readonly string[]}
	| {readonly kind: 'copy'; readonly what: 'minimal' | 'exact'; readonly text: string}
	| {readonly kind: 'plan-prune'}
	| {readonly kind: 'execute-prune'; readonly items: readonly PruneItem[]}
	| {readonly kind: 'create-example'}
	| {readonly kind: 'import'; readonly line: string}
	/** d, R, D: one change to one tunnel of the profile, as `tunnels rm|rename` make it */
	| {readonly kind: 'change'; readonly name: string; readonly request: EditRequest}
	/** e: the editor on the profile at the tunnel, or on the whole file that does not validate (again: on the copy whose errors are shown) */
	| {readonly kind: 'edit'; readonly name: string | undefined; readonly again: boolean}
	/** the copy that did not validate is given up: the file stays as it was */
	| {readonly kind: 'discard-edit'}
	| {readonly kind: 'answer'; readonly id: number; readonly answer: string | undefined}
	| {readonly kind: 'set-watching'; readonly on: boolean}
	| {readonly kind: 'refresh'}
	| {readonly kind: 'suspend'}
	| {readonly kind: 'quit'};

export const event = (value: UiEvent): Intent => ({kind: 'event', event: value});
export const close = event({kind: 'close'});
