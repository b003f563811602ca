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
        return c.droppedQueue();
    }

    public long droppedLoss() {
        return c.droppedLoss();
    }

    public long droppedDown() {
        return c.droppedDown();
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
