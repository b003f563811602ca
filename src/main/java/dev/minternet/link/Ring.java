package dev.minternet.link;

/**
 * A channel's datagrams on the wire and when each arrives, from {@link #head} on: made when a
 * second joins the lone one (or with the first between two regions); two slots at first, doubled
 * when full, so always a power of two, indexed by mask.
 */
final class Ring {
    byte[][] data = new byte[2][];
    long[] at = new long[2];
    int head;
}
