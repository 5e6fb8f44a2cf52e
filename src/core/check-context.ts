// What the per-forward steps of `tunnels check` read: their effects, and what the check found before them.
import type {Listener} from '../net/listeners.js';
import type {BindAddresses} from '../tunnel/bind.js';
import type {Needs} from './deps.js';
import type {HolderDeps} from './holders.js';

export type ForwardCheckDeps = HolderDeps & Needs<'checkMaster' | 'runSsh' | 'probeChannel' | 'serverPeerOf' | 'canConnect' | 'canConnectSocket' | 'socksProbe' | 'lookupBind'>;

export type ForwardCheckContext = {
	/** the master that answers on the tunnel's socket and is its own ssh; undefined when none does */
	readonly masterPid: number | undefined;
	/** the listeners of the tunnel's processes */
	readonly listeners: readonly Listener[];
	/** the bind names of its listeners here, resolved once for the check */
	readonly binds: BindAddresses;
	/** where the ssh server is, as it can reach itself (ssh -G HostName and Port); undefined when ssh -G failed */
	readonly serverItself: {readonly host: string; readonly port: number} | undefined;
};
