package dev.minternet.tools;

import dev.minternet.node.Node;

/** {@code arp [-n] [-a]} from net-tools 2.10: the IPv4 neighbour tables ({@link NetTools#arp}); display only. */
public final class ArpTool extends FlagsTool {
    public ArpTool() {
        super("arp", "arp [-n] [-a] [-e]", "nae");
    }

    @Override
    void run(Node node, Args a, Terminal term) {
        NetTools.arp(node, a.has('n'), a.has('a'), term);
        term.exit(0);
    }
}
