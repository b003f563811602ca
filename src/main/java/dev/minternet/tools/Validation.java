package dev.minternet.tools;

import dev.minternet.node.Node;
import dev.minternet.node.World;
import java.time.Instant;

/**
 * What {@link Tool#validate} needs to run a tool's own parser without running the tool: a host
 * in a world of its own, with no links (parsers that build their state against a node, as ping's
 * does, touch it but schedule nothing), and a terminal that shows nothing.
 */
final class Validation {
    static final Terminal SILENT = new Terminal() {
        @Override
        public void println(String line) {
        }

        @Override
        public void exit(int code) {
        }
    };

    private static Node scratch;

    private Validation() {
    }

    static synchronized Node node() {
        if (scratch == null) {
            scratch = new World(0, Instant.EPOCH).addHost("check");
        }
        return scratch;
    }
}
