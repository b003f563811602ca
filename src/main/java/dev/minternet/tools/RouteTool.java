package dev.minternet.tools;

import dev.minternet.node.Node;

/** {@code route [-n]} from net-tools 2.10: the kernel's IPv4 routing table ({@link NetTools#routes}); display only. */
public final class RouteTool extends FlagsTool {
    public RouteTool() {
        super("route", "route [-n]", "ne");
    }

    @Override
    void run(Node node, Args a, Terminal term) {
        NetTools.routes(node, a.has('n'), false, term);
        term.exit(0);
    }
}
