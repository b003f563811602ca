package dev.minternet.browser;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One request followed from the browser through the servers (load balancers, backends, the
 * application, its database): where it is now, the chain of lines told so far, and sentences for
 * the step's explanation. Each {@link NarrationPart} may keep its own state for the walk.
 */
final class RequestWalk {
    final Story story;
    /** The request's path, as the browser sent it. */
    final String path;
    /** Whether the walk is for the step of its own (the page), which explains what the servers did. */
    final boolean verbose;
    /** The node that holds the request now; null while it is on its way to the first server. */
    String at;
    final List<String> chain = new ArrayList<>();
    final List<String> explain = new ArrayList<>();
    private final Map<NarrationPart, Object> state = new IdentityHashMap<>();

    RequestWalk(Story story, String path, boolean verbose) {
        this.story = story;
        this.path = path;
        this.verbose = verbose;
    }

    /** {@code part}'s state for this walk, made by {@code init} the first time. */
    @SuppressWarnings("unchecked")
    <T> T state(NarrationPart part, Supplier<T> init) {
        return (T) state.computeIfAbsent(part, p -> init.get());
    }
}
