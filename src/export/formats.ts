import type {ResolvedHost} from './host-settings.js';

/** The formats `tunnels export --as` writes; the names are the command line's, kept apart so cli.ts can list them without loading a generator. */
export const exportFormatNames = ['systemd', 'launchd', 'autossh', 'ssh-config'] as const;

export type ExportFormatName = (typeof exportFormatNames)[number];

export type ExportFormat =
	| {readonly kind: 'systemd'}
	| {readonly kind: 'launchd'}
	| {readonly kind: 'autossh'}
	/** `host`: how ssh reaches the tunnel's host through the user's config; without it, HostName is the host as written */
	| {readonly kind: 'ssh-config'; readonly host?: ResolvedHost};
