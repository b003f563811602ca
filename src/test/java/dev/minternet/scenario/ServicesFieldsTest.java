package dev.minternet.scenario;

import static dev.minternet.scenario.ScenarioProblems.problemIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.AppServiceType.AppSpec;
import dev.minternet.scenario.DbServiceType.DbSpec;
import dev.minternet.scenario.LbServiceType.LbSpec;
import dev.minternet.scenario.WebServiceType.WebSpec;
import dev.minternet.services.lb.LoadBalancer;
import dev.minternet.services.web.Certificates;
import dev.minternet.sim.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code services:} node field, the {@code tls:} section and crash/restore in the timeline. */
class ServicesFieldsTest {
    @TempDir
    Path dir;

    Path write(String yaml) throws Exception {
        Files.createDirectories(dir.resolve("site"));
        Files.writeString(dir.resolve("seed.sql"), "CREATE TABLE t (id INT);");
        Path f = dir.resolve("w.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    static final String HEAD = """
            name: w
            duration: 10s
            nodes:
              - {name: db, kind: host}
              - {name: app, kind: host}
            """;

    ScenarioException problem(String yaml) throws Exception {
        return problemIn(write(yaml));
    }

    @Test
    void every_service_type_is_read_with_its_defaults() throws Exception {
        Scenario s = ScenarioLoader.load(write(HEAD + """
                  - name: web
                    kind: host
                    services:
                      - {type: web, root: site, tls: true, names: [www.example.com], api: app:8080}
                      - {type: lb, port: 8443, backends: [web:80], algorithm: least-connections, health: {interval: 3s, fall: 2}}
                  - {name: x, kind: host, services: [{type: app, db: db:5432, cpu: 5ms}, {type: db, seed: seed.sql, query-time: 2ms}]}
                tls:
                  certificates:
                    - {names: [old.example.com], status: expired}
                timeline:
                  - {at: 1s, crash: web}
                  - {at: 2s, restore: web}
                """));
        Scenario.NodeSpec web = s.nodes().get(2);
        assertThat(web.services().get(0)).isEqualTo(new WebSpec(443, dir.resolve("site"), true, List.of("www.example.com"),
                new Scenario.HostPort("app", 8080, web.services().get(0) instanceof WebSpec w ? w.api().loc() : null), null,
                web.services().get(0).loc()));
        LbSpec lb = (LbSpec) web.services().get(1);
        assertThat(lb.algorithm()).isEqualTo(LoadBalancer.Algorithm.LEAST_CONNECTIONS);
        assertThat(lb.health()).isEqualTo(new LoadBalancer.Health("/health", 3 * Durations.S, Durations.S, 2, 2));
        AppSpec app = (AppSpec) s.nodes().get(3).services().get(0);
        assertThat(app.port()).isEqualTo(8080);
        assertThat(app.workers()).isEqualTo(4);
        assertThat(app.cpuNs()).isEqualTo(5 * Durations.MS);
        assertThat(app.pool()).isEqualTo(4);
        DbSpec db = (DbSpec) s.nodes().get(3).services().get(1);
        assertThat(db.port()).isEqualTo(5432);
        assertThat(db.seed()).isEqualTo(dir.resolve("seed.sql"));
        assertThat(db.queryTimeNs()).isEqualTo(2 * Durations.MS);
        assertThat(s.certificates()).hasSize(1);
        assertThat(s.certificates().get(0).status()).isEqualTo(Certificates.Status.EXPIRED);
        assertThat(s.timeline()).containsExactly(new Scenario.NodeState(Durations.S, "web", false, s.timeline().get(0).loc()),
                new Scenario.NodeState(2 * Durations.S, "web", true, s.timeline().get(1).loc()));
    }

    @Test
    void a_chat_server_is_read_with_its_defaults_and_bounds() throws Exception {
        Scenario s = ScenarioLoader.load(write(HEAD + """
                  - {name: c, kind: host, services: [{type: chat}, {type: chat, tls: true, deflate: false, max-message: 1KiB, ping: 0},
                      {type: chat, port: 81, context-takeover: false}]}
                timeline:
                  - {at: 1s, on: c, input: "hello"}
                  - {at: 2s, on: c, input: "^D"}
                """));
        ChatServiceType.ChatSpec plain = (ChatServiceType.ChatSpec) s.nodes().get(2).services().get(0);
        assertThat(plain.port()).isEqualTo(80);
        assertThat(plain.deflate()).isTrue();
        assertThat(plain.contextTakeover()).isTrue();
        assertThat(((ChatServiceType.ChatSpec) s.nodes().get(2).services().get(2)).contextTakeover()).isFalse();
        assertThat(plain.maxMessage()).isEqualTo(65536);
        assertThat(plain.pingNs()).isEqualTo(30 * Durations.S);
        ChatServiceType.ChatSpec secure = (ChatServiceType.ChatSpec) s.nodes().get(2).services().get(1);
        assertThat(secure.port()).isEqualTo(443);
        assertThat(secure.deflate()).isFalse();
        assertThat(secure.maxMessage()).isEqualTo(1024);
        assertThat(secure.pingNs()).isZero();
        assertThat(s.timeline()).containsExactly(new Scenario.Input(Durations.S, "c", "hello", s.timeline().get(0).loc()),
                new Scenario.Input(2 * Durations.S, "c", "^D", s.timeline().get(1).loc()));
        assertThat(((Scenario.Input) s.timeline().get(1)).endOfInput()).isTrue();
        assertThat(problem(HEAD + "  - {name: c, kind: host, services: [{type: chat, max-message: 1GiB}]}\n").getMessage())
                .contains("nodes[2].services[0].max-message: must be between 125 bytes and 16MiB");
        assertThat(problem(HEAD + "  - {name: c, kind: host, services: [{type: chat, deflate: false, context-takeover: false}]}\n")
                .getMessage()).contains("nodes[2].services[0].context-takeover: is about permessage-deflate, which deflate: false turns off");
        assertThat(problem(HEAD.replace("duration: 10s\n", "") + "  - {name: c, kind: host, services: [{type: chat}]}\n")
                .getMessage()).contains("a chat server pings its members forever");
        assertThat(problem(HEAD + "timeline:\n  - {at: 1s, input: hi}\n").getMessage())
                .contains("timeline[0].on: missing required field 'on'");
    }

    @Test
    void an_unknown_type_lists_the_allowed_ones() throws Exception {
        ScenarioException e = problem(HEAD + "  - {name: w, kind: host, services: [{type: ftp}]}\n");
        assertThat(e.loc().line()).isEqualTo(6);
        assertThat(e.getMessage()).contains("nodes[2].services[0].type: unknown value 'ftp' (allowed: web, app, db, lb, redirect, redis, chat, grpc, mqtt, rtp-sender, rtp-receiver, gateway, auth, cdn, cdn-dns, sidecar, load)");
    }

    @Test
    void a_field_of_another_type_is_an_unknown_field() throws Exception {
        ScenarioException e = problem(HEAD + "  - {name: w, kind: host, services: [{type: web, root: site, workers: 3}]}\n");
        assertThat(e.getMessage()).contains("unknown field 'workers'").contains("allowed: type, port, root, tls, names, api");
    }

    @Test
    void a_missing_folder_a_bad_backend_and_a_taken_port_are_reported_where_they_are() throws Exception {
        assertThat(problem(HEAD + "  - {name: w, kind: host, services: [{type: web, root: nope}]}\n").getMessage())
                .contains(":6:").contains("root: no such folder");
        assertThat(problem(HEAD + "  - {name: w, kind: host, services: [{type: lb, backends: [web-9:80]}]}\n").getMessage())
                .contains(":6:").contains("unknown node 'web-9'");
        assertThat(problem(HEAD + "  - {name: w, kind: host, services: [{type: lb, backends: [app]}]}\n").getMessage())
                .contains("expected node:port");
        assertThat(problem(HEAD + "  - {name: w, kind: host, services: [{type: db}, {type: db}]}\n").getMessage())
                .contains("port 5432 is already taken");
        assertThat(problem(HEAD + "  - {name: w, kind: host, services: [{type: lb, backends: [app:1], health: {interval: 1s, timeout: 2s}}]}\n")
                .getMessage()).contains("timeout must not exceed the interval");
    }

    @Test
    void errors_found_once_every_node_is_read_name_the_indexed_field() throws Exception {
        assertThat(problem(HEAD + "  - {name: w, kind: host, services: [{type: db}, {type: lb, backends: [app:80, web-9:80]}]}\n")
                .getMessage()).contains(":6:80: nodes[2].services[1].backends[1]: unknown node 'web-9' (known nodes: db, app, w)");
        assertThat(problem(HEAD + "  - {name: w, kind: host, services: [{type: app, db: nobody:5432}]}\n").getMessage())
                .contains("nodes[2].services[0].db: unknown node 'nobody'");
        assertThat(problem(HEAD + "  - {name: w, kind: host, services: [{type: grpc, db: nobody:5432}]}\n").getMessage())
                .contains("nodes[2].services[0].db: unknown node 'nobody'");
        assertThat(problem(HEAD + "  - {name: w, kind: host, services: [{type: grpc}]}\n").getMessage())
                .contains("nodes[2].services[0].db: missing required field 'db'");
        assertThat(problem(HEAD + "  - {name: w, kind: host, services: [{type: web, root: site, api: nobody:8080}]}\n")
                .getMessage()).contains("nodes[2].services[0].api: unknown node 'nobody'");
        assertThat(problem(HEAD.replace("duration: 10s\n", "") + "  - {name: w, kind: host, services: [{type: db},"
                + " {type: web, root: site, api: app:8080}]}\n").getMessage())
                .contains(":5:50: nodes[2].services[1]: a web server with an api checks the application server forever");
    }

    @Test
    void the_registry_gives_each_type_one_name_and_its_own_fields() {
        assertThat(ServiceTypes.names()).containsExactly("web", "app", "db", "lb", "redirect", "redis", "chat", "grpc", "mqtt", "rtp-sender",
                "rtp-receiver", "gateway", "auth", "cdn", "cdn-dns", "sidecar", "load");
        for (ServiceType<?> t : ServiceTypes.ALL) {
            assertThat(t.fields()).as(t.name()).startsWith("type").doesNotHaveDuplicates();
            assertThat(ServiceTypes.named(t.name())).isSameAs(t);
            assertThat(ServiceTypes.anyFields()).containsAll(t.fields());
        }
        assertThat(ServiceTypes.ALL.stream().map(ServiceType::specType).distinct()).hasSize(ServiceTypes.ALL.size());
    }

    @Test
    void a_load_balancer_needs_a_duration_and_crash_needs_a_known_node() throws Exception {
        assertThat(problem(HEAD.replace("duration: 10s\n", "") + "  - {name: w, kind: host, services: [{type: lb, backends: [app:80]}]}\n")
                .getMessage()).contains("set the scenario's duration");
        assertThat(problem(HEAD + "timeline: [{at: 1s, crash: nobody}]\n").getMessage()).contains("unknown node 'nobody'");
        assertThat(problem(HEAD + "tls: {certificates: [{names: [a.example], status: stolen}]}\n").getMessage())
                .contains("allowed: valid, expired, wrong-name, untrusted");
    }

    @Test
    void rtp_sender_and_receiver_are_read_with_their_defaults_and_precise_errors() throws Exception {
        Scenario s = ScenarioLoader.load(write(HEAD + """
                  - {name: cam, kind: host, services: [{type: rtp-sender, to: "rx:5004"}]}
                  - {name: rx, kind: host, services: [{type: rtp-receiver, transport: tcp, playout: 150ms}]}
                """));
        RtpSenderServiceType.RtpSenderSpec tx = (RtpSenderServiceType.RtpSenderSpec) s.nodes().get(2).services().get(0);
        assertThat(tx.to().node()).isEqualTo("rx");
        assertThat(tx.port()).isEqualTo(5004);
        assertThat(tx.tcp()).isFalse();
        assertThat(tx.bitrate()).isEqualTo(2_000_000L);
        assertThat(tx.fps()).isEqualTo(30);
        assertThat(tx.payloadType()).isEqualTo(96);
        assertThat(tx.packetSize()).isEqualTo(1200);
        assertThat(tx.durationNs()).isEqualTo(10_000_000_000L);
        RtpReceiverServiceType.RtpReceiverSpec rx = (RtpReceiverServiceType.RtpReceiverSpec) s.nodes().get(3).services().get(0);
        assertThat(rx.port()).isEqualTo(5004);
        assertThat(rx.tcp()).isTrue();
        assertThat(rx.playoutNs()).isEqualTo(150_000_000L);
        assertThat(problem(HEAD + "  - {name: cam, kind: host, services: [{type: rtp-sender}]}\n").getMessage())
                .contains("nodes[2].services[0].to: missing");
        assertThat(problem(HEAD + "  - {name: cam, kind: host, services: [{type: rtp-sender, to: \"app:5004\", transport: sctp}]}\n")
                .getMessage()).contains("nodes[2].services[0].transport: expected udp or tcp, got 'sctp'");
        assertThat(problem(HEAD + "  - {name: cam, kind: host, services: [{type: rtp-sender, to: \"app:5004\", payload-type: 8}]}\n")
                .getMessage()).contains("nodes[2].services[0].payload-type:");
        assertThat(problem(HEAD + "  - {name: cam, kind: host, services: [{type: rtp-sender, to: \"nobody:5004\"}]}\n")
                .getMessage()).contains("nodes[2].services[0].to: unknown node 'nobody'");
        assertThat(problem(HEAD + "  - {name: rx, kind: host, services: [{type: rtp-receiver, port: 65535}]}\n")
                .getMessage()).contains("nodes[2].services[0].port:");
    }
}
