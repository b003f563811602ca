package dev.minternet.link;

/** Counters of one direction of a link. */
public final class LinkCounters {
    long sentPackets;
    long sentBytes;
    long receivedPackets;
    long receivedBytes;
    long droppedQueue;
    long droppedLoss;
    long droppedDown;

    public long sentPackets() {
        return sentPackets;
    }

    public long sentBytes() {
        return sentBytes;
    }

    public long receivedPackets() {
        return receivedPackets;
    }

    public long receivedBytes() {
        return receivedBytes;
    }

    public long droppedQueue() {
        return droppedQueue;
    }

    public long droppedLoss() {
        return droppedLoss;
    }

    public long droppedDown() {
        return droppedDown;
    }

    public long dropped() {
        return droppedQueue + droppedLoss + droppedDown;
    }

    @Override
    public String toString() {
        return "sent " + sentPackets + " (" + sentBytes + " B), received " + receivedPackets + " (" + receivedBytes
                + " B), dropped queue " + droppedQueue + " loss " + droppedLoss + " down " + droppedDown;
    }
}
