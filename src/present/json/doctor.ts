// `tunnels doctor --json`: the declared shape, `[{label, verdict: {kind, detail, fix?}}]`, a fix on
// every warning and failure, built from the causes with the same words the text output uses.
import type {DoctorLine} from '../../core/doctor.js';
import {doctorLabel, passDetail, problemWords} from '../doctor.js';

export type DoctorLineJson = {
	readonly label: string;
	readonly verdict: {readonly kind: 'pass'; readonly detail: string} | {readonly kind: 'warn' | 'fail'; readonly detail: string; readonly fix: string};
};

export function doctorJson(lines: readonly DoctorLine[]): DoctorLineJson[] {
	return lines.map(line => doctorLineJson(line));
}

export function doctorLineJson({subject, verdict}: DoctorLine): DoctorLineJson {
	const label = doctorLabel(subject);
	switch (verdict.kind) {
		case 'pass': {
			return {label, verdict: {kind: 'pass', detail: passDetail(verdict.cause)}};
		}

		case 'warn':
		case 'fail': {
			const {detail, fix} = problemWords(verdict.cause);
			return {label, verdict: {kind: verdict.kind, detail, fix}};
		}
	}
}
