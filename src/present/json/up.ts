// `tunnels up --json`: each result as the core returns it, with the name first; only the cause of an
// unknown server binding is written as the sentence it has always been.
import type {RemoteBinding} from '../../core/remote-binding.js';
import type {UpResult} from '../../core/up.js';
import type {Forward} from '../../profile/types.js';
import {describeBindingUnknown} from '../remote-binding.js';

export type RemoteBindingJson = Exclude<RemoteBinding, {readonly kind: 'unknown'}> | {readonly kind: 'unknown'; readonly why: string};

export type UpResultJson = {readonly name: string} & (
	| Exclude<UpResult, {readonly kind: 'started'}>
	| (Omit<Extract<UpResult, {kind: 'started'}>, 'remoteBindings'> & {readonly remoteBindings: ReadonlyArray<{readonly forward: Forward; readonly binding: RemoteBindingJson}>})
);

export function upResultJson(name: string, result: UpResult): UpResultJson {
	return result.kind === 'started'
		? {name, ...result, remoteBindings: result.remoteBindings.map(({forward, binding}) => ({forward, binding: remoteBindingJson(binding)}))}
		: {name, ...result};
}

function remoteBindingJson(binding: RemoteBinding): RemoteBindingJson {
	return binding.kind === 'unknown' ? {kind: 'unknown', why: describeBindingUnknown(binding.why)} : binding;
}
