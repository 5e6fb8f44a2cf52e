import type {SshSettings} from '../profile/settings.js';
import type {Tunnel} from '../profile/types.js';

/** A tunnel (of the profile or of the ssh config) with everything needed to run and find it. */
export type TunnelTarget = {
	readonly tunnel: Tunnel;
	readonly controlPath: string;
	readonly ssh: SshSettings;
};
