import {Box, useApp, useInput, useStdout} from 'ink';
import {useCallback, useEffect, useMemo, useReducer, useRef, useState} from 'react';
import {useAside, useExpiry, useSpinner, useTerminalSize, type Aside} from './hooks.js';
import {osc52} from './clipboard.js';
import {Detail, strayDetail, tunnelDetail, type DetailLine} from './components/detail.js';
import {FirstRun, InvalidProfile} from './components/first-run.js';
import {LogPane} from './components/log-pane.js';
import {BulkDialog, ConfirmDialog, Footer, Help, PromptDialog, PruneDialog, PrunedView, TextField} from './components/overlays.js';
import {scrollTop, TunnelList} from './components/tunnel-list.js';
import {useController} from './controller.js';
import {Text} from './text.js';
import {keyIntents} from './keys.js';
import type {Palette} from './look.js';
import {initialState, listRowsOf, reduce, selectedRow, watchOf, type UiEvent, type UiState} from './model.js';
import type {UiServices} from './services.js';

export type AppProps = {
	readonly services: UiServices;
	readonly palette: Palette;
	/** how often the state is read again by itself */
	readonly refreshMs: number;
	/** gives the terminal back to the shell (Ctrl-Z) and resolves once the shell continues the UI */
	readonly suspend?: () => Promise<void>;
	/** gives the terminal to `work` (the editor) and takes it back after */
	readonly stepAside?: <T>(work: () => Promise<T>) => Promise<T>;
};

/** The whole UI: state from the reducer, effects from the controller, keys from the keymap. */
export function App({services, palette, refreshMs, suspend, stepAside}: AppProps) {
	const [state, dispatch] = useReducer(reduce, initialState);
	const {exit} = useApp();
	const {write} = useStdout();
	const {columns: width, rows: height} = useTerminalSize();
	const [aside, setAside] = useState<Aside | undefined>(undefined);
	const options = useMemo(() => ({
		refreshMs,
		copy: (text: string) => write(osc52(text)),
		exit,
		suspend: () => setAside(suspend === undefined ? undefined : {run: suspend}),
		stepAside: async <T,>(work: () => Promise<T>) => new Promise<T>((resolve, reject) => {
			setAside({run: async () => (stepAside ?? (async (given: () => Promise<T>) => given()))(work).then(resolve, reject)});
		}),
	}), [refreshMs, write, exit, suspend, stepAside]);
	useAside(aside, () => setAside(undefined));
	const run = useController(services, dispatch, options);
	// Keys are read against the state on screen now: a handler's closure can lag one render behind.
	const shown = useRef(state);
	shown.current = state;
	useInput((input, key) => {
		for (const intent of keyIntents(shown.current, input, key)) {
			run(intent);
		}
	}, {isActive: aside === undefined});
	useSpinner(state, () => dispatch({kind: 'tick'}));
	useExpiry(state, dispatch);
	const message = (state.message?.lines ?? []).slice(0, 2);
	// Ink clears the whole terminal when a frame is as tall as it: every frame stays one row shorter.
	const bodyRows = Math.max(1, height - 1 - 2 - message.length);

	if (aside !== undefined) {
		return undefined;
	}

	return (
		<Box flexDirection='column' width={width}>
			<Text bold wrap='truncate'>{`tunnels · ${state.snapshot?.path ?? 'reading the profile…'}${state.watch === undefined ? '' : ` · keeping ${state.watch.length} up · w: stop keeping`}`}</Text>
			<Body state={state} palette={palette} width={width} rows={bodyRows} dispatch={dispatch} followLog={services.followLog} />
			{message.map((line, index) => (
				<Text key={`message-${index}`} color={state.message?.ok ? (line.level === 'info' ? undefined : palette.good) : palette.bad} wrap='truncate'>{line.text}</Text>
			))}
			<Footer text={footerText(state)} palette={palette} />
		</Box>
	);
}

type BodyProps = {readonly state: UiState; readonly palette: Palette; readonly width: number; readonly rows: number; readonly dispatch: (event: UiEvent) => void};

function Body({state, palette, width, rows, dispatch, followLog}: BodyProps & {readonly followLog: UiServices['followLog']}) {
	const prompt = state.prompts[0];
	if (prompt !== undefined) {
		return <PromptDialog prompt={prompt} answer={state.answer} palette={palette} />;
	}

	const {overlay, snapshot} = state;
	switch (overlay.kind) {
		case 'help': {
			return <Help rows={rows} />;
		}

		case 'add': {
			return <TextField label='Paste or type an ssh command; it is added to the profile file as `tunnels import` would.' text={overlay.text} hint='enter to add · esc to cancel' />;
		}

		case 'rename': {
			return <TextField label={`A new name for ${overlay.name} (as tunnels rename does).`} text={overlay.text} hint='enter to rename · esc to cancel' />;
		}

		case 'remove': {
			return <ConfirmDialog title={`remove ${overlay.name} from the profile?`} lines={overlay.running ? [`it is running: it is stopped first, as tunnels rm does`] : []} palette={palette} />;
		}

		case 'edit-invalid': {
			return <ConfirmDialog title={`your edit of ${overlay.name ?? 'the profile file'} does not validate; the file was not changed`} lines={overlay.lines} question='edit it again? y / n (n discards the edit)' palette={palette} rows={rows} />;
		}

		case 'prune': {
			return <PruneDialog plan={overlay.plan} palette={palette} rows={rows} />;
		}

		case 'bulk': {
			return <BulkDialog action={overlay.action} names={overlay.names} palette={palette} rows={rows} />;
		}

		case 'pruned': {
			return <PrunedView outcomes={overlay.outcomes} />;
		}

		case 'log': {
			return <LogView name={overlay.name} followLog={followLog} palette={palette} rows={rows} />;
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
			return <Loaded state={state} palette={palette} width={width} rows={rows} dispatch={dispatch} />;
		}
	}
}

