package dev.minternet.dns;

import dev.minternet.node.Node;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip4;
import java.util.List;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A caching DNS forwarder, as a home router runs (dnsmasq): answers from its cache when it can,
 * otherwise relays the question to its upstream resolvers in order (the next one after a
 * timeout) with its own random ID and port, caches the answer and hands it back.
 */
final class Forwarder implements DnsListener.Handler {
    /** dnsmasq waits about this long before trying the next upstream server. */
    static final long TIMEOUT_MS = 2000;

    private final Node node;
    private final List<ServerAddress> upstream;
    private final DnsListener listener;
    private final Upstream client;
    private final DnsCache cache = new DnsCache();
    long forwarded;

    public Forwarder(Node node, List<Integer> upstream) {
        this(node, upstream, new DnsClient(node, DnsEvents.FORWARDER));
    }

    /** A forwarder to upstream resolvers of either family, asked in order. */
    public static Forwarder of(Node node, List<ServerAddress> upstream) {
        return new Forwarder(node, upstream, new DnsClient(node, DnsEvents.FORWARDER), true);
    }

    /** A forwarder whose queries go through {@code network} (a script in tests). */
    Forwarder(Node node, List<Integer> upstream, Upstream network) {
        this(node, upstream.stream().map(ServerAddress::of).toList(), network, true);
    }

    private Forwarder(Node node, List<ServerAddress> upstream, Upstream network, boolean mixed) {
        this.node = node;
        this.upstream = List.copyOf(upstream);
        this.listener = new DnsListener(node, DnsEvents.FORWARDER, this);
        this.client = network;
    }

    public Forwarder start() {
        listener.start();
        return this;
    }

    public DnsCache cache() {
        return cache;
    }

    public DnsListener listener() {
        return listener;
    }

    public long forwarded() {
        return forwarded;
    }

    @Override
    public void query(Message q, DnsListener.Client c) {
        long started = node.sim().now();
        Record question = q.getQuestion();
        DnsCache.Hit hit = cache.lookup(question.getName(), question.getType(), node.sim().now());
        if (hit != null) {
            Dns.traceCacheHit(node, DnsEvents.FORWARDER, question.getName(), question.getType());
            Dns.serve(node, DnsEvents.FORWARDER, q, c, Dns.reply(q, hit.rcode(), hit.records(), hit.soa(), true), started);
            return;
        }
        forward(q, c, 0, started);
    }

    private void forward(Message q, DnsListener.Client c, int index, long started) {
        if (index >= upstream.size()) {
            Dns.serve(node, DnsEvents.FORWARDER, q, c, Dns.reply(q, Rcode.SERVFAIL, List.of(), null, true), started);
            return;
        }
        Record question = q.getQuestion();
        Message out = DnsClient.newQuery(question.getName(), question.getType(), true, true);
        forwarded++;
        client.query(out, upstream.get(index), null, TIMEOUT_MS * Durations.MS, false, (m, rtt, size) -> {
            if (m == null || m.getRcode() == Rcode.SERVFAIL || m.getRcode() == Rcode.REFUSED) {
                if (m == null || index + 1 < upstream.size()) {
                    forward(q, c, index + 1, started);
                    return;
                }
            }
            if (m.getRcode() == Rcode.NOERROR || m.getRcode() == Rcode.NXDOMAIN) {
                cache.putResponse(m, node.sim().now());
            }
            Message r = Dns.replyTo(q);
            r.getHeader().setRcode(m.getRcode());
            for (int f : new int[] {Flags.RA, Flags.AA, Flags.TC}) {
                if (m.getHeader().getFlag(f)) {
                    r.getHeader().setFlag(f);
                }
            }
            for (int s = Section.ANSWER; s <= Section.ADDITIONAL; s++) {
                for (Record x : Dns.section(m, s)) {
                    r.addRecord(x, s);
                }
            }
            Dns.echoEdns(q, r);
            Dns.serve(node, DnsEvents.FORWARDER, q, c, r, started);
        });
    }
}
