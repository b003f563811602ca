package dev.minternet.tools;

import dev.minternet.node.Node;
import java.util.List;

/** A command a user can type on a node's terminal: ping, traceroute, tcpdump, ... */
public interface Tool {
    String name();

    /** One line for `minternet tools` and usage errors. */
    String synopsis();

    /**
     * Starts the command with its arguments (without the command name). The tool prints through
     * {@code term} and calls {@link Terminal#exit} exactly once when done, possibly much later
     * in simulated time.
     */
    void start(Node node, List<String> args, Terminal term);
}