/** The list screen: pinned header, the rows that fit around the selection, the detail pane under them. */
function Loaded({state, palette, width, rows, dispatch}: BodyProps) {
	const {snapshot} = state;
	const top = useRef(0);
	if (snapshot?.kind !== 'loaded') {
		return undefined;
	}

	const list = listRowsOf(state);
	const row = selectedRow(state);
	const detail: DetailLine[] = row?.kind === 'tunnel'
		? tunnelDetail({view: row.view, report: state.reports[row.key], check: state.checks[row.key], watch: watchOf(state, row.key), now: snapshot.at})
		: row?.kind === 'stray' ? strayDetail(row.stray, snapshot.at) : [];
	const warnings = snapshot.warnings.slice(0, 2);
	const filterLine = state.overlay.kind === 'filter' || state.filter !== '';
	const empty = snapshot.tunnels.length === 0 || (list.length === 0 && state.filter !== '');
	// The column header, then the list gets what the filter line, warnings and the detail pane leave.
	const free = rows - 1 - warnings.length - (filterLine ? 1 : 0) - (empty ? 1 : 0);
	const wanted = detail.length === 0 ? 0 : state.detail === 'full' ? free - 3 : Math.min(detail.length + 1, 6);
	const detailRows = Math.max(0, Math.min(wanted, free - 3));
	const listRows = Math.max(1, free - detailRows);
	top.current = scrollTop(top.current, list.findIndex(each => each.key === state.selected), listRows, list.length, row?.kind === 'group' && row.open ? row.count : 0);
	return (
		<Box flexDirection='column'>
			<PageRows rows={listRows} dispatch={dispatch} />
			{filterLine ? <Text wrap='truncate'>{`filter: ${state.filter}${state.overlay.kind === 'filter' ? '█' : ''}`}</Text> : undefined}
			{warnings.map(warning => <Text key={warning} color={palette.warn} wrap='truncate'>{warning}</Text>)}
			{snapshot.tunnels.length === 0 ? <Text wrap='truncate'>{`No tunnels in ${snapshot.path} yet: press a to add one.`}</Text>
				: empty ? <Text wrap='truncate'>{`nothing matches "${state.filter}" · esc clears the filter`}</Text> : undefined}
			<TunnelList rows={list} top={top.current} height={listRows} selected={state.selected} busy={state.busy} frame={state.spinnerFrame} width={width} now={snapshot.at} palette={palette} watch={state.watch} />
			<Detail lines={detail} height={detailRows} width={width} full={state.detail === 'full'} palette={palette} />
		</Box>
	);
}

/** Tells the reducer how far PgUp and PgDn go, when the list's height changes. */
function PageRows({rows, dispatch}: {readonly rows: number; readonly dispatch: (event: UiEvent) => void}) {
	useEffect(() => {
		dispatch({kind: 'page-rows', rows});
	}, [rows, dispatch]);
	return undefined;
}

function footerText(state: UiState): string {
	if (state.prompts.length > 0) {
		return state.prompts[0]?.kind === 'confirm' ? 'y yes · n no · esc cancel' : 'enter send · esc cancel';
	}

	switch (state.overlay.kind) {
		case 'filter': {
			return 'type to filter · enter keep · esc clear';
		}

		case 'bulk':
		case 'remove': {
			return 'y yes · n / esc no';
		}

		case 'edit-invalid': {
			return 'y edit again · n / esc discard the edit';
		}

		case 'rename': {
			return 'enter rename · esc cancel';
		}

		case 'add': {
			return 'enter add · esc cancel';
		}

		case 'prune': {
			return 'y prune · n / esc close';
		}

		case 'help':
		case 'pruned':
		case 'log': {
			return 'any key: back';
		}

		case 'none': {
			switch (state.snapshot?.kind) {
				case 'no-profile': {
					return 'e example file · a add · ? help · q quit';
				}

				case 'invalid-profile': {
					return 'e edit it · r read it again · ? help · q quit';
				}

				case 'loaded':
				case undefined: {
					// Cut to the width from the end: the keys to learn the rest and to leave come first.
					return 'enter start/stop · / filter · ? keys · q quit · c copy · l log · x check · e edit · d remove · R rename · D copy · +/- all shown · v detail';
				}
			}
		}
	}
}

/** The log pane of one tunnel, as tall as the body allows (its title and borders inside). */
function LogView({name, followLog, palette, rows}: {readonly name: string; readonly followLog: UiServices['followLog']; readonly palette: Palette; readonly rows: number}) {
	const follow = useCallback((listener: (lines: readonly string[]) => void) => followLog(name, listener), [followLog, name]);
	return <LogPane name={name} follow={follow} height={Math.max(3, rows - 3)} palette={palette} />;
}
