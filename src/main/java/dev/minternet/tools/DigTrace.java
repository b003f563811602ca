package dev.minternet.tools;

import dev.minternet.dns.Dns;
import dev.minternet.dns.DnsClient;
import dev.minternet.dns.DnsEvents;
import dev.minternet.dns.ServerAddress;
import dev.minternet.sim.Durations;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** dig's {@code +trace}: from the root's NS, down the referrals, one server of each zone asked, as dig does. */
final class DigTrace {
    private final Dig.Session s;

    DigTrace(Dig.Session s) {
        this.s = s;
    }

    void root() {
        Message q = DnsClient.newQuery(Name.root, Type.NS, true, true);
        ServerAddress first = s.firstServer();
        s.client.query(q, first, null, s.timeoutNs, s.tcp, (DnsClient.DetailedCallback) (m, rtt, size, viaTcp) -> {
            if (m == null) {
                s.term.println(";; communications error to " + first + "#" + s.port + ": " + DnsClient.bindReason(s.client.lastFailure()));
                s.term.println(";; no servers could be reached");
                s.term.exit(9);
                return;
            }
            printTraceHop(m, size, first, s.serverShown, rtt);
            List<Name> roots = nsNames(m.getSection(Section.ANSWER));
            if (roots.isEmpty()) {
                s.term.println(";; no root servers in the answer");
                s.term.exit(9);
                return;
            }
            hop(roots, m, 0);
        });
    }

    static List<Name> nsNames(List<Record> recs) {
        List<Name> l = new ArrayList<>();
        for (Record r : recs) {
            if (r instanceof NSRecord ns) {
                l.add(ns.getTarget());
            }
        }
        return l;
    }

    /**
     * The address of {@code ns} among {@code recs} (glue or an answer): of the family the
     * trace started in first (a trace from an IPv6 server follows AAAA glue, one from an
     * IPv4 server A glue), else of the other; null when none.
     */
    ServerAddress addressOf(Name ns, List<Record> recs) {
        ServerAddress v4 = null;
        ServerAddress v6 = null;
        for (Record r : recs) {
            if (r instanceof ARecord a && r.getName().equals(ns) && v4 == null) {
                v4 = ServerAddress.of(Dns.address(a));
            } else if (r instanceof AAAARecord a && r.getName().equals(ns) && v6 == null) {
                v6 = ServerAddress.of(Dns.address(a));
            }
        }
        return s.server6 != null ? (v6 != null ? v6 : v4) : (v4 != null ? v4 : v6);
    }

    /** Asks one of {@code servers} (s.random, as dig picks), using glue from {@code glueFrom} if any. */
    void hop(List<Name> servers, Message glueFrom, int hops) {
        if (servers.isEmpty() || hops > 30) {
            s.term.println(";; no servers could be reached");
            s.term.exit(9);
            return;
        }
        List<Name> rest = new ArrayList<>(servers);
        Name ns = rest.remove(s.random.nextInt(rest.size()));
        ServerAddress glue = addressOf(ns, glueFrom.getSection(Section.ADDITIONAL));
        if (glue != null) {
            askHop(ns, glue, rest, glueFrom, hops);
            return;
        }
        Message q = DnsClient.newQuery(ns, s.server6 != null ? Type.AAAA : Type.A, true, true);
        s.client.query(q, s.firstServer(), null, s.timeoutNs, false, (DnsClient.DetailedCallback) (m, rtt, size, viaTcp) -> {
            ServerAddress addr = m == null ? null : addressOf(ns, m.getSection(Section.ANSWER));
            if (addr == null) {
                s.term.println(";; couldn't get address for '" + ns + "': not found");
                hop(rest, glueFrom, hops + 1);
                return;
            }
            askHop(ns, addr, rest, glueFrom, hops);
        });
    }

    void askHop(Name ns, ServerAddress addr, List<Name> rest, Message glueFrom, int hops) {
        Message q = DnsClient.newQuery(s.qname, s.qtype, false, true);
        s.client.query(q, addr, Dns.show(ns), s.timeoutNs, s.tcp, (DnsClient.DetailedCallback) (m, rtt, size, viaTcp) -> {
            if (m == null) {
                s.term.println(";; communications error to " + addr + "#" + s.port + ": " + DnsClient.bindReason(s.client.lastFailure()));
                hop(rest, glueFrom, hops + 1);
                return;
            }
            printTraceHop(m, size, addr, Dns.show(ns), rtt);
            String kind = Dns.kindOf(m);
            if (kind.equals(DnsEvents.KIND_REFERRAL)) {
                hop(nsNames(m.getSection(Section.AUTHORITY)), m, hops + 1);
            } else {
                s.term.exit(0);
            }
        });
    }

    void printTraceHop(Message m, int size, ServerAddress addr, String name, long rttNs) {
        if (s.show.shortForm) {
            for (Record r : m.getSection(Section.ANSWER)) {
                s.term.println(Type.string(r.getType()) + " " + BindText.rdata(r) + " from server " + addr
                        + " in " + rttNs / Durations.MS + " ms.");
            }
            return;
        }
        for (int sec = Section.ANSWER; sec <= Section.AUTHORITY; sec++) {
            for (Record r : Dns.section(m, sec)) {
                s.term.println(s.show.record(r));
            }
        }
        s.term.println(";; Received " + size + " bytes from " + addr + "#" + s.port + "(" + name + ") in " + rttNs / Durations.MS
                + " ms");
        s.term.println("");
    }
}
