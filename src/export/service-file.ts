// What a service manager is asked to run, whichever manager reads it: a tunnel's ssh (`tunnels
// export`) or the supervisor (`tunnels service install`). systemd.ts and launchd.ts write it out.

export type ServiceDefinition = {
	/** comment lines at the top of the file, where the format has comments (systemd) */
	readonly comments: readonly string[];
	/** one line */
	readonly description: string;
	/** absolute program path first: no shell, and the manager's PATH is not the user's */
	readonly argv: readonly string[];
	readonly environment: ReadonlyArray<readonly [name: string, value: string]>;
	/**
	 * `always`: run it again whenever it ends (ssh exits when its connection is lost);
	 * `on-failure`: not after a clean exit (a supervisor stopped on purpose).
	 */
	readonly restart: 'always' | 'on-failure';
	/** ordered after the network is up, where the manager knows it (systemd) */
	readonly afterNetwork: boolean;
};
