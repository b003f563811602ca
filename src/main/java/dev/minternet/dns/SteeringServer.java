package dev.minternet.dns;

import dev.minternet.node.Node;
import dev.minternet.trace.Trace;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A CDN's steering name server (a GSLB, as Akamai's or Route 53's latency-based routing): the
 * authoritative server of one zone ({@code cdn.example.net}) that answers every A question for a
 * name below it with the address of the edge nearest the client, with a short TTL (20 s, as
 * Akamai's). The client is located by the EDNS Client Subnet option when the query carries one
 * (RFC 7871: the answer then echoes the option with SCOPE PREFIX-LENGTH equal to the source
 * prefix, at most 24, meaning "this answer is for that subnet"), else by the address of the
 * resolver that asked. Nearest: the smallest one-way propagation delay over the topology
 * ({@link PathDelays}); ties go to the first edge listed.
 *
 * <p>The zone's apex has an SOA and an NS naming {@code ns.ZONE}, whose A is this server's
 * address (the parent zone delegates to it with that glue); other types are NODATA; names outside
 * the zone are REFUSED, as an authoritative server does.
 */
public final class SteeringServer implements DnsListener.Handler {
    /** An edge the server may hand out. */
    public record Edge(Node node, int address) {
    }

    /** The TTL of steered answers unless given: Akamai's 20 s. */
    public static final long DEFAULT_TTL = 20;
    /** RFC 7871 section 7.2.1 advises at most /24 for IPv4; the answer's scope is never finer. */
    static final int MAX_SCOPE = 24;

    private final Node node;
    private final Name origin;
    private final long ttl;
    private final List<Edge> edges;
    private final PathDelays delays;
    private final DnsListener listener;
    private final SOARecord soa;
    private final Name nsName;
    private final int self;

    public SteeringServer(Node node, Name origin, long ttl, List<Edge> edges) {
        if (edges.isEmpty()) {
            throw new IllegalArgumentException("a steering server needs at least one edge");
        }
        this.node = node;
        this.origin = origin;
        this.ttl = ttl;
        this.edges = List.copyOf(edges);
        this.delays = new PathDelays(node.world());
        this.self = node.ip().primaryAddress();
        try {
            this.nsName = Name.concatenate(Name.fromString("ns"), origin);
            this.soa = new SOARecord(origin, DClass.IN, 3600, nsName, Name.concatenate(Name.fromString("hostmaster"), origin),
                    1, 3600, 600, 86400, ttl);
        } catch (org.xbill.DNS.TextParseException | org.xbill.DNS.NameTooLongException e) {
            throw new IllegalArgumentException("bad zone " + origin + ": " + e.getMessage());
        }
        this.listener = new DnsListener(node, DnsEvents.AUTHORITATIVE, this).cookies(DnsCookies.of(node));
    }

    public SteeringServer start() {
        listener.start();
        return this;
    }

    public DnsListener listener() {
        return listener;
    }

    @Override
    public void query(Message q, DnsListener.Client client) {
        client.reply(answer(q, client.address));
    }

    /** The edge nearest {@code address} (the node holding it or its subnet), the first edge when none is known. */
    public Edge nearest(int address) {
        Node where = delays.nodeOf(address);
        Edge best = edges.get(0);
        long bestDelay = Long.MAX_VALUE;
        if (where != null) {
            for (Edge e : edges) {
                long d = delays.delay(e.node(), where);
                if (d < bestDelay) {
                    best = e;
                    bestDelay = d;
                }
            }
        }
        return best;
    }

    /** Whether any edge has a global IPv6 address (then AAAA questions are steered too). */
    private boolean anyIpv6() {
        for (Edge e : edges) {
            if (global6(e.node()) != null) {
                return true;
            }
        }
        return false;
    }

    /** The first global IPv6 address of {@code n}'s interfaces, or null. */
    private static Ip6 global6(Node n) {
        for (var i : n.ip6().interfaces()) {
            for (var a : i.addresses()) {
                if (!a.linkLocal()) {
                    return a.address();
                }
            }
        }
        return null;
    }

    /** The reply to {@code q} from {@code client}: sans-I/O. */
    public Message answer(Message q, int client) {
        Message r = Dns.replyTo(q);
        Record question = q.getQuestion();
        Name qname = question.getName();
        ClientSubnetOption ecs = Ecs.option(q);
        String kind;
        if (!qname.subdomain(origin) || question.getDClass() != DClass.IN) {
            r.getHeader().setRcode(Rcode.REFUSED);
            kind = "refused";
        } else {
            r.getHeader().setFlag(Flags.AA);
            int type = question.getType();
            if (qname.equals(origin) && type == Type.SOA) {
                r.addRecord(soa, Section.ANSWER);
            } else if (qname.equals(origin) && type == Type.NS) {
                r.addRecord(new NSRecord(origin, DClass.IN, 3600, nsName), Section.ANSWER);
                r.addRecord(Dns.aRecord(nsName, 3600, self), Section.ADDITIONAL);
            } else if (qname.equals(nsName) && type == Type.A) {
                r.addRecord(Dns.aRecord(nsName, 3600, self), Section.ANSWER);
            } else if (!qname.equals(origin) && !qname.equals(nsName) && (type == Type.A || type == Type.AAAA && anyIpv6())) {
                boolean byEcs = ecs != null && ecs.getFamily() == 1 && ecs.getSourcePrefixLength() > 0;
                int where = byEcs ? Ecs.address(ecs) : client;
                Edge e = nearest(where);
                Ip6 v6 = type == Type.AAAA ? global6(e.node()) : null;
                if (type == Type.A) {
                    r.addRecord(Dns.aRecord(qname, ttl, e.address()), Section.ANSWER);
                } else if (v6 != null) { // the same edge's IPv6 address (a dual-stack edge)
                    r.addRecord(new AAAARecord(qname, DClass.IN, ttl, v6.bytes()), Section.ANSWER);
                } else {
                    r.addRecord(soa, Section.AUTHORITY); // that edge has no IPv6: NODATA
                }
                Trace t = node.trace();
                if (t.enabled()) {
                    long d = delays.nodeOf(where) == null ? 0 : delays.delay(e.node(), delays.nodeOf(where));
                    t.emit(node.name(), DnsEvents.STEER, Dns.show(qname), Ip4.str(client),
                            byEcs ? DnsEvents.LOCATION_ECS + Ip4.str(where) + "/" + ecs.getSourcePrefixLength() : DnsEvents.LOCATION_RESOLVER + Ip4.str(client), e.node().name(),
                            d == Long.MAX_VALUE ? 0 : d);
                }
            } else {
                r.addRecord(soa, Section.AUTHORITY);
            }
            kind = Dns.kindOf(r);
        }
        Dns.echoEdns(q, r);
        if (ecs != null && r.getOPT() != null) {
            // RFC 7871 7.2.1: echo FAMILY, SOURCE PREFIX-LENGTH and ADDRESS; SCOPE says whom the answer is for
            int scope = ecs.getFamily() == 1 && ecs.getSourcePrefixLength() > 0 && r.getRcode() == Rcode.NOERROR
                    ? Math.min(ecs.getSourcePrefixLength(), MAX_SCOPE) : 0;
            Ecs.put(r, ecs.getFamily() == 1 ? Ecs.ipv4(Ecs.address(ecs), ecs.getSourcePrefixLength(), scope) : ecs);
        }
        Trace t = node.trace();
        if (t.enabled()) {
            t.emit(node.name(), DnsEvents.SERVE_AUTHORITATIVE, DnsEvents.AUTHORITATIVE, Ip4.str(client), Dns.show(qname),
                    Type.string(question.getType()), q.getHeader().getID(), Rcode.string(r.getRcode()), kind, Dns.show(origin));
        }
        return r;
    }
}
