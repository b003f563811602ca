package dev.minternet.dns;

import dev.minternet.node.Node;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Queries of a class other than IN, as the servers modelled answer them: the CHAOS names that
 * tell what a server runs ({@code dig CH TXT version.bind}), everything else refused.
 *
 * <ul>
 *   <li>BIND 9.18 (resolvers and authoritative servers) serves the built-in {@code _bind} view:
 *       {@code version.bind} and {@code hostname.bind} TXT (class CH, TTL 0), authoritative, no
 *       recursion there, the zone's NS (itself) in the authority section. A query of the view's
 *       names for another type gets the zone's SOA-less empty answer; any other CH name, and
 *       every other class, REFUSED (no view serves it).</li>
 *   <li>dnsmasq (a home router's forwarder) answers {@code version.bind} itself ("dnsmasq-2.89",
 *       TTL 0, with RA as for all its answers) and refuses other classes.</li>
 * </ul>
 * Other servers (a cloud's resolver, a CDN's steering server) refuse every class but IN.
 */
public final class Chaos {
    /** What a server says it is: its version text, whether it is BIND (the {@code _bind} view), or null for neither. */
    public record Software(String version, boolean bind) {
        public static final Software BIND = new Software("9.18.28", true);
        public static final Software DNSMASQ = new Software("dnsmasq-2.89", false);
    }

    static final Name VERSION = Name.fromConstantString("version.bind.");
    static final Name HOSTNAME = Name.fromConstantString("hostname.bind.");

    private Chaos() {
    }

    /** What the server behind {@code h} runs: BIND for resolvers and authoritative servers, dnsmasq for forwarders. */
    static Software softwareOf(DnsListener.Handler h) {
        if (h instanceof Forwarder) {
            return Software.DNSMASQ;
        }
        return h instanceof RecursiveResolver || h instanceof AuthoritativeServer ? Software.BIND : null;
    }

    /** The reply to {@code q}, whose class is not IN, from a server running {@code sw} (null: none of the above) on {@code node}. */
    static Message reply(Message q, Software sw, Node node) {
        Message r = Dns.replyTo(q);
        Record question = q.getQuestion();
        Name name = question.getName();
        int type = question.getType();
        String text = null;
        if (sw != null && question.getDClass() == DClass.CH) {
            if (name.equals(VERSION)) {
                text = sw.version();
            } else if (name.equals(HOSTNAME) && sw.bind()) {
                text = node.name();
            }
        }
        if (text == null) {
            r.getHeader().setRcode(Rcode.REFUSED);
        } else {
            r.getHeader().setFlag(Flags.AA);
            if (!sw.bind()) {
                r.getHeader().setFlag(Flags.RA);
            }
            if (type == Type.TXT || type == Type.ANY) {
                r.addRecord(new TXTRecord(name, DClass.CH, 0, List.of(text)), Section.ANSWER);
            }
            if (sw.bind()) {
                r.addRecord(new NSRecord(name, DClass.CH, 0, name), Section.AUTHORITY);
            }
        }
        Dns.echoEdns(q, r);
        return r;
    }
}
