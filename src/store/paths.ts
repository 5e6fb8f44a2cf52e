import path from 'node:path';

/** Where the profile file is: `--config`, then TUNNELS_CONFIG, then the XDG config directory. */
export function profilePath(options: {
	readonly flag: string | undefined;
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly home: string;
	readonly cwd: string;
}): string {
	const chosen = options.flag ?? nonEmpty(options.env['TUNNELS_CONFIG']);
	if (chosen !== undefined) {
		return path.resolve(options.cwd, chosen);
	}

	// XDG Base Directory: a relative XDG_CONFIG_HOME is invalid and must be ignored.
	const xdg = options.env['XDG_CONFIG_HOME'];
	const configHome = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(options.home, '.config');
	return path.join(configHome, 'tunnels', 'tunnels.yaml');
}

function nonEmpty(value: string | undefined): string | undefined {
	return value === '' ? undefined : value;
}
