// What keys ask for, shared by the keymap (keys.ts) and the list screen's keys (list-keys.ts).
import type {PruneItem} from '../core/prune.js';
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
	| {readonly kind: 'answer'; readonly id: number; readonly answer: string | undefined}
	| {readonly kind: 'set-watching'; readonly on: boolean}
	| {readonly kind: 'refresh'}
	| {readonly kind: 'suspend'}
	| {readonly kind: 'quit'};

export const event = (value: UiEvent): Intent => ({kind: 'event', event: value});
export const close = event({kind: 'close'});
