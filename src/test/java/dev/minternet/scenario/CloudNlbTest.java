package dev.minternet.scenario;

import static dev.minternet.scenario.ScenarioProblems.assertMessageAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.netfilter.NlbEvents;
import dev.minternet.netfilter.NlbFabric;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.services.lb.NetworkLoadBalancer;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import dev.minternet.transport.tcp.TcpConnection;
import dev.minternet.transport.tcp.TcpError;
import dev.minternet.transport.tcp.TcpHandler;
import dev.minternet.wire.Ip4;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Network load balancers (examples/cloud-nlb.yaml): the targets see the client's address and the
 * handshake is end to end (tshark reads the captures cleanly), flows stick to one target and
 * spread over several, a target that fails its health checks gets no new flows and its flows are
 * reset, a UDP listener, the loader's errors, and {@code why} through the balancer agrees with
 * the probe (and names the target the balancer then picks).
 */
class CloudNlbTest {
    private static final Path EXAMPLE = Path.of("examples/cloud-nlb.yaml");
    private static final long S = 1_000_000_000L;

    private static List<TraceEvent> traced(World w) {
        List<TraceEvent> events = new ArrayList<>();
        w.trace().subscribe(events::add);
        return events;
    }

    private static NlbFabric fabric(World w) {
        return w.node("nlb-web-eu-west-1a").service(NetworkLoadBalancer.class).fabric();
    }

    @Test
    void targets_see_the_client_address_and_the_captures_decode_cleanly(@TempDir Path dir) throws Exception {
        Runs.Result r = Runs.example(EXAMPLE, dir);
        assertThat(r.terminal("laptop")).containsSubsequence("pkg-1.2.3", "pkg-1.2.3", "hello through the nlb",
                "pkg-1.2.3");
        assertThat(r.terminal("phone")).contains("pkg-1.2.3");
        List<TraceEvent> flows = r.events(NlbEvents.FLOW_NEW);
        assertThat(flows).hasSize(5);
        // The timeline deregistered web-2 at 8s: the flow at 9s goes to web-1, the zone's other target.
        assertThat(r.text()).contains("target web-2 deregistered from network load balancer nlb-web");
        assertThat(flows.get(4).get(NlbEvents.TARGET)).startsWith("web-1 ");
        assertThat(flows.get(4).get(NlbEvents.RULE)).contains("over 1 healthy [web-1]");
        // The UDP listener: the target's nc saw the laptop itself.
        TraceEvent udp = flows.stream().filter(e -> e.get(NlbEvents.FLOW).startsWith("udp")).findFirst().orElseThrow();
        String udpTarget = udp.get(NlbEvents.TARGET).split(" ")[0];
        assertThat(r.terminal(udpTarget)).contains("hello through the nlb")
                .anySatisfy(l -> assertThat(l).startsWith("Connection received on 203.0.113.10 "));
        Oracles.tshark();
        java.util.Set<Path> checked = new java.util.HashSet<>();
        for (TraceEvent f : flows) {
            String target = f.get(NlbEvents.TARGET).split(" ")[0];
            String client = f.get(NlbEvents.FLOW).split(" ")[1].split(":")[0];
            Path pcap = dir.resolve(target + "-eth0.pcap");
            if (checked.add(pcap)) {
                Tshark.assertClean(pcap);
            }
            if (f.get(NlbEvents.FLOW).startsWith("tcp")) {
                // The SYN and the SYN-ACK carry the client's own address: the handshake is end to end.
                assertThat(Tshark.count(pcap, "ip.src == " + client + " && tcp.flags.syn == 1 && tcp.flags.ack == 0"))
                        .isPositive();
                assertThat(Tshark.count(pcap, "ip.dst == " + client + " && tcp.flags.syn == 1 && tcp.flags.ack == 1"))
                        .isPositive();
                assertThat(Tshark.count(pcap, "http.response.code == 200 && ip.dst == " + client)).isPositive();
            }
        }
        // The client sees only the balancer's elastic addresses.
        Path laptop = dir.resolve("laptop-eth0.pcap");
        Tshark.assertClean(laptop);
        assertThat(Tshark.count(laptop, "tcp.flags.syn == 1 && tcp.flags.ack == 1 && ip.src == 198.51.100.50"))
                .isPositive();
        assertThat(Tshark.count(laptop, "ip.src == 10.0.0.0/8")).isZero();
        Tshark.assertClean(dir.resolve("shop-public-a-eth1.pcap"));
    }

