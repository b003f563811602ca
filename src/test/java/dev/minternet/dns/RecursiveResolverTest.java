package dev.minternet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The resolver's logic driven without a network: its upstream is a script that hands each query
 * to an authoritative server's sans-I/O {@code answer} (or to a hand-made liar) and replies
 * 10 ms later, or never.
 */
class RecursiveResolverTest {
    static final int ROOT = Ip4.parse("198.41.0.4");
    static final int GTLD = Ip4.parse("192.5.6.30");
    static final int NS1 = Ip4.parse("199.43.135.53");
    static final int NS2 = Ip4.parse("199.43.133.53");
    static final int EVIL = Ip4.parse("203.0.113.66");
    static final int CLIENT = Ip4.parse("10.0.0.7");
    static final long RTT = 10 * Durations.MS;

    World w;
    RecursiveResolver resolver;
    final Map<Integer, Function<Message, Message>> servers = new HashMap<>();
    final List<String> asked = new ArrayList<>();

    static Zone zone(String origin, String text) throws Exception {
        List<Record> l = new ArrayList<>();
        try (Master m = new Master(new ByteArrayInputStream(text.getBytes()),
                Name.fromConstantString(origin), 3600)) {
            Record r;
            while ((r = m.nextRecord()) != null) {
                l.add(r);
            }
        }
        return new Zone(Name.fromConstantString(origin), l);
    }

    Function<Message, Message> serving(Zone z) {
        Node n = w.addHost("auth" + servers.size());
        AuthoritativeServer s = new AuthoritativeServer(n).addZone(z);
        return q -> s.answer(q, 0);
    }

    @BeforeEach
    void setUp() throws Exception {
        w = new World(1, Instant.EPOCH);
        Node node = w.addHost("resolver");
        Upstream script = (q, server, name, timeoutNs, tcp, cb) -> {
            asked.add(Ip4.str(server) + " " + Dns.show(q.getQuestion().getName()) + " rd=" + q.getHeader().getFlag(Flags.RD));
            Function<Message, Message> s = servers.get(server);
            if (s == null) {
                w.sim().schedule(timeoutNs, () -> cb.done(null, timeoutNs, 0));
                return;
            }
            Message r = s.apply(q);
            w.sim().schedule(RTT, () -> cb.done(r, RTT, r.toWire().length));
        };
        resolver = new RecursiveResolver(node, List.of(new RecursiveResolver.Hint(
                Name.fromConstantString("a.root-servers.net."), ROOT)), List.of(Cidr.parse("10.0.0.0/8")), script);
        servers.put(ROOT, serving(zone(".", """
                . 86400 IN SOA a.root-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 86400
                . 518400 IN NS a.root-servers.net.
                a.root-servers.net. 518400 IN A 198.41.0.4
                com. 172800 IN NS a.gtld-servers.net.
                a.gtld-servers.net. 172800 IN A 192.5.6.30
                """)));
        servers.put(GTLD, serving(zone("com.", """
                com. 86400 IN SOA a.gtld-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 900
                com. 172800 IN NS a.gtld-servers.net.
                example.com. 172800 IN NS ns1.example.com.
                example.com. 172800 IN NS ns2.example.com.
                ns1.example.com. 172800 IN A 199.43.135.53
                ns2.example.com. 172800 IN A 199.43.133.53
                evil.com. 172800 IN NS ns.evil.com.
                ns.evil.com. 172800 IN A 203.0.113.66
                deep.com. 172800 IN NS ns.deep.com.
                ns.deep.com. 172800 IN A 203.0.113.77
                """)));
        Function<Message, Message> example = serving(zone("example.com.", """
                @ 3600 IN SOA ns1 h 1 7200 3600 1209600 300
                @ 3600 IN NS ns1
                @ 3600 IN NS ns2
                ns1 3600 IN A 199.43.135.53
                ns2 3600 IN A 199.43.133.53
                www 300 IN A 93.184.216.34
                """));
        servers.put(NS1, example);
        servers.put(NS2, example);
    }

    Message ask(String name, int type) {
        List<Message> replies = new ArrayList<>();
        Message q = DnsClient.newQuery(Name.fromConstantString(name), type, true, false);
        q.getHeader().setID(4242);
        resolver.listener().accept(q.toWire(), CLIENT, 5353, DnsListener.Transport.UDP, b -> replies.add(Dns.parse(b)));
        w.sim().run();
        assertThat(replies).hasSize(1);
        return replies.get(0);
    }

    static List<String> answers(Message m) {
        return m.getSection(Section.ANSWER).stream().map(Record::rdataToString).toList();
    }

