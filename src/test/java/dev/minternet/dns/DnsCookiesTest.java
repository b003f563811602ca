package dev.minternet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.scenario.ScenarioRunner;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import dev.minternet.trace.TraceEvent;
import dev.minternet.wire.BigEndian;
import dev.minternet.wire.Ip4;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** DNS cookies (RFC 7873) on our servers, resolver and dig, checked as BIND makes them (RFC 9018). */
class DnsCookiesTest {
    static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;

    @Test
    void siphash_2_4_gives_the_reference_vector() {
        byte[] key = new byte[16];
        byte[] msg = new byte[15];
        for (int i = 0; i < 16; i++) {
            key[i] = (byte) i;
            if (i < 15) {
                msg[i] = (byte) i;
            }
        }
        // Aumasson and Bernstein, SipHash paper, appendix A: 0xa129ca6149be45e5
        assertThat(HEX.formatHex(SipHash.hash(key, msg))).isEqualTo("e545be4961ca29a1");
    }

    @Test
    void a_server_cookie_is_rfc_9018s_for_the_example_of_its_appendix_a1() {
        DnsCookies c = new DnsCookies(HEX.parseHex("e5e973e5a6b2a43f48e7dc849e37bfcf"));
        byte[] server = c.serverCookie(HEX.parseHex("2464c4abcf10c957"), Ip4.parse("198.51.100.100"), 1559731985L);
        assertThat(HEX.formatHex(server)).isEqualTo("010000005cf79f111f8130c3eee29480");
    }

    @Test
    void a_server_accepts_its_own_cookie_for_an_hour_and_for_that_client_only() {
        DnsCookies c = new DnsCookies(HEX.parseHex("000102030405060708090a0b0c0d0e0f"));
        byte[] client = HEX.parseHex("0011223344556677");
        int who = Ip4.parse("192.0.2.1");
        CookieOption minted = c.reply(client, who, 1_000_000);
        assertThat(c.valid(minted, who, 1_000_000)).isTrue();
        assertThat(c.valid(minted, who, 1_000_000 + 3600)).isTrue();
        assertThat(c.valid(minted, who, 1_000_000 + 3601)).as("older than an hour").isFalse();
        assertThat(c.valid(minted, who, 1_000_000 - 300)).as("five minutes of clock skew").isTrue();
        assertThat(c.valid(minted, who, 1_000_000 - 301)).isFalse();
        assertThat(c.valid(minted, Ip4.parse("192.0.2.2"), 1_000_000)).as("another client").isFalse();
        assertThat(c.valid(new CookieOption(client), who, 1_000_000)).as("no server cookie").isFalse();
    }

    /** A world whose servers are set up before the timeline runs. */
    Runs.Result run(String timeline, Consumer<World> setup) throws Exception {
        Scenario s = ScenarioLoader.parse(dir.resolve("test.yaml").toString(), DnsWorlds.scenario(dir, timeline));
        World w = WorldBuilder.build(s);
        setup.accept(w);
        List<TraceEvent> events = new ArrayList<>();
        w.trace().subscribe(events::add);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ScenarioRunner(s, w, new PrintStream(out, true, StandardCharsets.UTF_8), dir).run();
        return new Runs.Result(w, out.toString(StandardCharsets.UTF_8).lines().toList(), events, "");
    }

    @Test
    void the_authoritative_server_answers_a_cookie_with_the_client_cookie_and_its_own() {
        World w = Runs.runIn(dir, DnsWorlds.scenario(dir, "")).world();
        Node ns1 = w.node("ns1");
        AuthoritativeServer auth = ns1.service(AuthoritativeServer.class);
        Message q = DnsClient.newQuery(Name.fromConstantString("www.example.com."), Type.A, false, true);
        byte[] client = HEX.parseHex("0102030405060708");
        DnsCookies.put(q, new CookieOption(client));
        Message r = ask(auth.listener(), q, Ip4.parse("192.168.1.10"));
        CookieOption back = DnsCookies.option(r);
        assertThat(back.getClientCookie()).isEqualTo(client);
        byte[] server = back.getServerCookie().orElseThrow();
        assertThat(server).hasSize(16);
        assertThat(server[0]).as("RFC 9018 version").isEqualTo((byte) 1);
        long stamp = BigEndian.u32(server, 4) & 0xffffffffL;
        assertThat(stamp).isEqualTo(w.date().getEpochSecond());
        assertThat(DnsCookies.of(ns1).valid(back, Ip4.parse("192.168.1.10"), stamp)).isTrue();
        // the same query from the same node in a second run of the world: the same bytes (seeded secret)
        World again = Runs.runIn(dir, DnsWorlds.scenario(dir, "")).world();
        Message r2 = ask(again.node("ns1").service(AuthoritativeServer.class).listener(), q, Ip4.parse("192.168.1.10"));
        assertThat(DnsCookies.bytes(DnsCookies.option(r2))).isEqualTo(DnsCookies.bytes(back));
    }

    @Test
    void a_query_with_only_a_cookie_gets_the_cookie_back_and_a_bad_length_gets_formerr() {
        World w = Runs.runIn(dir, DnsWorlds.scenario(dir, "")).world();
        DnsListener l = w.node("ns1").service(AuthoritativeServer.class).listener();
        Message q = new Message(77);
        q.addRecord(new OPTRecord(1232, 0, 0, 0, new CookieOption(HEX.parseHex("0102030405060708"))),
                Section.ADDITIONAL);
        Message r = ask(l, q, Ip4.parse("192.168.1.10"));
        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(DnsCookies.option(r).getServerCookie()).isPresent();
        // RFC 7873 5.2.2: a COOKIE option of 12 bytes is malformed
        Message good = DnsClient.newQuery(Name.fromConstantString("www.example.com."), Type.A, false, true);
        byte[] wire = good.toWire();
        byte[] bad = Arrays.copyOf(wire, wire.length + 16);
        bad[wire.length - 1] = 16; // OPT RDLENGTH
        bad[wire.length] = 0;
        bad[wire.length + 1] = 10; // COOKIE
        bad[wire.length + 2] = 0;
        bad[wire.length + 3] = 12;
        byte[][] reply = {null};
        l.accept(bad, Ip4.parse("192.168.1.10"), 5353, DnsListener.Transport.UDP, b -> reply[0] = b);
        assertThat(reply[0][3] & 0xf).isEqualTo(Rcode.FORMERR);
    }

