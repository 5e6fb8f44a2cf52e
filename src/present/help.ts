// The examples each command's --help ends with: what a person types, and what it prints.
export const examples = {
	print: `
Examples:
  tunnels print mysql-b              ssh -F … -f -N -o ExitOnForwardFailure=yes … -- root@10.1.0.2
  tunnels print mysql-b --minimal    ssh -f -N -L 9906:10.1.0.2:3306 root@10.1.0.2`,
	up: `
Examples:
  tunnels up mysql-b                 mysql-b up · pid 4893 · L 127.0.0.1:9906 → 10.1.0.2:3306 via root@10.1.0.2 · 152 ms
  tunnels up @db                     every tunnel with \`tags: [db]\`
  tunnels up --all --batch`,
	set: `
Examples:
  tunnels set mysql-b port 2222      mysql-b: port set to 2222 in ~/.config/tunnels/tunnels.yaml
  tunnels set mysql-b keepAlive '{interval: 15, countMax: 3}'
  tunnels set mysql-b restart always --restart`,
	tag: `
Examples:
  tunnels tag mysql-b +db -prod      then: tunnels up @db, tunnels ls @db`,
	rename: `
Examples:
  tunnels rename 127.0.0.1-23306 mysql-b
  tunnels rename old new --restart   a running tunnel is stopped and started again under its new name`,
	rm: `
Examples:
  tunnels rm mysql-b                 stops it first if it runs, as tunnels down does
  tunnels rm mysql-b --keep-running`,
	edit: `
Examples:
  tunnels edit mysql-b               $VISUAL or $EDITOR at mysql-b's line; saved only if the file validates
  EDITOR='code --wait' tunnels edit`,
	prune: `
Examples:
  tunnels prune --dry-run            kill    pid 4893 · mysql-b · L 9906:10.1.0.2:3306 · runs without all of its listeners
  tunnels prune --yes --include-outside`,
	ls: `
Examples:
  tunnels ls                         mysql-b  up  4893  2m  L 127.0.0.1:9906 (+[::1]) → 10.1.0.2:3306  root@10.1.0.2
  tunnels ls --json
  Tunnels of your ssh config (LocalForward/RemoteForward in a Host block) are listed as ssh:HOST;
  start and stop them by that name, or by HOST when no profile tunnel is called HOST.`,
	down: `
Examples:
  tunnels down mysql-b               mysql-b down · pid 4893 · ssh -O exit
  tunnels down --all`,
	check: `
Examples:
  tunnels check mysql-b              pass  target 10.1.0.2:3306 (from the server): answers
  tunnels check mysql-from-nat       pass  server port 127.0.0.1:9906: accepts connections on the server`,
	kill: `
Examples:
  tunnels kill mysql-c-via-b         killed mysql-c-via-b (pid 4893) · ssh -O exit
  tunnels kill 4893                  refused: 4893: an ssh without forwards (an interactive session or a control client)`,
	watch: `
Examples:
  tunnels watch                      2026-11-24T22:40:01Z mysql-b restarted · pid 4893 · after: process gone (pid 4801) · attempt 1
  tunnels watch mysql-b --down-on-exit
  tunnels watch --json               {"kind":"lost","at":"2026-11-24T22:40:01.113Z","name":"mysql-b","failure":{"kind":"process-gone","pid":4801}}`,
	logs: `
Examples:
  tunnels logs mysql-b               2026-11-24T22:40:01Z mysql-b lost · process gone (pid 4801) · keeper pid 4790
                                       Timeout, server 10.1.0.2 not responding.
  tunnels logs mysql-b -f -n 10
  tunnels logs mysql-b --json`,
	init: `
Examples:
  tunnels init                       writes the design's three scenarios (mysql-b, mysql-from-nat, mysql-c-via-b)`,
	doctor: `
Examples:
  tunnels doctor                     pass  ssh (ssh): OpenSSH_9.2p1 Debian-2+deb12u6, OpenSSL 3.0.19
  tunnels doctor mysql-b             FAIL  forwarding on mysql-b (test channel to 10.1.0.2:3306): the server does not allow port forwarding`,
	import: `
Examples:
  tunnels import -- ssh -f -N -L 9906:10.1.0.2:3306 root@10.1.0.2
  tunnels import --name mysql-c-via-b "ssh -g -f -NL 9906:10.1.0.3:3306 root@10.1.0.2"
  tunnels import --from-ssh-config db    a copy of ssh:db (Host db of ~/.ssh/config) that connects to its HostName`,
	export: `
Examples:
  tunnels export mysql-b --as systemd > ~/.config/systemd/user/tunnels-mysql-b.service
  tunnels export mysql-b --as launchd > ~/Library/LaunchAgents/tunnels.mysql-b.plist
  tunnels export mysql-b --as autossh      autossh -M 0 -f -N -o ExitOnForwardFailure=yes … -- root@10.1.0.2
  tunnels export mysql-b --as ssh-config   Host tunnels-mysql-b … LocalForward 9906 10.1.0.2:3306
  tunnels export @db --as ssh-config >> ~/.ssh/config   one Host block per tunnel tagged db`,
};
