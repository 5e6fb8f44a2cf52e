import path from 'node:path';

/**
 * A tunnel's log: ssh's own lines (`-E`) and the keepers' records, under the profile's runtime
 * directory's `.state/` beside its other hints. That directory is already per profile file, the
 * user's own (0700, checked before use) and isolated per test; a log names hosts, users and ports,
 * so it must not sit anywhere less private. The cost: XDG_RUNTIME_DIR is emptied at logout, so the
 * history does not survive a reboot.
 */
export function tunnelLogPath(runtimeDirectory: string, name: string): string {
	return path.join(runtimeDirectory, '.state', `${name}.log`);
}

/** The one older file kept by rotation. */
export function previousLogPath(logPath: string): string {
	return `${logPath}.1`;
}

/**
 * Over this, a log is moved aside before the next start (and before a keeper's next record): ssh
 * appends to `-E` and at the default LogLevel writes a few lines per connection, so two files of this
 * size hold months of a tunnel's history and never grow without end.
 */
export const logRotateBytes = 256 * 1024;

/** How often a keeper bounds the logs of the tunnels it keeps (watch/history.ts): a probe line a second adds ~7 KB a minute. */
export const logCheckEveryMs = 60_000;
