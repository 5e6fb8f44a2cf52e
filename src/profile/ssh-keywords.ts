// ssh_config(5) keywords of OpenSSH 9.2, canonical spelling; `-o` matches them case-insensitively.
import {closest} from './suggest.js';

const keywords = `AddKeysToAgent AddressFamily BatchMode BindAddress BindInterface CanonicalDomains
CanonicalizeFallbackLocal CanonicalizeHostname CanonicalizeMaxDots CanonicalizePermittedCNAMEs
CASignatureAlgorithms CertificateFile CheckHostIP Ciphers ClearAllForwardings Compression
ConnectionAttempts ConnectTimeout ControlMaster ControlPath ControlPersist DynamicForward
EnableEscapeCommandline EnableSSHKeysign EscapeChar ExitOnForwardFailure FingerprintHash
ForkAfterAuthentication ForwardAgent ForwardX11 ForwardX11Timeout ForwardX11Trusted GatewayPorts
GlobalKnownHostsFile GSSAPIAuthentication GSSAPIDelegateCredentials HashKnownHosts
HostbasedAcceptedAlgorithms HostbasedAuthentication HostKeyAlgorithms HostKeyAlias Hostname
IdentitiesOnly IdentityAgent IdentityFile IgnoreUnknown Include IPQoS KbdInteractiveAuthentication
KbdInteractiveDevices KexAlgorithms KnownHostsCommand LocalCommand LocalForward LogLevel LogVerbose
MACs NoHostAuthenticationForLocalhost NumberOfPasswordPrompts PasswordAuthentication
PermitLocalCommand PermitRemoteOpen PKCS11Provider Port PreferredAuthentications ProxyCommand
ProxyJump ProxyUseFdpass PubkeyAcceptedAlgorithms PubkeyAuthentication RekeyLimit RemoteCommand
RemoteForward RequestTTY RequiredRSASize RevokedHostKeys SecurityKeyProvider SendEnv
ServerAliveCountMax ServerAliveInterval SessionType SetEnv StdinNull StreamLocalBindMask
StreamLocalBindUnlink StrictHostKeyChecking SyslogFacility TCPKeepAlive Tunnel TunnelDevice
UpdateHostKeys User UserKnownHostsFile VerifyHostKeyDNS VisualHostKey XAuthLocation`.split(/\s+/);

const canonical = new Map(keywords.map(keyword => [keyword.toLowerCase(), keyword]));

/** Keywords that make ssh run a program or load code: a shared profile file must not slip them in. */
const commandKeywords = new Set([
	'KnownHostsCommand',
	'LocalCommand',
	'PermitLocalCommand',
	'PKCS11Provider',
	'ProxyCommand',
	'ProxyUseFdpass',
	'RemoteCommand',
	'SecurityKeyProvider',
	'XAuthLocation',
]);

/** Keywords the tool sets itself to track and verify a tunnel, or that have their own profile key. */
const managedKeywords = new Map([
	['BatchMode', 'it is on whenever no terminal can answer a prompt'],
	['ClearAllForwardings', 'it would drop the tunnel\'s own forwards'],
	['ControlMaster', 'the tool runs each tunnel as its own master'],
	['ControlPath', 'the tool keeps control sockets in its own directory'],
	['ControlPersist', 'the tool passes ControlPersist=no so polling never ends a tunnel'],
	['DynamicForward', 'use `dynamic`'],
	['ExitOnForwardFailure', 'the tool always sets it so a failed forward is a failed start'],
	['ForkAfterAuthentication', 'the tool always runs ssh -f'],
	['GatewayPorts', 'use `gateway: true`'],
	['Hostname', 'use `host`'],
	['IdentityFile', 'use `identityFile`'],
	['Include', 'it only works inside a config file'],
	['LocalForward', 'use `local`'],
	['Port', 'use `port`'],
	['ProxyJump', 'use `jump`'],
	['RemoteForward', 'use `remote`'],
	['RequestTTY', 'a tunnel has no session'],
	['ServerAliveCountMax', 'use `keepAlive: {interval, countMax}`'],
	['ServerAliveInterval', 'use `keepAlive: {interval, countMax}`'],
	['SessionType', 'the tool always runs ssh -N'],
	['StdinNull', 'the tool always runs ssh -N'],
	['StreamLocalBindUnlink', 'the tool sets it for a forward that listens on a socket file, once it made sure only a stale socket is there'],
	['User', 'use `user`'],
]);

export type KeywordClass =
	| {readonly kind: 'plain'; readonly keyword: string}
	| {readonly kind: 'runs-commands'; readonly keyword: string}
	| {readonly kind: 'managed'; readonly keyword: string; readonly why: string}
	| {readonly kind: 'unknown'; readonly suggestion: string | undefined};

export function classifyKeyword(name: string): KeywordClass {
	const keyword = canonical.get(name.toLowerCase());
	if (keyword === undefined) {
		return {kind: 'unknown', suggestion: closest(name, keywords)};
	}

	const why = managedKeywords.get(keyword);
	if (why !== undefined) {
		return {kind: 'managed', keyword, why};
	}

	return commandKeywords.has(keyword) ? {kind: 'runs-commands', keyword} : {kind: 'plain', keyword};
}
