package dev.minternet.dns;

import dev.minternet.node.Node;
import dev.minternet.wire.BigEndian;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * DNS cookies (RFC 7873) as BIND 9.18 makes and checks them, with one secret per node (BIND's
 * {@code cookie-secret}) drawn from the node's seeded stream, so a run's cookies are the same
 * every time.
 *
 * <p>A server cookie is RFC 9018's interoperable format: version 1, three reserved zero bytes,
 * the 32-bit time it was minted (seconds since 1970 on the simulated clock), then the first 8
 * bytes of SipHash-2-4 over client cookie | version | reserved | time | client IPv4 address
 * (RFC 9018 4.2-4.4). A server accepts a cookie it minted for that client within the last hour,
 * or up to 5 minutes ahead, as BIND does, and mints a fresh one for every reply.
 *
 * <p>A client cookie from a resolver is SipHash-2-4 over its own address and the server's (RFC
 * 7873 4.1: a function of client IP, server IP and a client secret), so servers cannot link the
 * resolver's queries to different servers; the resolver remembers each server's last cookie and
 * sends it back (RFC 7873 5.1).
 */
public final class DnsCookies {
    /** RFC 7873 4: the COOKIE option code. */
    public static final int OPTION = EDNSOption.Code.COOKIE;
    /** RFC 7873 4: a client cookie is 8 bytes. */
    public static final int CLIENT_LENGTH = 8;
    /** RFC 9018 4: an interoperable server cookie is 16 bytes. */
    static final int SERVER_LENGTH = 16;
    /** RFC 9018 4.1: the version of the server cookie format. */
    static final int VERSION = 1;
    /** BIND accepts a server cookie minted at most an hour ago ... */
    static final long MAX_AGE_S = 3600;
    /** ... or up to 5 minutes in the future (clock skew between servers sharing a secret). */
    static final long MAX_AHEAD_S = 300;
    /** RFC 7873 8: the extended RCODE BADCOOKIE. */
    public static final int BADCOOKIE = 23;

    private final byte[] secret;
    /** Server cookies learnt as a client, by server address (a resolver's, as BIND's ADB keeps them). */
    private final Map<Integer, byte[]> learnt = new HashMap<>();
    private boolean requireServerCookie;

    DnsCookies(byte[] secret) {
        if (secret.length != 16) {
            throw new IllegalArgumentException("a cookie secret is 16 bytes (the SipHash-2-4 key)");
        }
        this.secret = secret.clone();
    }

    /** The node's cookie state: one secret for its server and its resolver, made on first use. */
    public static DnsCookies of(Node node) {
        DnsCookies c = node.service(DnsCookies.class);
        if (c == null) {
            SplittableRandom r = node.random("dns-cookie-secret");
            byte[] secret = new byte[16];
            for (int i = 0; i < 16; i += 8) {
                BigEndian.put64(secret, i, r.nextLong());
            }
            c = new DnsCookies(secret);
            node.attach(DnsCookies.class, c);
        }
        return c;
    }

    /**
     * BIND's {@code require-server-cookie}: when set, a UDP query that carries a client cookie
     * but no valid server cookie is answered BADCOOKIE with a fresh cookie and nothing else
     * (RFC 7873 5.2.3). Off by default, as in BIND.
     */
    public DnsCookies requireServerCookie(boolean on) {
        this.requireServerCookie = on;
        return this;
    }

    public boolean requireServerCookie() {
        return requireServerCookie;
    }

    // ---- the option in a message

    /** The COOKIE option of {@code m}'s OPT record, or null. */
    public static CookieOption option(Message m) {
        OPTRecord opt = m.getOPT();
        if (opt == null) {
            return null;
        }
        for (EDNSOption o : opt.getOptions(OPTION)) {
            return (CookieOption) o;
        }
        return null;
    }

    /** The option's bytes as they travel: the client cookie, then the server cookie if any. */
    public static byte[] bytes(CookieOption c) {
        byte[] client = c.getClientCookie();
        byte[] server = c.getServerCookie().orElse(new byte[0]);
        byte[] out = Arrays.copyOf(client, client.length + server.length);
        System.arraycopy(server, 0, out, client.length, server.length);
        return out;
    }