    @Test
    void given_a_cold_cache_it_walks_root_tld_authoritative_without_rd() {
        Message m = ask("www.example.com.", Type.A);
        assertThat(m.getHeader().getID()).isEqualTo(4242);
        assertThat(m.getHeader().getFlag(Flags.RA)).isTrue();
        assertThat(m.getHeader().getFlag(Flags.AA)).isFalse();
        assertThat(answers(m)).containsExactly("93.184.216.34");
        assertThat(asked).containsExactly("198.41.0.4 www.example.com rd=false", "192.5.6.30 www.example.com rd=false",
                "199.43.135.53 www.example.com rd=false");
        assertThat(resolver.upstreamQueries()).isEqualTo(3);
    }

    @Test
    void given_a_warm_cache_nothing_is_asked() {
        ask("www.example.com.", Type.A);
        asked.clear();
        Message m = ask("www.example.com.", Type.A);
        assertThat(answers(m)).containsExactly("93.184.216.34");
        assertThat(asked).isEmpty();
        assertThat(resolver.answeredFromCache()).isEqualTo(1);
    }

    @Test
    void when_a_server_never_answers_the_next_one_is_asked_after_the_timeout() {
        servers.remove(NS1);
        long t0 = w.sim().now();
        Message m = ask("www.example.com.", Type.A);
        assertThat(answers(m)).containsExactly("93.184.216.34");
        assertThat(asked).endsWith("199.43.135.53 www.example.com rd=false", "199.43.133.53 www.example.com rd=false");
        assertThat(w.sim().now() - t0).isEqualTo(2 * RTT + RecursiveResolver.TIMEOUT_MS * Durations.MS + RTT);
        // The silent server is remembered as slow: the next lookup goes straight to the other one.
        asked.clear();
        ask("nosuch.example.com.", Type.A);
        assertThat(asked).containsExactly("199.43.133.53 nosuch.example.com rd=false");
    }

    @Test
    void data_outside_the_servers_bailiwick_is_not_believed() {
        // evil.com's server answers for its own name and slips in an address for www.example.com.
        servers.put(EVIL, q -> {
            Message r = Dns.replyTo(q);
            r.getHeader().setFlag(Flags.AA);
            r.addRecord(Dns.aRecord(q.getQuestion().getName(), 300, Ip4.parse("203.0.113.1")), Section.ANSWER);
            r.addRecord(Dns.aRecord(Name.fromConstantString("www.example.com."), 86400, Ip4.parse("6.6.6.6")),
                    Section.ANSWER);
            r.addRecord(new NSRecord(Name.fromConstantString("example.com."), DClass.IN, 86400,
                    Name.fromConstantString("ns.evil.com.")), Section.AUTHORITY);
            return r;
        });
        assertThat(answers(ask("www.evil.com.", Type.A))).containsExactly("203.0.113.1");
        asked.clear();
        Message m = ask("www.example.com.", Type.A);
        assertThat(answers(m)).containsExactly("93.184.216.34");
        assertThat(asked).endsWith("199.43.135.53 www.example.com rd=false");
    }

    @Test
    void an_endless_chain_of_referrals_ends_in_servfail() {
        // deep.com's server refers every query one label further down, to itself.
        int[] depth = {3};
        servers.put(Ip4.parse("203.0.113.77"), q -> {
            Name qn = q.getQuestion().getName();
            Name cut = new Name(qn, qn.labels() - Math.min(qn.labels(), ++depth[0]));
            Message r = Dns.replyTo(q);
            r.addRecord(new NSRecord(cut, DClass.IN, 3600, Name.fromConstantString("ns.deep.com.")),
                    Section.AUTHORITY);
            return r;
        });
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            name.append('l').append(i).append('.');
        }
        Message m = ask(name + "deep.com.", Type.A);
        assertThat(m.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(resolver.upstreamQueries()).isLessThanOrEqualTo(2 + RecursiveResolver.MAX_REFERRALS + 1);
    }

