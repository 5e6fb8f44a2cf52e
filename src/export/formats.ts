/** The formats `tunnels export --as` writes; the names are the command line's, kept apart so cli.ts can list them without loading a generator. */
export const exportFormatNames = ['systemd', 'launchd', 'autossh', 'ssh-config'] as const;

export type ExportFormatName = (typeof exportFormatNames)[number];

export type ExportFormat =
	| {readonly kind: 'systemd'}
	| {readonly kind: 'launchd'}
	| {readonly kind: 'autossh'}
	| {readonly kind: 'ssh-config'};
