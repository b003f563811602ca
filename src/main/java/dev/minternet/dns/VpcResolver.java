package dev.minternet.dns;

import dev.minternet.node.Node;
import dev.minternet.trace.Trace;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * A cloud VPC's resolver, as AWS's Route 53 Resolver at the VPC's base address + 2: it answers
 * only clients inside the VPC (others get REFUSED, where AWS does not let their packets reach it
 * at all); a name inside a private hosted zone associated with the VPC is answered from that zone
 * (the most specific one; a name the zone does not hold is NXDOMAIN, with no fall-through to the
 * public DNS, as Route 53 does); any other name is relayed to the public resolvers given, with a
 * cache (a {@link Forwarder}), or SERVFAIL when none is given. This is split horizon: the same
 * name has the private answer inside the VPC and the public one (or none) outside.
 */
public final class VpcResolver implements DnsListener.Handler {
    private final Node node;
    private final Cidr vpc;
    private final List<Zone> zones;
    private final Forwarder upstream;
    private final DnsListener listener;
    long refused;
    long privateAnswers;

    /**
     * @param vpc the VPC's block: only its addresses are answered
     * @param zones the private hosted zones associated with the VPC
     * @param upstream public resolvers for other names (may be empty)
     */
    public VpcResolver(Node node, Cidr vpc, List<Zone> zones, List<Integer> upstream) {
        this.node = node;
        this.vpc = vpc;
        this.zones = List.copyOf(zones);
        this.upstream = new Forwarder(node, upstream);
        this.listener = new DnsListener(node, DnsEvents.VPC_RESOLVER, this);
    }

    public VpcResolver start() {
        listener.start();
        return this;
    }

    public DnsListener listener() {
        return listener;
    }

    public List<Zone> zones() {
        return zones;
    }

    /** Queries refused because they came from outside the VPC. */
    public long refused() {
        return refused;
    }

    /** Queries answered from a private hosted zone. */
    public long privateAnswers() {
        return privateAnswers;
    }

    @Override
    public void query(Message q, DnsListener.Client c) {
        Record question = q.getQuestion();
        Zone z = Zone.closest(zones, question.getName());
        if (!vpc.contains(c.address) || question.getDClass() != DClass.IN) {
            refused++;
            Message r = Dns.replyTo(q);
            r.getHeader().setRcode(Rcode.REFUSED);
            Dns.echoEdns(q, r);
            serve(q, c, r, "");
            return;
        }
        if (z == null) {
            upstream.query(q, c);
            return;
        }
        privateAnswers++;
        Message r = Dns.replyTo(q);
        r.getHeader().setFlag(Flags.RA);
        z.lookup(question.getName(), question.getType()).fill(r);
        Dns.echoEdns(q, r);
        serve(q, c, r, Dns.show(z.origin()));
    }

    private void serve(Message q, DnsListener.Client c, Message r, String zone) {
        Trace t = node.trace();
        if (t.enabled()) {
            t.emit(node.name(), DnsEvents.SERVE_AUTHORITATIVE, DnsEvents.VPC_RESOLVER, Ip4.str(c.address),
                    Dns.show(q.getQuestion().getName()), Type.string(q.getQuestion().getType()),
                    q.getHeader().getID(), Rcode.string(r.getRcode()), Dns.kindOf(r), zone);
        }
        c.reply(r);
    }
}
