import {Box, useApp, useInput, useStdout} from 'ink';
import {useCallback, useEffect, useMemo, useReducer, useRef, useState} from 'react';
import {osc52} from './clipboard.js';
import {Detail} from './components/detail.js';
import {FirstRun, InvalidProfile} from './components/first-run.js';
import {LogPane} from './components/log-pane.js';
import {CommandView, Footer, Help, PromptDialog, PruneDialog, PrunedView, TextField} from './components/overlays.js';
import {StrayList, TunnelList} from './components/tunnel-list.js';
import {useController} from './controller.js';
import {Text} from './text.js';
import {keyIntents} from './keys.js';
import type {Palette} from './look.js';
import {initialState, reduce, selectedTunnel, visibleTunnels, watchOf, type UiState} from './model.js';
import type {UiServices} from './services.js';

export type AppProps = {
	readonly services: UiServices;
	readonly palette: Palette;
	/** how often the state is read again by itself */
	readonly refreshMs: number;
};

/** The whole UI: state from the reducer, effects from the controller, keys from the keymap. */
export function App({services, palette, refreshMs}: AppProps) {
	const [state, dispatch] = useReducer(reduce, initialState);
	const {exit} = useApp();
	const {write} = useStdout();
	const width = useColumns();
	const options = useMemo(() => ({refreshMs, copy: (text: string) => write(osc52(text)), exit}), [refreshMs, write, exit]);
	const run = useController(services, dispatch, options);
	// Keys are read against the state on screen now: a handler's closure can lag one render behind.
	const shown = useRef(state);
	shown.current = state;
	useInput((input, key) => {
		for (const intent of keyIntents(shown.current, input, key)) {
			run(intent);
		}
	});
	useSpinner(state, () => dispatch({kind: 'tick'}));

	return (
		<Box flexDirection='column' width={width}>
			<Text bold wrap='truncate'>{`tunnels · ${state.snapshot?.path ?? 'reading the profile…'}${state.watch === undefined ? '' : ` · keeping ${state.watch.length} up (w stops)`}`}</Text>
			<Body state={state} palette={palette} width={width} followLog={services.followLog} />
			{state.message === undefined ? undefined : state.message.lines.map((line, index) => (
				<Text key={`message-${index}`} color={state.message?.ok ? palette.good : palette.bad} wrap='wrap'>{line.text}</Text>
			))}
			<Footer text={footerText(state)} palette={palette} />
		</Box>
	);
}

function Body({state, palette, width, followLog}: {readonly state: UiState; readonly palette: Palette; readonly width: number; readonly followLog: UiServices['followLog']}) {
	const prompt = state.prompts[0];
	if (prompt !== undefined) {
		return <PromptDialog prompt={prompt} answer={state.answer} palette={palette} />;
	}

	const {overlay, snapshot} = state;
	switch (overlay.kind) {
		case 'help': {
			return <Help />;
		}

		case 'add': {
			return <TextField label='Paste or type an ssh command; it is added to the profile file as `tunnels import` would.' text={overlay.text} hint='enter to add · esc to cancel' />;
		}

		case 'prune': {
			return <PruneDialog plan={overlay.plan} palette={palette} />;
		}

		case 'pruned': {
			return <PrunedView outcomes={overlay.outcomes} />;
		}

		case 'command': {
			const view = selectedTunnel(state);
			return <CommandView command={view?.command ?? ''} />;
		}

		case 'log': {
			return <LogView name={overlay.name} followLog={followLog} palette={palette} />;
		}

		case 'filter':
		case 'none': {
			break;
		}
	}

	if (snapshot === undefined) {
		return <Text color={palette.quiet}>reading tunnels…</Text>;
	}

	switch (snapshot.kind) {
		case 'no-profile': {
			return <FirstRun path={snapshot.path} />;
		}

		case 'invalid-profile': {
			return <InvalidProfile message={snapshot.message} details={snapshot.details} palette={palette} />;
		}

		case 'loaded': {
			const views = visibleTunnels(state);
			const selected = selectedTunnel(state);
			return (
				<Box flexDirection='column'>
					{overlay.kind === 'filter' || state.filter !== '' ? <Text>{`filter: ${state.filter}${overlay.kind === 'filter' ? '█' : ''}`}</Text> : undefined}
					{snapshot.warnings.map(warning => <Text key={warning} color={palette.warn} wrap='truncate'>{warning}</Text>)}
					{snapshot.tunnels.length === 0 ? <Text>{`No tunnels in ${snapshot.path} yet: press a to add one.`}</Text> : undefined}
					<TunnelList views={views} selected={state.selected} busy={state.busy} reports={state.reports} frame={state.spinnerFrame} width={width} now={snapshot.at} palette={palette} watch={state.watch} />
					<StrayList strays={snapshot.strays} now={snapshot.at} palette={palette} />
					{selected === undefined ? undefined : <Detail view={selected} report={state.reports[selected.target.tunnel.name]} check={state.checks[selected.target.tunnel.name]} palette={palette} watch={watchOf(state, selected.target.tunnel.name)} now={snapshot.at} />}
				</Box>
			);
		}
	}
}

function footerText(state: UiState): string {
	if (state.prompts.length > 0) {
		return state.prompts[0]?.kind === 'confirm' ? 'y yes · n no · esc cancel' : 'enter send · esc cancel';
	}

	switch (state.overlay.kind) {
		case 'filter': {
			return 'type to filter · enter keep · esc clear';
		}

		case 'add': {
			return 'enter add · esc cancel';
		}

		case 'prune': {
			return 'y prune · n / esc close';
		}

		case 'help':
		case 'pruned':
		case 'command':
		case 'log': {
			return 'any key: back';
		}

		case 'none': {
			return state.snapshot?.kind === 'no-profile'
				? 'e example file · a add · ? help · q quit'
				: 'enter start/stop · c command · l log · x check · p prune · / filter · ? keys · q quit';
		}
	}
}

/** The log pane of one tunnel, as tall as the terminal allows (a title, borders and the footer around it). */
function LogView({name, followLog, palette}: {readonly name: string; readonly followLog: UiServices['followLog']; readonly palette: Palette}) {
	const {stdout} = useStdout();
	const follow = useCallback((listener: (lines: readonly string[]) => void) => followLog(name, listener), [followLog, name]);
	return <LogPane name={name} follow={follow} height={Math.max(3, (stdout.rows || 24) - 6)} palette={palette} />;
}

/** The terminal's width, following resizes. */
function useColumns(): number {
	const {stdout} = useStdout();
	const [columns, setColumns] = useState(stdout.columns || 80);
	useEffect(() => {
		const resized = () => setColumns(stdout.columns || 80);
		stdout.on('resize', resized);
		return () => {
			stdout.off('resize', resized);
		};
	}, [stdout]);
	return columns;
}

/** Ticks the spinner only while something is in flight, so an idle UI redraws only on refresh. */
function useSpinner(state: UiState, tick: () => void): void {
	const spinning = Object.keys(state.busy).length > 0 || (state.overlay.kind === 'prune' && state.overlay.plan === 'loading');
	useEffect(() => {
		if (!spinning) {
			return undefined;
		}

		const timer = setInterval(tick, 100);
		return () => clearInterval(timer);
	}, [spinning]);
}