    static Message ask(DnsListener l, Message q, int from) {
        byte[][] reply = {null};
        l.accept(q.toWire(), from, 5353, DnsListener.Transport.UDP, b -> reply[0] = b);
        return Dns.parse(reply[0]);
    }

    @Test
    void the_resolver_sends_cookies_and_returns_the_server_cookie_it_learnt() throws Exception {
        Runs.Result r = run("""
                  - {at: 1s, on: laptop, run: "dig www.example.com"}
                  - {at: 2s, on: laptop, run: "dig nosuch.example.com"}
                  - {at: 3s, on: laptop, run: "dig shop.example.com"}
                """, w -> { });
        Node resolver = r.world().node("isp-dns");
        // every query of the resolver carries a cookie: 8 bytes to a server it never heard from,
        // 8 + 16 to one whose cookie it learnt (RFC 7873 5.1)
        Set<String> heardFrom = new HashSet<>();
        int withServerCookie = 0;
        for (TraceEvent q : r.events(e -> e.is(DnsEvents.QUERY)
                && e.get(DnsEvents.ROLE).equals(DnsEvents.RESOLVER))) {
            int name = q.get(DnsEvents.QNAME).equals(".") ? 1 : q.get(DnsEvents.QNAME).length() + 2;
            int opt = 11 + 4 + (heardFrom.contains(q.get(DnsEvents.SERVER)) ? 24 : 8);
            assertThat(q.num(DnsEvents.LEN)).as(q.toString()).isEqualTo(12 + name + 4 + opt);
            withServerCookie += heardFrom.contains(q.get(DnsEvents.SERVER)) ? 1 : 0;
            heardFrom.add(q.get(DnsEvents.SERVER));
        }
        assertThat(withServerCookie).isPositive();
        DnsCookies mine = DnsCookies.of(resolver);
        int ns1 = Ip4.parse("199.43.135.53");
        int ns2 = Ip4.parse("199.43.133.53");
        assertThat(mine.learnt(ns1) != null || mine.learnt(ns2) != null).isTrue();
        assertThat(mine.clientCookie(resolver.ip().primaryAddress(), ns1))
                .isNotEqualTo(mine.clientCookie(resolver.ip().primaryAddress(), ns2));
    }

    @Test
    void with_require_server_cookie_dig_retries_with_the_cookie_it_was_given() throws Exception {
        Runs.Result r = run("  - {at: 1s, on: laptop, run: \"dig @199.43.135.53 www.example.com\"}\n",
                w -> DnsCookies.of(w.node("ns1")).requireServerCookie(true));
        List<String> out = r.terminal("laptop");
        assertThat(out.get(0)).isEqualTo(";; BADCOOKIE, retrying.");
        assertThat(out).contains(";; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1")
                .anyMatch(l -> l.endsWith(" (good)"));
        List<TraceEvent> resp = r.events(DnsEvents.RESPONSE);
        assertThat(resp).extracting(e -> e.get(DnsEvents.RCODE)).containsExactly("BADCOOKIE", "NOERROR");
        assertThat(r.world().node("ns1").service(AuthoritativeServer.class).listener().badCookies()).isEqualTo(1);
    }

    @Test
    void with_require_server_cookie_the_resolver_retries_once_with_the_new_cookie() throws Exception {
        Runs.Result r = run("  - {at: 1s, on: laptop, run: \"dig +short www.example.com\"}\n", w -> {
            DnsCookies.of(w.node("ns1")).requireServerCookie(true);
            DnsCookies.of(w.node("ns2")).requireServerCookie(true);
        });
        assertThat(r.terminal("laptop")).containsExactly("93.184.216.34");
        List<TraceEvent> fromAuth = r.events(e -> e.is(DnsEvents.RESPONSE)
                && e.get(DnsEvents.ROLE).equals(DnsEvents.RESOLVER)
                && e.get(DnsEvents.SERVER_NAME).matches("ns[12].example.com"));
        assertThat(fromAuth).extracting(e -> e.get(DnsEvents.RCODE)).containsExactly("BADCOOKIE", "NOERROR");
    }

    @Test
    void real_dig_retries_on_our_badcookie_and_accepts_our_cookie() throws Exception {
        String yaml = DnsWorlds.scenario(dir, "");
        World w = WorldBuilder.build(ScenarioLoader.parse(dir.resolve("test.yaml").toString(), yaml));
        DnsCookies.of(w.node("ns1")).requireServerCookie(true);
        try (LoopbackDns bridge = new LoopbackDns(w, w.node("ns1"), Ip4.parse("192.168.1.10"))) {
            String out = bridge.run(Oracles.require("dig", "bind9-dnsutils"), "@127.0.0.1", "-p",
                    Integer.toString(bridge.port()), "www.example.com");
            assertThat(out).startsWith(";; BADCOOKIE, retrying.\n").contains("status: NOERROR").contains(" (good)\n");
            // the retry carried the 16-byte server cookie our server minted
            assertThat(bridge.queries).hasSize(2);
            assertThat(bridge.queries.get(1).length - bridge.queries.get(0).length).isEqualTo(16);
        }
    }
}
