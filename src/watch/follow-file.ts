// Hears a file change, whichever way it is changed: written in place (the file's own watch) or replaced
// by a rename, as editors and the profile's writer do (the directory's watch; the file's watch is
// then on a file no longer there, so it is taken again). Changes close together are heard once.
import {watch, type FSWatcher} from 'node:fs';
import path from 'node:path';

/** Calls `onChange` once `debounceMs` have passed without another change; returns how to stop. */
export function followFile(file: string, debounceMs: number, onChange: () => void): () => void {
	const directory = path.dirname(file);
	const base = path.basename(file);
	let fileWatch: FSWatcher | undefined;
	let timer: NodeJS.Timeout | undefined;
	let stopped = false;

	const changed = () => {
		if (stopped) {
			return;
		}

		clearTimeout(timer);
		timer = setTimeout(() => {
			watchFile(); // a rename left the old watch on the file that was replaced
			onChange();
		}, debounceMs);
	};

	const watchFile = () => {
		fileWatch?.close();
		fileWatch = undefined;
		try {
			fileWatch = watch(file, {persistent: false}, changed);
			fileWatch.on('error', () => {
				fileWatch?.close();
				fileWatch = undefined;
			});
		} catch {
			// Not there (yet): the directory's watch hears it come.
		}
	};

	// Persistent: while following, this watch alone may be what keeps the process running.
	const directoryWatch = watch(directory, {persistent: true}, (_event, name) => {
		if (name === null || name === base) {
			changed();
		}
	});
	directoryWatch.on('error', () => undefined);
	watchFile();
	return () => {
		stopped = true;
		clearTimeout(timer);
		fileWatch?.close();
		directoryWatch.close();
	};
}