    @Test
    void identical_questions_in_flight_share_one_resolution() {
        List<Message> replies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Message q = DnsClient.newQuery(Name.fromConstantString("www.example.com."), Type.A, true, false);
            q.getHeader().setID(100 + i);
            resolver.listener().accept(q.toWire(), CLIENT + i, 5353, DnsListener.Transport.UDP,
                    b -> replies.add(Dns.parse(b)));
        }
        w.sim().run();
        assertThat(replies).extracting(m -> m.getHeader().getID()).containsExactly(100, 101, 102);
        assertThat(replies).allMatch(m -> answers(m).equals(List.of("93.184.216.34")));
        assertThat(asked).hasSize(3);
        assertThat(resolver.coalesced()).isEqualTo(2);
    }

    /** Sends each question at once, runs the world, and returns the replies in the order they came. */
    List<Message> askTogether(String... questions) {
        List<Message> replies = new ArrayList<>();
        for (int i = 0; i < questions.length; i++) {
            String[] q = questions[i].split(" ");
            Message m = DnsClient.newQuery(Name.fromConstantString(q[0]), Type.value(q[1]), true, false);
            m.getHeader().setID(200 + i);
            resolver.listener().accept(m.toWire(), CLIENT + i, 5353, DnsListener.Transport.UDP, b -> replies.add(Dns.parse(b)));
        }
        w.sim().run();
        return replies;
    }

    /** Adds to com a delegation whose server's name has no glue: {@code NAME. NS SERVER.} */
    void delegateWithoutGlue(String... delegations) throws Exception {
        StringBuilder com = new StringBuilder("""
                com. 86400 IN SOA a.gtld-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 900
                com. 172800 IN NS a.gtld-servers.net.
                example.com. 172800 IN NS ns1.example.com.
                ns1.example.com. 172800 IN A 199.43.135.53
                """);
        for (String d : delegations) {
            com.append(d.replace(" NS ", " 172800 IN NS ")).append('\n');
        }
        servers.put(GTLD, serving(zone("com.", com.toString())));
    }

    @Test
    void a_glueless_servers_address_is_looked_up_once_for_the_lookups_that_need_it() throws Exception {
        // A and AAAA of one name at once (a browser's pair): both need ns3.example.com's address,
        // which com gives no glue for; the second joins the first's side lookup, as BIND's ADB
        // shares one fetch between its finds.
        delegateWithoutGlue("glueless.com. NS ns3.example.com.");
        Node n = w.addHost("auth-both");
        AuthoritativeServer both = new AuthoritativeServer(n).addZone(zone("example.com.", """
                @ 3600 IN SOA ns1 h 1 7200 3600 1209600 300
                @ 3600 IN NS ns1
                ns1 3600 IN A 199.43.135.53
                ns3 3600 IN A 199.43.135.53
                """)).addZone(zone("glueless.com.", """
                @ 3600 IN SOA ns3.example.com. h 1 7200 3600 1209600 300
                @ 3600 IN NS ns3.example.com.
                www 300 IN A 192.0.2.80
                www 300 IN AAAA 2001:db8::80
                """));
        servers.put(NS1, q -> both.answer(q, 0));
        List<Message> replies = askTogether("www.glueless.com. AAAA", "www.glueless.com. A");
        assertThat(replies).extracting(RecursiveResolverTest::answers)
                .containsExactly(List.of("2001:db8:0:0:0:0:0:80"), List.of("192.0.2.80"));
        assertThat(asked).containsExactly("198.41.0.4 www.glueless.com rd=false", "198.41.0.4 www.glueless.com rd=false",
                "192.5.6.30 www.glueless.com rd=false", "192.5.6.30 www.glueless.com rd=false",
                "192.5.6.30 ns3.example.com rd=false", "199.43.135.53 ns3.example.com rd=false",
                "199.43.135.53 www.glueless.com rd=false", "199.43.135.53 www.glueless.com rd=false");
    }

    @Test
    void two_zones_served_by_each_others_names_fail_without_waiting_for_each_other() throws Exception {
        // a.com's server is ns.b.com and b.com's is ns.a.com, with no glue anywhere: each lookup
        // ends in an NS loop. Asked together, the side lookups could join one another in a circle
        // and wait forever; a join that would wait for itself asks on its own instead.
        delegateWithoutGlue("a.com. NS ns.b.com.", "b.com. NS ns.a.com.");
        List<Message> replies = askTogether("www.a.com. A", "www.b.com. A");
        assertThat(replies).hasSize(2);
        assertThat(replies).allMatch(m -> m.getRcode() == Rcode.SERVFAIL);
    }

    @Test
    void a_client_outside_the_access_list_is_refused_without_any_query() {
        List<Message> replies = new ArrayList<>();
        Message q = DnsClient.newQuery(Name.fromConstantString("www.example.com."), Type.A, true, false);
        resolver.listener().accept(q.toWire(), Ip4.parse("192.0.2.1"), 5353, DnsListener.Transport.UDP,
                b -> replies.add(Dns.parse(b)));
        w.sim().run();
        assertThat(replies.get(0).getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(asked).isEmpty();
    }
}
