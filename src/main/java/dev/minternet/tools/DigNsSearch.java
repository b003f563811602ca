package dev.minternet.tools;

import dev.minternet.dns.Dns;
import dev.minternet.dns.DnsClient;
import dev.minternet.dns.ServerAddress;
import dev.minternet.sim.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * dig's {@code +nssearch}: the zone's name servers from the resolver, then each one's SOA asked
 * directly (no recursion), one line a server as the answers come: "SOA ... from server ADDR in
 * N ms." (dig.c's short form with the type and +identify). Each server is asked at its IPv4
 * address (glue from the NS answer, else the resolver's A answer); a server that does not answer
 * or answers without an SOA prints nothing, as dig prints nothing for it.
 */
final class DigNsSearch {
    private final DnsClient client;
    private final ServerAddress resolver;
    private final long timeoutNs;
    private final Terminal term;
    private final Name zone;
    private final BiFunction<ServerAddress, Record, List<String>> lines;
    private int pending;
    private boolean any;

    /** dig's form: one line a server. */
    DigNsSearch(DnsClient client, ServerAddress resolver, long timeoutNs, Terminal term, Name zone) {
        this(client, resolver, timeoutNs, term, zone, null);
    }

    /** With the lines {@code lines} makes of a server's SOA (host -C's "Nameserver ADDR:" form); null: dig's. */
    DigNsSearch(DnsClient client, ServerAddress resolver, long timeoutNs, Terminal term, Name zone,
            BiFunction<ServerAddress, Record, List<String>> lines) {
        this.client = client;
        this.resolver = resolver;
        this.timeoutNs = timeoutNs;
        this.term = term;
        this.zone = zone;
        this.lines = lines;
    }

    void start() {
        client.query(DnsClient.newQuery(zone, Type.NS, true, true), resolver, null, timeoutNs, false,
                (DnsClient.DetailedCallback) (m, rtt, size, viaTcp) -> {
                    if (m == null) {
                        term.println(";; communications error to " + resolver + "#" + client.port() + ": "
                                + DnsClient.bindReason(client.lastFailure()));
                        term.println(";; no servers could be reached");
                        term.exit(9);
                        return;
                    }
                    List<Name> names = new ArrayList<>();
                    for (Record r : m.getSection(Section.ANSWER)) {
                        if (r instanceof NSRecord ns) {
                            names.add(ns.getTarget());
                        }
                    }
                    if (names.isEmpty()) {
                        term.exit(0);
                        return;
                    }
                    pending = names.size();
                    for (Name ns : names) {
                        address(ns, m);
                    }
                });
    }

    /** The server's IPv4 address: glue from {@code from}, else the resolver's answer. */
    private void address(Name ns, Message from) {
        for (Record r : from.getSection(Section.ADDITIONAL)) {
            if (r instanceof ARecord a && r.getName().equals(ns)) {
                ask(ServerAddress.of(Dns.address(a)));
                return;
            }
        }
        client.query(DnsClient.newQuery(ns, Type.A, true, true), resolver, null, timeoutNs, false,
                (DnsClient.DetailedCallback) (m, rtt, size, viaTcp) -> {
                    for (Record r : m == null ? List.<Record>of() : m.getSection(Section.ANSWER)) {
                        if (r instanceof ARecord a) {
                            ask(ServerAddress.of(Dns.address(a)));
                            return;
                        }
                    }
                    term.println(";; couldn't get address for '" + Dns.show(ns) + "': not found");
                    done();
                });
    }

    private void ask(ServerAddress server) {
        client.query(DnsClient.newQuery(zone, Type.SOA, false, true), server, null, timeoutNs, false,
                (DnsClient.DetailedCallback) (m, rtt, size, viaTcp) -> {
                    for (Record r : m == null ? List.<Record>of() : m.getSection(Section.ANSWER)) {
                        if (r instanceof SOARecord) {
                            any = true;
                            if (lines != null) {
                                lines.apply(server, r).forEach(term::println);
                                continue;
                            }
                            term.println("SOA " + BindText.rdata(r) + " from server " + server + " in " + rtt / Durations.MS
                                    + " ms.");
                        }
                    }
                    done();
                });
    }

    private void done() {
        if (--pending == 0) {
            term.exit(any ? 0 : 9);
        }
    }
}
