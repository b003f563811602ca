package dev.minternet.dns;

import dev.minternet.sim.Durations;
import java.util.HashMap;
import java.util.Map;

/**
 * Response rate limiting over UDP, after BIND's {@code rate-limit} (RRL; Vixie and Schryver's
 * "DNS Response Rate Limiting"): identical responses to one client network (a /24, BIND's
 * ipv4-prefix-length) get {@code responsesPerSecond} credits a second; past them a response is
 * dropped, except every {@code slip}-th, which goes as an empty truncated answer (TC set) so a
 * real client retries over TCP while a spoofed victim gets no amplification. Accounts are kept
 * per (client network, question); BIND keys by the response's name and type, the same for the
 * questions a reflection uses. Credits refill continuously and a balance may not fall below
 * {@code -window} seconds' worth (BIND's window, 15 s), so a flood stays limited until it stops.
 *
 * <p>Simplified: no separate limits for errors, NXDOMAIN or referrals, no exemptions.
 */
public final class ResponseRateLimit {
    /** BIND's defaults: window 15 s, slip 2, /24 for IPv4. */
    public static final int DEFAULT_WINDOW = 15;
    public static final int DEFAULT_SLIP = 2;
    static final int PREFIX_MASK = 0xffffff00;

    /** What to do with one response. */
    public enum Verdict { SEND, SLIP, DROP }

    private final int responsesPerSecond;
    private final int slip;
    private final int window;
    private final Map<String, Account> accounts = new HashMap<>();
    long dropped;
    long slipped;

    private static final class Account {
        double balance;
        long at;
        long limited;
    }

    public ResponseRateLimit(int responsesPerSecond, int slip, int window) {
        if (responsesPerSecond < 1 || slip < 0 || window < 1) {
            throw new IllegalArgumentException("rate-limit needs responses-per-second >= 1, slip >= 0, window >= 1");
        }
        this.responsesPerSecond = responsesPerSecond;
        this.slip = slip;
        this.window = window;
    }

    public int responsesPerSecond() {
        return responsesPerSecond;
    }

    public int slip() {
        return slip;
    }

    /** Decides the fate of a response to {@code client} for {@code question} at {@code now} (ns). */
    public Verdict check(int client, String question, long now) {
        String key = (client & PREFIX_MASK) + "/" + question;
        Account a = accounts.get(key);
        if (a == null) {
            a = new Account();
            a.balance = responsesPerSecond;
            a.at = now;
            accounts.put(key, a);
        }
        a.balance = Math.min(responsesPerSecond, a.balance + (now - a.at) * (double) responsesPerSecond / Durations.S);
        a.at = now;
        a.balance = Math.max(-(double) window * responsesPerSecond, a.balance - 1);
        if (a.balance >= 0) {
            return Verdict.SEND;
        }
        a.limited++;
        if (slip > 0 && a.limited % slip == 0) {
            slipped++;
            return Verdict.SLIP;
        }
        dropped++;
        return Verdict.DROP;
    }

    /** Responses dropped. */
    public long dropped() {
        return dropped;
    }

    /** Responses sent truncated instead (slipped). */
    public long slipped() {
        return slipped;
    }
}
