/**
 * The completion scripts: static glue that asks `tunnels __complete -- WORDS...` for the candidates
 * (one per line, or `:files` for a path) so that commands, options and tunnel names come from the
 * real CLI and profile file, never from a copy in the script.
 */

export const shells = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof shells)[number];

/** How to load each script, for `tunnels completion --help`. */
export const completionHelp = `
Load it from your shell's startup file:
  bash   ~/.bashrc                        source <(tunnels completion bash)
  zsh    ~/.zshrc, after compinit         source <(tunnels completion zsh)
  fish   ~/.config/fish/config.fish       tunnels completion fish | source`;

export function completionScript(shell: Shell): string {
	switch (shell) {
		case 'bash': {
			return bash;
		}

		case 'zsh': {
			return zsh;
		}

		case 'fish': {
			return fish;
		}
	}
}

// bash: $2 is the word up to the cursor as readline sees it (after `=` in --config=…), so it is
// passed instead of COMP_WORDS[COMP_CWORD]; the tool joins the `--flag = value` that COMP_WORDBREAKS
// makes. `compopt -o default` (bash 4+) hands paths to readline's own filename completion, for this
// completion only; bash 3.2 falls back to compgen -f. No mapfile: bash 3.2 has none.
const bash = `# bash completion for tunnels. Load it in ~/.bashrc:  source <(tunnels completion bash)
_tunnels_complete() {
	local cur=$2 out line
	COMPREPLY=()
	out=$(command tunnels __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur" 2>/dev/null) || return 0
	if [[ $out == :files ]]; then
		compopt -o default 2>/dev/null && return 0
		while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -f -- "$cur")
		return 0
	fi
	while IFS= read -r line; do
		[[ -n $line ]] && COMPREPLY+=("$line")
	done <<<"$out"
	return 0
}
complete -F _tunnels_complete tunnels
`;

// zsh: when autoloaded from $fpath the file is the body of _tunnels; when sourced it registers it.
// compset moves a `--flag=` prefix out of the way so that the value alone is completed.
const zsh = `#compdef tunnels
# zsh completion for tunnels. Load it in ~/.zshrc after compinit:  source <(tunnels completion zsh)
# or save it as _tunnels in a directory of $fpath.
_tunnels() {
	local out
	local -a candidates
	out=$(command tunnels __complete -- "\${(@)words[2,CURRENT-1]}" "\${words[CURRENT]}" 2>/dev/null) || return 1
	[[ \${words[CURRENT]} == --*=* ]] && compset -P '*='
	if [[ $out == :files ]]; then
		_files
		return
	fi
	candidates=(\${(f)out})
	(( \${#candidates} )) || return 1
	compadd -a candidates
}
if [[ $funcstack[1] == _tunnels ]]; then
	_tunnels "$@"
else
	compdef _tunnels tunnels
fi
`;

// fish: an empty command substitution is an empty list, so the current token is quoted to stay
// one (possibly empty) argument; candidates for --flag=value carry the `--flag=` prefix back.
const fish = `# fish completion for tunnels. Load it:  tunnels completion fish | source
# or save it as ~/.config/fish/completions/tunnels.fish
function __tunnels_complete
	set -l words (commandline -opc)
	set -e words[1]
	set -l current (commandline -ct)
	set -l out (command tunnels __complete -- $words "$current" 2>/dev/null)
	set -q out[1]; or return
	set -l prefix (string match -r -- '^--[^=]*=' "$current")
	if test "$out" = :files
		__fish_complete_path (string replace -r -- '^--[^=]*=' '' "$current") | string replace -r -- '^' "$prefix"
		return
	end
	printf '%s\\n' "$prefix"$out
end
complete -c tunnels -f -a '(__tunnels_complete)'
`;
