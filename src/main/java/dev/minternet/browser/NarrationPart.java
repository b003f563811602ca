package dev.minternet.browser;

import dev.minternet.trace.TraceEvent;

/**
 * One concern's share of a visit's story (DNS, TCP, the route, TLS, the fetches, the load
 * balancer, the application and its database), read from the trace through that layer's event
 * catalog. {@link NarrationParts#ALL} lists them; a new layer adds a part (a file) and a line there
 * instead of a branch in the narrator.
 */
interface NarrationPart {
    /** Adds this part's steps, details, explanations and waterfall rows to {@code story}. */
    default void tell(Story story) {
    }

    /**
     * Reads one event while a request is followed through the servers ({@link RequestWalk}); true
     * when the event was this part's to tell (it is then not offered to the others).
     */
    default boolean follow(TraceEvent e, RequestWalk walk) {
        return false;
    }

    /** Adds the arrow {@code e} stands for, if it is one of this part's, to the sequence diagram. */
    default void draw(TraceEvent e, Sequence seq) {
    }
}
