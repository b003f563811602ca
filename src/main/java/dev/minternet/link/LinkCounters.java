package dev.minternet.link;

/** Counters of one direction of a link: a live view of its channel's counts. */
public final class LinkCounters {
    private final Channel c;

    LinkCounters(Channel c) {
        this.c = c;
    }

    public long sentPackets() {
        c.settle();
        return c.sentPackets;
    }

    public long sentBytes() {
        c.settle();
        return c.sentBytes;
    }

    public long receivedPackets() {
        c.settle();
        return c.receivedPackets;
    }

    public long receivedBytes() {
        c.settle();
        return c.receivedBytes;
    }

    public long droppedQueue() {
        Rare r = c.rare;
        return r == null ? 0 : r.droppedQueue;
    }

    public long droppedLoss() {
        Rare r = c.rare;
        return r == null ? 0 : r.droppedLoss;
    }

    public long droppedDown() {
        Rare r = c.rare;
        return r == null ? 0 : r.droppedDown;
    }

    public long dropped() {
        return droppedQueue() + droppedLoss() + droppedDown();
    }

    @Override
    public String toString() {
        return "sent " + sentPackets() + " (" + sentBytes() + " B), received " + receivedPackets() + " (" + receivedBytes()
                + " B), dropped queue " + droppedQueue() + " loss " + droppedLoss() + " down " + droppedDown();
    }
}