    /**
     * Puts {@code cookie} into {@code m}'s OPT record in place of any COOKIE option there,
     * keeping the record's other options, payload size, flags and extended RCODE. Does nothing
     * when {@code m} has no OPT record (no EDNS, no cookie: RFC 7873 5).
     */
    public static void put(Message m, CookieOption cookie) {
        OPTRecord opt = m.getOPT();
        if (opt == null) {
            return;
        }
        List<EDNSOption> options = new ArrayList<>();
        for (EDNSOption o : opt.getOptions()) {
            if (o.getCode() != OPTION) {
                options.add(o);
            }
        }
        options.add(cookie);
        replaceOpt(m, new OPTRecord(opt.getPayloadSize(), opt.getExtendedRcode(), opt.getVersion(), opt.getFlags(),
                options));
    }

    /** Replaces {@code m}'s OPT record (dnsjava records are immutable). */
    public static void replaceOpt(Message m, OPTRecord opt) {
        for (Record r : m.getSection(Section.ADDITIONAL)) {
            if (r instanceof OPTRecord old) {
                m.removeRecord(old, Section.ADDITIONAL);
            }
        }
        m.addRecord(opt, Section.ADDITIONAL);
    }

    // ---- server side

    /** RFC 9018 4: the server cookie for {@code clientCookie} from {@code client}, minted at {@code when}. */
    byte[] serverCookie(byte[] clientCookie, int client, long when) {
        byte[] input = new byte[CLIENT_LENGTH + 8 + 4];
        System.arraycopy(clientCookie, 0, input, 0, CLIENT_LENGTH);
        input[CLIENT_LENGTH] = VERSION;
        BigEndian.put32(input, CLIENT_LENGTH + 4, (int) when);
        BigEndian.put32(input, CLIENT_LENGTH + 8, client);
        byte[] out = new byte[SERVER_LENGTH];
        System.arraycopy(input, CLIENT_LENGTH, out, 0, 8);
        System.arraycopy(SipHash.hash(secret, input), 0, out, 8, 8);
        return out;
    }

    /** A reply's cookie: the client's cookie and a server cookie minted {@code now} (seconds since 1970). */
    public CookieOption reply(byte[] clientCookie, int client, long now) {
        return new CookieOption(clientCookie, serverCookie(clientCookie, client, now));
    }

    /**
     * Whether {@code c} carries a server cookie this server minted for {@code client} in the
     * last hour (or up to five minutes ahead), as BIND checks it; a client cookie alone is not.
     */
    public boolean valid(CookieOption c, int client, long now) {
        byte[] server = c.getServerCookie().orElse(null);
        if (server == null || server.length != SERVER_LENGTH || server[0] != VERSION) {
            return false;
        }
        long when = BigEndian.u32(server, 4) & 0xffffffffL;
        // serial-number arithmetic on 32-bit seconds, as isc_serial_gt/lt
        int ahead = (int) (when - now);
        if (ahead > MAX_AHEAD_S || ahead < -MAX_AGE_S) {
            return false;
        }
        return Arrays.equals(server, serverCookie(c.getClientCookie(), client, when));
    }

    // ---- client side

    /** The client cookie this node uses towards {@code server} when its address is {@code self}. */
    public byte[] clientCookie(int self, int server) {
        byte[] input = new byte[8];
        BigEndian.put32(input, 0, self);
        BigEndian.put32(input, 4, server);
        return SipHash.hash(secret, input);
    }

    /** The cookie this node sends to {@code server} from {@code self}: its own, and the server's last one if known. */
    public CookieOption forServer(int self, int server) {
        byte[] client = clientCookie(self, server);
        byte[] known = learnt.get(server);
        return known == null ? new CookieOption(client) : new CookieOption(client, known);
    }

    /**
     * Reads a reply's cookie as a client: false when it carries a client cookie other than ours
     * (the reply is then discarded, RFC 7873 5.3); otherwise remembers the server cookie it
     * carries, to send back next time (5.1).
     */
    public boolean accept(int self, int server, CookieOption reply) {
        if (reply == null) {
            return true;
        }
        if (!Arrays.equals(reply.getClientCookie(), clientCookie(self, server))) {
            return false;
        }
        reply.getServerCookie().ifPresent(s -> learnt.put(server, s.clone()));
        return true;
    }

    /** The server cookie this node last learnt from {@code server}, or null. */
    public byte[] learnt(int server) {
        byte[] s = learnt.get(server);
        return s == null ? null : s.clone();
    }
}
