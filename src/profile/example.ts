/** The file `tunnels init` writes: the design's three scenarios, commented, ready to edit. */
export const exampleProfile = `# tunnels profile file: one named tunnel per entry.
# Forwards use ssh's own syntax: [bind:]port:host:hostport. Run \`tunnels print NAME\` to see the command.
tunnels:
  mysql-b:                       # A's 127.0.0.1:9906 -> B's MySQL
    description: MySQL on B, encrypted across the network
    host: 10.1.0.2               # ssh destination: an address or a ~/.ssh/config alias
    user: root
    local:                       # -L
      - 9906:10.1.0.2:3306
  mysql-from-nat:                # run on B, behind NAT: A's port 9906 -> B's MySQL
    host: 10.1.0.1
    user: root
    remote:                      # -R
      - 9906:10.1.0.2:3306
  mysql-c-via-b:                 # through B to C, open to A's whole network
    host: 10.1.0.2
    user: root
    gateway: true                # -g
    local:
      - 9906:10.1.0.3:3306
`;
