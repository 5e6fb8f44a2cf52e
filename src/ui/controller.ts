import {useEffect, useMemo, useRef, type Dispatch} from 'react';
import type {Intent} from './keys.js';
import type {UiEvent} from './model.js';
import {startRefresher, type Refresher} from './refresher.js';
import type {ActionReport, UiServices} from './services.js';

export type ControllerOptions = {
	readonly refreshMs: number;
	/** puts text on the clipboard (OSC 52 on the UI's terminal) */
	readonly copy: (text: string) => void;
	readonly exit: () => void;
	/** Ctrl-Z: gives the terminal back to the shell until it continues the UI */
	readonly suspend: () => void;
	/** gives the terminal to `work` (an editor) and takes it back when it is done */
	readonly stepAside: <T>(work: () => Promise<T>) => Promise<T>;
};

/**
 * Owns everything that happens over time: the refresh loop, ssh's prompts, and the operations that
 * keys ask for. Returns the function that carries out an intent; the reducer sees only events.
 */
export function useController(services: UiServices, dispatch: Dispatch<UiEvent>, options: ControllerOptions): (intent: Intent) => void {
	const refresher = useRef<Refresher | undefined>(undefined);
	// Which tunnel each open question is for, and the starts whose question the person cancelled:
	// ssh then fails for want of an answer, and that failure is the person's cancel, not a fault.
	const asking = useRef(new Map<number, string>());
	const cancelled = useRef(new Set<string>());
	useEffect(() => {
		const load = async (): Promise<UiEvent> => services.load().then(
			(snapshot): UiEvent => ({kind: 'loaded', snapshot}),
			(error: unknown): UiEvent => ({kind: 'message', message: bug(error)}),
		);
		refresher.current = startRefresher(load, dispatch, options.refreshMs);
		const unsubscribe = [
			services.onPrompts(prompts => {
				asking.current = new Map(prompts.map(prompt => [prompt.id, prompt.tunnel]));
				dispatch({kind: 'prompts', prompts});
			}),
			services.onWatch(states => dispatch({kind: 'watch', states})),
		];
		return () => {
			refresher.current?.stop();
			for (const stop of unsubscribe) stop();
		};
	}, [services, dispatch, options.refreshMs]);

	return useMemo(() => {
		const refresh = () => refresher.current?.now();
		// An action's result comes back as an event, then the state is read again: what ssh did is
		// confirmed by observation, not assumed.
		const act = (work: Promise<UiEvent>, failed = (report: ActionReport): UiEvent => ({kind: 'message', message: report})) => {
			void work.catch((error: unknown) => failed(bug(error))).then(event => {
				dispatch(event);
				refresh();
			});
		};

		return (intent: Intent) => {
			switch (intent.kind) {
				case 'event': {
					dispatch(intent.event);
					return;
				}

				case 'start':
				case 'stop': {
					const {name} = intent;
					dispatch({kind: 'busy', name, busy: intent.kind === 'start' ? 'starting' : 'stopping'});
					cancelled.current.delete(name);
					act((intent.kind === 'start' ? services.start(name) : services.stop(name)).then(report => ({kind: 'reported', name, report: cancelled.current.delete(name) && !report.ok ? startCancelled(name) : report})), report => ({kind: 'reported', name, report}));
					return;
				}

				case 'check': {
					const {name} = intent;
					dispatch({kind: 'busy', name, busy: 'checking'});
					act(services.check(name).then(steps => ({kind: 'checked', name, steps})), report => ({kind: 'reported', name, report}));
					return;
				}

				case 'copy': {
					options.copy(intent.text);
					dispatch({kind: 'message', message: {ok: true, lines: [{level: 'info', text: `copied the ${intent.what} command (OSC 52): ${intent.text}`}]}});
					return;
				}

				case 'start-many':
				case 'stop-many': {
					dispatch({kind: 'close'});
					const busy = intent.kind === 'start-many' ? 'starting' : 'stopping';
					for (const name of intent.names) dispatch({kind: 'busy', name, busy});
					// One at a time: forty ssh logins at once to one server would hit its MaxStartups.
					void (async () => {
						for (const name of intent.names) {
							const report = await (busy === 'starting' ? services.start(name) : services.stop(name)).catch(bug);
							dispatch({kind: 'reported', name, report});
							refresh();
						}
					})();
					return;
				}

				case 'plan-prune': {
					dispatch({kind: 'open', overlay: {kind: 'prune', plan: 'loading'}});
					act(services.planPrune().then(plan => ({kind: 'prune-planned', plan})));
					return;
				}

				case 'execute-prune': {
					act(services.executePrune(intent.items).then(outcomes => ({kind: 'pruned', outcomes})));
					return;
				}

				case 'create-example': {
					act(services.createExample().then(message => ({kind: 'message', message})));
					return;
				}

				case 'import': {
					act(services.importCommand(intent.line).then(message => {
						if (message.ok) {
							dispatch({kind: 'close'});
						}

						return {kind: 'message', message};
					}));
					return;
				}

				case 'change': {
					const {name, request} = intent;
					dispatch({kind: 'close'});
					// A failure belongs to the tunnel (its detail); what was done to the screen's message line.
					act(services.change(name, request).then((report): UiEvent => {
						if (report.ok && (request.kind === 'rename' || request.kind === 'copy')) dispatch({kind: 'follow', name: request.to});
						return report.ok ? {kind: 'message', message: report} : {kind: 'reported', name, report};
					}), report => ({kind: 'reported', name, report}));
					return;
				}

				case 'edit': {
					const {name} = intent;
					dispatch({kind: 'close'});
					act(options.stepAside(async () => services.edit(name, intent.again)).then((outcome): UiEvent => (outcome.kind === 'invalid'
						? {kind: 'open', overlay: {kind: 'edit-invalid', name, lines: outcome.lines}}
						: {kind: 'message', message: outcome.report})));
					return;
				}

				case 'discard-edit': {
					dispatch({kind: 'close'});
					act(services.discardEdit().then((): UiEvent => ({kind: 'message', message: {ok: true, lines: [{level: 'info', text: 'the edit was discarded; the profile file was not changed'}]}})));
					return;
				}

				case 'answer': {
					const tunnel = asking.current.get(intent.id);
					if (intent.answer === undefined && tunnel !== undefined) cancelled.current.add(tunnel);
					services.answerPrompt(intent.id, intent.answer);
					dispatch({kind: 'answer-typed', text: ''});
					return;
				}

				case 'set-watching': {
					// Turning it off says how to turn it on again: nothing else on screen would.
					const off: ActionReport = {ok: true, lines: [{level: 'info', text: 'stopped keeping tunnels up (they keep running) · w keeps them up again'}]};
					act(services.setWatching(intent.on).then(message => ({kind: 'message', message: message ?? (intent.on ? undefined : off)})));
					return;
				}

				case 'refresh': {
					refresh();
					return;
				}

				case 'suspend': {
					options.suspend();
					return;
				}

				case 'quit': {
					options.exit();
				}
			}
		};
	}, [services, dispatch, options]);
}

/** Services turn expected failures into reports; anything thrown is a bug, shown rather than hidden. */
function bug(error: unknown): ActionReport {
	return {ok: false, lines: [{level: 'error', text: `internal error (a bug, please report it): ${error instanceof Error ? error.message : String(error)}`}]};
}

function startCancelled(name: string): ActionReport {
	return {ok: true, lines: [{level: 'info', text: `${name}: start cancelled (ssh's question was not answered); nothing runs`}]};
}
