package dev.minternet.dns;

import dev.minternet.node.Node;
import dev.minternet.trace.Trace;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * An authoritative name server (RFC 1034 4.3.2 without recursion): answers from the zones it
 * serves, with AA on answers and negative answers, referrals (NS + glue, no AA) below its zone
 * cuts, and REFUSED for names outside every zone it serves. It never recurses, so RA is clear.
 */
final class AuthoritativeServer implements DnsListener.Handler {
    private final Node node;
    private final List<Zone> zones = new ArrayList<>();
    private final DnsListener listener;
    long refused;

    public AuthoritativeServer(Node node) {
        this.node = node;
        // BIND answers cookies by default (answer-cookie yes)
        this.listener = new DnsListener(node, DnsEvents.AUTHORITATIVE, this).cookies(DnsCookies.of(node));
    }

    public AuthoritativeServer addZone(Zone z) {
        zones.add(z);
        return this;
    }

    public List<Zone> zones() {
        return zones;
    }

    public AuthoritativeServer start() {
        listener.start();
        return this;
    }

    public DnsListener listener() {
        return listener;
    }

    /** The most specific zone holding {@code name}, or null. */
    Zone zoneFor(Name name) {
        return Zone.closest(zones, name);
    }

    @Override
    public void query(Message q, DnsListener.Client client) {
        client.reply(answer(q, client.addressText()));
    }

    /** The reply to {@code q}: sans-I/O, so tests can drive it directly. */
    public Message answer(Message q, int client) {
        return answer(q, Ip4.str(client));
    }

    /** The reply to {@code q} for the asker whose address is {@code client} (text, for the trace). */
    public Message answer(Message q, String client) {
        Message r = Dns.replyTo(q);
        Record question = q.getQuestion();
        Zone z = zoneFor(question.getName());
        String kind;
        if (z == null || question.getDClass() != DClass.IN) {
            refused++;
            r.getHeader().setRcode(Rcode.REFUSED);
            kind = "refused";
        } else {
            z.lookup(question.getName(), question.getType()).fill(r);
            kind = Dns.kindOf(r);
        }
        Dns.echoEdns(q, r);
        Trace t = node.trace();
        if (t.enabled()) {
            t.emit(node.name(), DnsEvents.SERVE_AUTHORITATIVE, DnsEvents.AUTHORITATIVE, client,
                    Dns.show(question.getName()), Type.string(question.getType()),
                    q.getHeader().getID(), Rcode.string(r.getRcode()), kind, z == null ? "" : Dns.show(z.origin()));
        }
        return r;
    }
}
