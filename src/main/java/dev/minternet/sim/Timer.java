package dev.minternet.sim;

/**
 * A re-armable timer bound to a simulator: {@link #setAt}, {@link #setAfter} and {@link #cancel}
 * are O(log n) and allocate nothing, so protocol machines can re-arm their RTO or delayed-ACK
 * timers on every segment.
 */
public final class Timer extends Event {
    private final Simulator sim;
    private final Runnable action;

    public Timer(Simulator sim, Runnable action) {
        this.sim = sim;
        this.action = action;
    }

    /** Fires at absolute simulated time {@code t} (ns), replacing any pending deadline. */
    public void setAt(long t) {
        sim.reschedule(this, t);
    }

    /** Fires {@code delayNs} after now, replacing any pending deadline. */
    public void setAfter(long delayNs) {
        sim.reschedule(this, sim.after(delayNs));
    }

    /** Cancels the pending deadline, if any. */
    public void cancel() {
        sim.cancel(this);
    }

    @Override
    protected void fire() {
        action.run();
    }
}