    @Test
    void two_runs_of_the_example_give_the_same_trace(@TempDir Path dir) throws Exception {
        Runs.Result a = Runs.run(ScenarioLoader.load(EXAMPLE), dir.resolve("a"), false);
        Runs.Result b = Runs.run(ScenarioLoader.load(EXAMPLE), dir.resolve("b"), false);
        assertThat(a.events(NlbEvents.FLOW_NEW)).isNotEmpty();
        assertThat(b.output()).isEqualTo(a.output());
        assertThat(b.json()).isEqualTo(a.json());
    }

    /** The example with {@code n} more client hosts, c1..cN, each on its own link to inet. */
    private static String withClients(String yaml, int n) {
        StringBuilder nodes = new StringBuilder();
        StringBuilder links = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            nodes.append("  - {name: c").append(i).append(", kind: host, routes: [default via 100.64.").append(i)
                    .append(".1]}\n");
            links.append("  - {a: c").append(i).append(" 100.64.").append(i).append(".10/24, b: inet 100.64.").append(i)
                    .append(".1/24, delay: ").append(i).append("ms}\n");
        }
        return yaml.replace("  - {name: inet, kind: router}\n", "  - {name: inet, kind: router}\n" + nodes)
                .replace("\ncloud:\n", links + "\ncloud:\n");
    }

    /**
     * Opens a connection from {@code c} port {@code sport} that sends an HTTP request in three
     * pieces 100 ms apart and reads the answer; {@code got[0]} is 1 once a 200 came back.
     */
    private static int[] chat(World w, Node c, int sport, String dst, List<String> failures) {
        int[] got = {0};
        String[] pieces = {"GET /latest.txt HTTP/1.1\r\n", "Host: shop\r\n", "Connection: close\r\n\r\n"};
        StringBuilder answer = new StringBuilder();
        c.tcp().connect(sport, Ip4.parse(dst), 80, c.tcp().defaults().copy(), new TcpHandler() {
            int sent;

            @Override
            public void onConnected(TcpConnection conn) {
                next(conn);
            }

            void next(TcpConnection conn) {
                conn.send(pieces[sent++].getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                if (sent < pieces.length) {
                    new dev.minternet.sim.Timer(w.sim(), () -> next(conn)).setAfter(100_000_000L);
                }
            }

            @Override
            public void onReadable(TcpConnection conn) {
                byte[] b = new byte[conn.available()];
                conn.read(b, 0, b.length);
                answer.append(new String(b, java.nio.charset.StandardCharsets.US_ASCII));
                if (answer.toString().startsWith("HTTP/1.1 200")) {
                    got[0] = 1;
                }
            }

            @Override
            public void onPeerClosed(TcpConnection conn) {
                conn.close();
            }

            @Override
            public void onClosed(TcpConnection conn, TcpError error) {
                if (error != null) {
                    failures.add(c.name() + ":" + sport + " " + error.message());
                }
            }
        });
        return got;
    }

    private static Map<String, Integer> targets(List<TraceEvent> flows) {
        Map<String, Integer> per = new TreeMap<>();
        for (TraceEvent e : flows) {
            per.merge(e.get(NlbEvents.TARGET).split(" ")[0], 1, Integer::sum);
        }
        return per;
    }

    @Test
    void flows_stick_to_one_target_and_many_clients_spread_over_the_targets() throws Exception {
        for (boolean crossZone : new boolean[] {false, true}) {
            String yaml = withClients(Files.readString(EXAMPLE), 20).replace("cross-zone: false", "cross-zone: " + crossZone);
            World w = WorldBuilder.build(ScenarioLoader.parse(EXAMPLE.toString(), yaml));
            List<TraceEvent> events = traced(w);
            w.sim().runUntil(3 * S); // every target healthy
            List<String> failures = new ArrayList<>();
            List<int[]> done = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                for (int k = 0; k < 5; k++) {
                    done.add(chat(w, w.node("c" + i), 41000 + k, "198.51.100.50", failures));
                }
            }
            w.sim().runUntil(8 * S);
            assertThat(failures).isEmpty();
            assertThat(done).allSatisfy(d -> assertThat(d[0]).isOne());
            List<TraceEvent> flows = events.stream().filter(e -> e.is(NlbEvents.FLOW_NEW)).toList();
            // One flow-table entry per connection: every later segment followed the first one's target.
            assertThat(flows).hasSize(100);
            assertThat(flows.stream().map(e -> e.get(NlbEvents.FLOW)).distinct()).hasSize(100);
            assertThat(events.stream().filter(e -> e.is(NlbEvents.RESET))).isEmpty();
            Map<String, Integer> per = targets(flows);
            if (crossZone) {
                assertThat(per.keySet()).containsExactly("web-1", "web-2", "web-3");
                assertThat(per.values()).allSatisfy(n -> assertThat(n).isBetween(18, 50));
            } else {
                // Cross-zone off: the address in eu-west-1a sends only to that zone's targets.
                assertThat(per.keySet()).containsExactly("web-1", "web-2");
                assertThat(per.values()).allSatisfy(n -> assertThat(n).isBetween(30, 70));
            }
            // Each connection's packets arrived at one target only: its server side saw all three pieces.
            Map<String, String> tcpAt = new TreeMap<>();
            for (String t : List.of("web-1", "web-2", "web-3")) {
                StringBuilder sb = new StringBuilder();
                events.stream().filter(e -> e.node().equals(t) && e.in(dev.minternet.transport.tcp.TcpEvents.CATALOG))
                        .forEach(e -> sb.append(e).append('\n'));
                tcpAt.put(t, sb.toString());
            }
            for (TraceEvent f : flows) {
                String target = f.get(NlbEvents.TARGET).split(" ")[0];
                String client = f.get(NlbEvents.FLOW).split(" ")[1];
                for (String other : List.of("web-1", "web-2", "web-3")) {
                    long seen = tcpAt.get(other).contains(client) ? 1 : 0;
                    if (other.equals(target)) {
                        assertThat(seen).as("%s at %s", client, other).isPositive();
                    } else {
                        assertThat(seen).as("%s at %s", client, other).isZero();
                    }
                }
            }
        }
    }

    @Test
    void a_target_that_fails_its_health_checks_gets_no_new_flows_and_its_flows_are_reset() throws Exception {
        World w = WorldBuilder.build(ScenarioLoader.load(EXAMPLE));
        List<TraceEvent> events = traced(w);
        w.sim().runUntil(3 * S);
        Node laptop = w.node("laptop");
        // Find a connection the balancer gives web-2, and keep it open.
        TcpConnection[] onWeb2 = {null};
        TcpError[] closed = {null};
        for (int port = 42000; onWeb2[0] == null && port < 42100; port++) {
            int flowsBefore = fabric(w).flows().size();
            TcpConnection c = laptop.tcp().connect(port, Ip4.parse("198.51.100.50"), 80, laptop.tcp().defaults().copy(),
                    new TcpHandler() {
                        @Override
                        public void onClosed(TcpConnection conn, TcpError error) {
                            closed[0] = error;
                        }
                    });
            w.sim().runUntil(w.sim().now() + S / 10);
            List<String> flows = fabric(w).flows();
            assertThat(flows).hasSize(flowsBefore + 1);
            if (flows.get(flows.size() - 1).endsWith("-> web-2 10.0.1.11:80")) {
                onWeb2[0] = c;
            } else {
                c.abort();
                w.sim().runUntil(w.sim().now() + S / 10);
            }
        }
        assertThat(onWeb2[0]).isNotNull();
        w.node("web-2").crash();
        long crashed = w.sim().now();
        w.sim().runUntil(crashed + 4 * S);
        TraceEvent down = events.stream().filter(e -> e.is(NlbEvents.TARGET_UNHEALTHY)
                && e.get(NlbEvents.TARGET).startsWith("web-2")).findFirst().orElseThrow();
        assertThat(down.get(NlbEvents.REASON)).startsWith("2 checks failed (unhealthy-threshold 2)");
        // Unhealthy after two failed checks (timeout 500 ms each, every 1 s): within 3 s of the crash.
        assertThat(down.time() - crashed).isLessThan(3 * S);
        assertThat(events.stream().filter(e -> e.is(NlbEvents.FLOW_END)
                && e.get(NlbEvents.REASON).equals("target web-2 unhealthy"))).hasSize(1);
        // The client's next segment on that connection is answered with a RST by the balancer.
        onWeb2[0].send("still there?\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        w.sim().runUntil(w.sim().now() + S);
        assertThat(events.stream().filter(e -> e.is(NlbEvents.RESET))).hasSize(1);
        assertThat(closed[0]).isEqualTo(TcpError.RESET);
        // New flows: all to web-1, the zone's only healthy target.
        long from = w.sim().now();
        List<String> failures = new ArrayList<>();
        for (int port = 43000; port < 43040; port++) {
            chat(w, laptop, port, "198.51.100.50", failures);
        }
        w.sim().runUntil(from + 2 * S);
        assertThat(failures).isEmpty();
        List<TraceEvent> after = events.stream().filter(e -> e.is(NlbEvents.FLOW_NEW) && e.time() >= from).toList();
        assertThat(after).hasSize(40);
        assertThat(targets(after)).containsExactly(Map.entry("web-1", 40));
        assertThat(after.get(0).get(NlbEvents.RULE)).contains("over 1 healthy [web-1]");
    }

    @Test
    void a_deregistered_target_gets_no_new_flows_and_keeps_its_own() throws Exception {
        World w = WorldBuilder.build(ScenarioLoader.load(EXAMPLE));
        List<TraceEvent> events = traced(w);
        w.sim().runUntil(3 * S);
        Node laptop = w.node("laptop");
        List<String> failures = new ArrayList<>();
        List<int[]> before = new ArrayList<>();
        for (int port = 45000; port < 45020; port++) {
            before.add(chat(w, laptop, port, "198.51.100.50", failures));
        }
        // Deregistered while those requests are still being written (their pieces go 100 ms apart).
        w.sim().runUntil(w.sim().now() + 150_000_000L);
        assertThat(targets(events.stream().filter(e -> e.is(NlbEvents.FLOW_NEW)).toList())).containsKeys("web-1", "web-2");
        assertThat(w.node("nlb-web-eu-west-1a").service(NetworkLoadBalancer.class).deregister("web-2")).isTrue();
        w.sim().runUntil(w.sim().now() + 2 * S);
        assertThat(failures).isEmpty();
        assertThat(before).allSatisfy(d -> assertThat(d[0]).isOne()); // the flows on web-2 finished there
        long from = w.sim().now();
        for (int port = 46000; port < 46020; port++) {
            chat(w, laptop, port, "198.51.100.50", failures);
        }
        w.sim().runUntil(from + 2 * S);
        assertThat(failures).isEmpty();
        assertThat(targets(events.stream().filter(e -> e.is(NlbEvents.FLOW_NEW) && e.time() >= from).toList()))
                .containsExactly(Map.entry("web-1", 20));
        assertThat(events.stream().filter(e -> e.is(NlbEvents.HEALTH) && e.time() >= from
                && e.get(NlbEvents.TARGET).startsWith("web-2"))).isEmpty();
    }

    @Test
    void why_through_the_balancer_names_the_target_and_agrees_with_the_probe() throws Exception {
        Scenario s = ScenarioLoader.load(EXAMPLE);
        World w = WorldBuilder.build(s);
        List<TraceEvent> events = traced(w);
        w.sim().runUntil(3 * S);
        for (String dst : List.of("198.51.100.50", "198.51.100.51")) {
            for (int sport = 49152; sport < 49162; sport++) {
                Node laptop = w.node("laptop");
                Why.Verdict v = Why.analyze(w, s.cloud(), laptop, Ip4.parse(dst), 80, Why.Proto.TCP, sport);
                int before = events.size();
                Why.Probe p = Why.probe(w, laptop, Ip4.parse(dst), 80, Why.Proto.TCP, sport);
                assertThat(p.outcome()).as(p.detail() + " / " + v.summary()).isEqualTo(Why.Outcome.OPEN);
                assertThat(v.outcome()).isEqualTo(Why.Outcome.OPEN);
                TraceEvent flow = events.subList(before, events.size()).stream().filter(e -> e.is(NlbEvents.FLOW_NEW))
                        .findFirst().orElseThrow();
                String target = flow.get(NlbEvents.TARGET).split(" ")[0];
                assertThat(v.at()).isEqualTo(target);
                String there = String.join("\n", v.forward());
                assertThat(there).contains("network load balancer nlb-web: dnat "
                        + (dst.equals("198.51.100.50") ? "10.0.0.50" : "10.0.10.50") + ":80")
                        .contains("to target " + flow.get(NlbEvents.TARGET)).contains(flow.get(NlbEvents.RULE))
                        .contains("client address kept");
                assertThat(String.join("\n", v.back())).contains("policy route").contains("(network load balancer)");
                w.sim().runUntil(w.sim().now() + S / 10);
            }
        }
        // No listener on 81: blocked at the balancer's own interface, and the probe agrees.
        Why.Verdict v = Why.analyze(w, s.cloud(), w.node("laptop"), Ip4.parse("198.51.100.50"), 81, Why.Proto.TCP, 49152);
        assertThat(v.outcome()).isEqualTo(Why.Outcome.BLOCKED);
        assertThat(v.summary()).contains("has no listener for it (listeners: tcp:80, udp:5000)");
        assertThat(v.advice()).contains("add a listener for tcp port 81");
        assertThat(Why.probe(w, w.node("laptop"), Ip4.parse("198.51.100.50"), 81, Why.Proto.TCP, 49152).outcome())
                .isEqualTo(Why.Outcome.BLOCKED);
    }

    @Test
    void why_agrees_with_the_probe_on_random_cases_over_the_example() throws Exception {
        Scenario s = ScenarioLoader.load(EXAMPLE);
        World w = WorldBuilder.build(s);
        w.sim().runUntil(3 * S);
        List<Node> hosts = w.nodes().stream().filter(n -> n.kind() == Node.Kind.HOST).toList();
        List<Integer> dsts = new ArrayList<>();
        for (String a : List.of("198.51.100.50", "198.51.100.51", "10.0.0.50", "10.0.10.50", "10.0.1.10", "10.0.11.10",
                "198.51.100.5")) {
            dsts.add(Ip4.parse(a));
        }
        int[] ports = {80, 81, 5000, 22};
        SplittableRandom rnd = new SplittableRandom(7);
        List<String> disagreements = new ArrayList<>();
        int cases = 0;
        while (cases < 60) {
            Node src = hosts.get(rnd.nextInt(hosts.size()));
            int dst = dsts.get(rnd.nextInt(dsts.size()));
            // Not modelled: a target reaching the balancer may be hashed to itself (hairpin), which
            // AWS does not support with client addresses preserved either.
            if (src.name().startsWith("web-") || src.name().startsWith("nlb-") || src.ip().isLocalAddress(dst)) {
                continue;
            }
            Why.Proto proto = rnd.nextInt(4) == 0 ? Why.Proto.ICMP : Why.Proto.TCP;
            int port = proto == Why.Proto.ICMP ? -1 : ports[rnd.nextInt(ports.length)];
            int sport = 44000 + cases;
            Why.Verdict v = Why.analyze(w, s.cloud(), src, dst, port, proto, sport);
            Why.Probe p = Why.probe(w, src, dst, port, proto, sport);
            cases++;
            assertThat(v.decidedBy()).isNotBlank();
            if (p.outcome() != v.outcome()) {
                disagreements.add(src.name() + " -> " + Ip4.str(dst) + ":" + port + " " + proto + ": analysis "
                        + v.outcome() + " (" + v.summary() + "), probe " + p.outcome() + " (" + p.detail() + ")");
            }
        }
        assertThat(disagreements).isEmpty();
    }

    // ---- the loader's errors

    private static final String BASE = """
            name: t
            duration: 10s
            nodes:
              - {name: inet, kind: router}
            cloud:
              internet: inet
              regions: [{name: r1, zones: [z1, z2]}]
              vpcs:
                - name: v
                  region: r1
                  cidr: 10.0.0.0/16
                  internet-gateway: {public-cidr: 198.51.100.0/24}
                  subnets:
                    - {name: pub-a, zone: z1, cidr: 10.0.0.0/24}
                    - {name: pub-b, zone: z2, cidr: 10.0.1.0/24}
                  instances:
                    - {name: w1, subnet: pub-a, ip: 10.0.0.10}
                    - {name: w2, subnet: pub-b, ip: 10.0.1.10}
                  network-load-balancers:
                    - name: nlb
                      SCHEME
                      subnets: SUBNETS
                      listeners: LISTENERS
                      target-groups:
                        - {name: web, port: 80, targets: TARGETS}
                        - {name: dns, proto: udp, port: 53, targets: [w1], HC}
            """;

    private static String nlb(String scheme, String subnets, String listeners, String targets, String hc) {
        return BASE.replace("SCHEME", scheme).replace("SUBNETS", subnets).replace("LISTENERS", listeners)
                .replace("TARGETS", targets).replace("HC", hc);
    }

    private static final String SUBNETS_OK = "[{subnet: pub-a, ip: 10.0.0.50, public-ip: 198.51.100.50},"
            + " {subnet: pub-b, ip: 10.0.1.50, public-ip: 198.51.100.51}]";
    private static final String LISTENERS_OK = "[{proto: tcp, port: 80, target-group: web}]";
    private static final String HC_OK = "health-check: {port: 80}";

    @Test
    void a_correct_balancer_loads() throws Exception {
        Scenario s = ScenarioLoader.parse("ok.yaml", nlb("cross-zone: false", SUBNETS_OK, LISTENERS_OK, "[w1, w2]", HC_OK));
        assertThat(s.cloud().nlbs()).hasSize(1);
        assertThat(s.cloud().nlbs().get(0).zones()).hasSize(2);
    }

    @Test
    void network_load_balancer_errors_name_their_field() {
        String p = "cloud.vpcs[0].network-load-balancers[0]";
        assertProblem(nlb("", SUBNETS_OK, LISTENERS_OK, "[w1, w9]", HC_OK), "w9", p + ".target-groups[0].targets[1]",
                "unknown instance 'w9' (instances of vpc v: w1, w2)");
        assertProblem(nlb("", SUBNETS_OK, LISTENERS_OK, "[w1, w1]", HC_OK), "w1]}", p + ".target-groups[0].targets[1]",
                "target w1 is registered twice in target group web");
        assertProblem(nlb("", SUBNETS_OK, "[{proto: tcp, port: 80, target-group: api}]", "[w1]", HC_OK), "api}",
                p + ".listeners[0].target-group", "unknown target group 'api' (target groups of nlb: web, dns)");
        assertProblem(nlb("", SUBNETS_OK, "[{proto: udp, port: 80, target-group: web}]", "[w1]", HC_OK), "web}]",
                p + ".listeners[0].target-group", "forwards to target group web, a tcp group");
        assertProblem(nlb("", SUBNETS_OK, "[{port: 80, target-group: web}, {port: 80, target-group: web}]", "[w1]",
                HC_OK), "80, target-group: web}]", p + ".listeners[1].port", "listener tcp:80 is already defined");
        assertProblem(nlb("", SUBNETS_OK, "[{proto: sctp, port: 80, target-group: web}]", "[w1]", HC_OK), "sctp",
                p + ".listeners[0].proto", "unknown value 'sctp' (allowed: tcp, udp)");
        assertProblem(nlb("", "[{subnet: pub-a, ip: 10.0.0.50}]", LISTENERS_OK, "[w1]", HC_OK), "{subnet: pub-a",
                p + ".subnets[0].public-ip", "an internet-facing network load balancer needs an elastic address per zone");
        assertProblem(nlb("scheme: internal", "[{subnet: pub-a, ip: 10.0.0.50, public-ip: 198.51.100.50}]",
                LISTENERS_OK, "[w1]", HC_OK), "198.51.100.50}", p + ".subnets[0].public-ip",
                "an internal network load balancer has no public address");
        assertProblem(nlb("scheme: private", SUBNETS_OK, LISTENERS_OK, "[w1]", HC_OK), "private", p + ".scheme",
                "unknown value 'private' (allowed: internet-facing, internal)");
        assertProblem(nlb("scheme: internal", "[{subnet: pub-a, ip: 10.0.0.50}, {subnet: pub-a, ip: 10.0.0.51}]",
                LISTENERS_OK, "[w1]", HC_OK), "pub-a, ip: 10.0.0.51", p + ".subnets[1].subnet",
                "subnets pub-a and pub-a are both in zone z1 (a network load balancer has one subnet per zone)");
        assertProblem(nlb("scheme: internal", "[{subnet: pub-a, ip: 10.0.0.1}]", LISTENERS_OK, "[w1]", HC_OK),
                "10.0.0.1}", p + ".subnets[0].ip", "10.0.0.1 is reserved in 10.0.0.0/24");
        assertProblem(nlb("scheme: internal", "[{subnet: pub-a, ip: 10.0.0.10}]", LISTENERS_OK, "[w1]", HC_OK),
                "{subnet: pub-a", p + ".subnets[0]", "address 10.0.0.10 is already used by w1");
        assertProblem(nlb("scheme: internal", "[{subnet: pub-a, ip: 10.0.0.50}]", LISTENERS_OK, "[w1, w2]", HC_OK),
                "w2]}", p + ".target-groups[0].targets[1]", "target w2 is in zone z2, where network load balancer nlb"
                        + " has no subnet: with cross-zone off it would get no flows");
        assertProblem(nlb("", SUBNETS_OK, LISTENERS_OK, "[w1]", "health-check: null"), "{name: dns", p + ".target-groups[1]"
                + ".health-check", "a udp target group is health-checked over TCP");
        assertProblem(nlb("", SUBNETS_OK, LISTENERS_OK, "[w1]", "health-check: {interval: 1s, timeout: 2s, port: 80}"),
                "2s", p + ".target-groups[1].health-check.timeout", "the health check timeout must be more than 0 and at"
                        + " most the interval");
        assertProblem(nlb("", SUBNETS_OK, LISTENERS_OK, "[w1]", "health-check: {port: 80, healthy-threshold: 1}"),
                "1}", p + ".target-groups[1].health-check.healthy-threshold", "");
    }

    @Test
    void deregister_in_the_timeline_names_a_balancer_and_one_of_its_targets() {
        String ok = nlb("cross-zone: false", SUBNETS_OK, LISTENERS_OK, "[w1, w2]", HC_OK);
        assertProblem(ok + "timeline:\n  - {at: 1s, deregister: w2, from: nlb9}\n", "nlb9", "timeline[0].from",
                "unknown network load balancer 'nlb9' (network load balancers: nlb)");
        assertProblem(ok + "timeline:\n  - {at: 1s, deregister: w3, from: nlb}\n", "w3", "timeline[0].deregister",
                "'w3' is not a target of network load balancer nlb (targets: w1, w2)");
        assertProblem(ok + "timeline:\n  - {at: 1s, crash: w2, from: nlb}\n", "from", "timeline[0].from",
                "'from' goes only with 'deregister'");
    }

    private static void assertProblem(String yaml, String marker, String path, String phrase) {
        int at = yaml.lastIndexOf(marker);
        assertMessageAt(yaml, marker, at, path, phrase);
    }
}
