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

    /**
     * Judges a command line (without the command name) with the tool's own parser, without
     * running anything, for {@code minternet check}: throws {@link IllegalArgumentException} with
     * what the tool would print (an unknown option, a value out of range, a missing operand).
     */
    default void validate(List<String> args) {
    }

    /**
     * The host files a command line names (without the command name), for {@code minternet
     * check} to judge by the file policy before anything runs; none when the line does not parse.
     */
    default List<FileArg> files(List<String> args) {
        return List.of();
    }

    /** A file named on a command line: the option that names it, the name, and whether it is written. */
    record FileArg(String option, String name, boolean write) {
    }
}
