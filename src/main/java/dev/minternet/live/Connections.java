package dev.minternet.live;

import java.util.concurrent.Semaphore;

/**
 * The bounds on what real clients may open through the bridges: connections at once (the DNS
 * listener's TCP side and the proxy share them) and bytes per connection in each direction
 * from the real client.
 */
final class Connections {
    static final int DEFAULT_MAX = 64;
    static final long DEFAULT_BYTES = 64L << 20;

    private final Semaphore slots;
    private final long byteLimit;

    Connections(int max, long byteLimit) {
        this.slots = new Semaphore(max);
        this.byteLimit = byteLimit;
    }

    boolean acquire() {
        return slots.tryAcquire();
    }

    void release() {
        slots.release();
    }

    long byteLimit() {
        return byteLimit;
    }
}
