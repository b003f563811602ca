package dev.minternet.http.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.minternet.http.Exchange;
import dev.minternet.http.Headers;
import dev.minternet.http.HttpClient;
import dev.minternet.http.HttpProtocol;
import dev.minternet.http.Request;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.trace.TraceEvent;
import dev.minternet.transport.StreamPipe;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * gRPC calls end to end over an in-memory stream with a 1 ms one-way delay: a server with the
 * users.proto service answering from a map (no database), a client channel. One test per kind of
 * call and per path to a status.
 */
class GrpcCallsTest {
    static final FileDescriptor USERS = ProtoFile.builtin(ProtoFile.USERS);
    static final ServiceDescriptor SERVICE = USERS.findServiceByName("Users");
    static final Descriptor USER = USERS.findMessageTypeByName("User");
    static final long MS = 1_000_000L;

    Simulator sim;
    Trace trace;
    List<TraceEvent> events;
    GrpcServer server;
    GrpcChannel channel;
    Map<Long, String> users = new java.util.TreeMap<>(Map.of(1L, "Ada Lovelace", 2L, "Alan Turing"));
    List<String> serverHeard = new ArrayList<>();

    /** What a client call heard, in order. */
    static final class Heard implements ClientCall.Listener {
        final List<String> log = new ArrayList<>();
        GrpcStatus status;
        String message;
        Http2Headers trailers;
        long closedAt = -1;
        final Simulator sim;

        Heard(Simulator sim) {
            this.sim = sim;
        }

        @Override
        public void onHeaders(Http2Headers h) {
            log.add("headers " + h.get("content-type"));
        }

        @Override
        public void onMessage(DynamicMessage m) {
            log.add(com.google.protobuf.TextFormat.shortDebugString(m));
        }

        @Override
        public void onClose(GrpcStatus s, String msg, Http2Headers t) {
            status = s;
            message = msg;
            trailers = t;
            closedAt = sim.now();
        }
    }

    @BeforeEach
    void setUp() {
        sim = new Simulator(1);
        events = new ArrayList<>();
        trace = new Trace(sim);
        trace.subscribe(events::add);
        server = new GrpcServer(sim, trace, "server");
        Map<String, GrpcServer.Handler> m = new LinkedHashMap<>();
        m.put("Get", call -> call.listen(new ServerCall.Listener() {
            @Override
            public void onMessage(DynamicMessage req) {
                long id = (Long) req.getField(req.getDescriptorForType().findFieldByName("id"));
                if (id == 99) {
                    return; // a handler that never answers: only a deadline ends the call
                }
                String name = users.get(id);
                if (name == null) {
                    call.close(GrpcStatus.NOT_FOUND, "user " + id + " not found");
                } else {
                    call.send(user(id, name));
                    call.close(GrpcStatus.OK, "");
                }
            }

            @Override
            public void onCancel() {
                serverHeard.add("cancel at " + sim.now());
            }
        }));
        m.put("List", call -> call.listen(new ServerCall.Listener() {
            @Override
            public void onHalfClose() {
                users.forEach((id, name) -> call.send(user(id, name)));
                call.close(GrpcStatus.OK, "");
            }
        }));
        m.put("Create", call -> call.listen(new ServerCall.Listener() {
            int n;

            @Override
            public void onMessage(DynamicMessage u) {
                n++;
                serverHeard.add("create " + u.getField(USER.findFieldByName("name")));
            }

            @Override
            public void onHalfClose() {
                Descriptor s = USERS.findMessageTypeByName("CreateSummary");
                call.send(DynamicMessage.newBuilder(s).setField(s.findFieldByName("created"), n).build());
                call.close(GrpcStatus.OK, "");
            }
        }));
        m.put("Lookup", call -> call.listen(new ServerCall.Listener() {
            @Override
            public void onMessage(DynamicMessage req) {
                long id = (Long) req.getField(req.getDescriptorForType().findFieldByName("id"));
                call.send(user(id, users.getOrDefault(id, "?")));
            }

            @Override
            public void onHalfClose() {
                call.close(GrpcStatus.OK, "");
            }
        }));
        server.add(SERVICE, m).reflection();
        StreamPipe pipe = StreamPipe.create(sim, StreamPipe.Config.DEFAULT.withDelay(MS));
        server.serve(pipe.server());
        channel = GrpcChannel.open(sim, pipe.client(), "users:50051", false, trace, "client");
    }

    static DynamicMessage user(long id, String name) {
        return DynamicMessage.newBuilder(USER).setField(USER.findFieldByName("id"), id).setField(USER.findFieldByName("name"), name).build();
    }

    static DynamicMessage id(long id) {
        Descriptor d = USERS.findMessageTypeByName("GetUserRequest");
        return DynamicMessage.newBuilder(d).setField(d.findFieldByName("id"), id).build();
    }

    static MethodDescriptor method(String name) {
        return SERVICE.findMethodByName(name);
    }

    Heard unary(String method, DynamicMessage req, long timeoutNs) {
        Heard h = new Heard(sim);
        ClientCall c = channel.call(method(method), timeoutNs, h);
        c.send(req);
        c.halfClose();
        sim.run();
        return h;
    }

    @Test
    void a_unary_call_sends_headers_one_message_and_trailers_with_status_0() {
        Heard h = unary("Get", id(1), 0);
        assertThat(h.log).containsExactly("headers application/grpc", "id: 1 name: \"Ada Lovelace\"");
        assertThat(h.status).isEqualTo(GrpcStatus.OK);
        assertThat(h.trailers.get("grpc-status").toString()).isEqualTo("0");
        TraceEvent call = events.stream().filter(e -> e.is(GrpcEvents.CALL) && e.get(GrpcEvents.SIDE).equals("server")).findFirst().orElseThrow();
        assertThat(call.get(GrpcEvents.METHOD)).isEqualTo("/users.Users/Get");
        assertThat(call.get(GrpcEvents.TYPE)).isEqualTo("unary");
    }

    @Test
    void a_server_streaming_call_gets_a_message_per_user_then_ok() {
        Descriptor req = USERS.findMessageTypeByName("ListUsersRequest");
        Heard h = unary("List", DynamicMessage.getDefaultInstance(req), 0);
        assertThat(h.log).containsExactly("headers application/grpc", "id: 1 name: \"Ada Lovelace\"", "id: 2 name: \"Alan Turing\"");
        assertThat(h.status).isEqualTo(GrpcStatus.OK);
    }

    @Test
    void a_client_streaming_call_answers_once_after_the_half_close() {
        Heard h = new Heard(sim);
        ClientCall c = channel.call(method("Create"), 0, h);
        c.send(user(3, "Grace Hopper"));
        c.send(user(4, "Edsger Dijkstra"));
        sim.run();
        assertThat(serverHeard).containsExactly("create Grace Hopper", "create Edsger Dijkstra");
        assertThat(h.log).as("nothing before the half-close").isEmpty();
        c.halfClose();
        sim.run();
        assertThat(h.log).containsExactly("headers application/grpc", "created: 2");
        assertThat(h.status).isEqualTo(GrpcStatus.OK);
    }

    @Test
    void a_bidirectional_call_answers_each_message_as_it_arrives() {
        Heard h = new Heard(sim);
        ClientCall[] c = new ClientCall[1];
        c[0] = channel.call(method("Lookup"), 0, new ClientCall.Listener() {
            @Override
            public void onMessage(DynamicMessage m) {
                h.onMessage(m);
                if (h.log.size() == 1) {
                    c[0].send(id(2)); // the second question only after the first answer
                } else {
                    c[0].halfClose();
                }
            }

            @Override
            public void onClose(GrpcStatus s, String msg, Http2Headers t) {
                h.onClose(s, msg, t);
            }
        });
        c[0].send(id(1));
        sim.run();
        assertThat(h.log).containsExactly("id: 1 name: \"Ada Lovelace\"", "id: 2 name: \"Alan Turing\"");
        assertThat(h.status).isEqualTo(GrpcStatus.OK);
        assertThat(events.stream().filter(e -> e.is(GrpcEvents.MSG) && e.get(GrpcEvents.SIDE).equals("client"))
                .map(e -> e.get(GrpcEvents.DIR)).toList()).containsExactly("send", "receive", "send", "receive");
    }

    @Test
    void an_error_before_any_message_is_a_trailers_only_response() {
        Heard h = unary("Get", id(7), 0);
        assertThat(h.log).as("no separate headers").isEmpty();
        assertThat(h.status).isEqualTo(GrpcStatus.NOT_FOUND);
        assertThat(h.message).isEqualTo("user 7 not found");
        assertThat(h.trailers.status().toString()).isEqualTo("200");
        assertThat(h.trailers.get("content-type").toString()).isEqualTo("application/grpc");
        assertThat(h.trailers.get("grpc-status").toString()).isEqualTo("5");
        assertThat(h.trailers.get("grpc-message").toString()).isEqualTo("user 7 not found");
    }

    @Test
    void unknown_services_and_methods_are_unimplemented_with_grpc_gos_messages() {
        FileDescriptor other = ProtoFile.build(ProtoFile.parse("other.proto",
                "syntax = \"proto3\"; package other; message E {} service Nope { rpc Do (E) returns (E); }"));
        Heard h = unary0(other.findServiceByName("Nope").findMethodByName("Do"));
        assertThat(h.status).isEqualTo(GrpcStatus.UNIMPLEMENTED);
        assertThat(h.message).isEqualTo("unknown service other.Nope");

        FileDescriptor more = ProtoFile.build(ProtoFile.parse("users2.proto",
                "syntax = \"proto3\"; package users; message E {} service Users { rpc Delete (E) returns (E); }"));
        Heard h2 = unary0(more.findServiceByName("Users").findMethodByName("Delete"));
        assertThat(h2.status).isEqualTo(GrpcStatus.UNIMPLEMENTED);
        assertThat(h2.message).isEqualTo("unknown method Delete for service users.Users");
    }

    private Heard unary0(MethodDescriptor m) {
        Heard h = new Heard(sim);
        ClientCall c = channel.call(m, 0, h);
        c.send(DynamicMessage.getDefaultInstance(m.getInputType()));
        c.halfClose();
        sim.run();
        return h;
    }

    @Test
    void the_servers_deadline_ends_the_call_with_deadline_exceeded_in_simulated_time() {
        Heard h = new Heard(sim);
        ClientCall c = channel.call(method("Get"), 50 * MS, false, h);
        c.send(id(99));
        c.halfClose();
        sim.run();
        assertThat(h.status).isEqualTo(GrpcStatus.DEADLINE_EXCEEDED);
        TraceEvent end = events.stream().filter(e -> e.is(GrpcEvents.END) && e.get(GrpcEvents.SIDE).equals("server")).findFirst().orElseThrow();
        assertThat(end.num(GrpcEvents.ELAPSED)).as("from the headers' arrival").isEqualTo(50 * MS);
        assertThat(h.closedAt).as("one way later").isEqualTo(end.time() + MS);
        assertThat(serverHeard).containsExactly("cancel at " + end.time());
        TraceEvent call = events.stream().filter(e -> e.is(GrpcEvents.CALL) && e.get(GrpcEvents.SIDE).equals("server")).findFirst().orElseThrow();
        assertThat(call.num(GrpcEvents.TIMEOUT)).isEqualTo(50 * MS);
    }

    @Test
    void the_clients_deadline_resets_the_stream_and_reports_deadline_exceeded_at_the_deadline() {
        long start = sim.now();
        Heard h = unary("Get", id(99), 30 * MS);
        assertThat(h.status).isEqualTo(GrpcStatus.DEADLINE_EXCEEDED);
        assertThat(h.message).isEqualTo("context deadline exceeded");
        assertThat(h.closedAt).isEqualTo(start + 30 * MS);
        assertThat(server.calls()).isEqualTo(1);
        assertThat(server.ended(GrpcStatus.CANCELLED) + server.ended(GrpcStatus.DEADLINE_EXCEEDED)).isEqualTo(1);
    }

    @Test
    void a_cancelled_call_is_cancelled_on_both_sides() {
        Heard h = new Heard(sim);
        ClientCall c = channel.call(method("Get"), 0, h);
        c.send(id(99));
        sim.runUntil(10 * MS);
        c.cancel("user pressed Ctrl-C");
        sim.run();
        assertThat(h.status).isEqualTo(GrpcStatus.CANCELLED);
        assertThat(server.ended(GrpcStatus.CANCELLED)).isEqualTo(1);
        assertThat(serverHeard).containsExactly("cancel at " + (11 * MS));
    }

    @Test
    void a_message_that_is_not_protobuf_is_internal() {
        Heard h = new Heard(sim);
        ClientCall c = channel.call(method("Get"), 0, h);
        c.sendFramed(GrpcWire.frame(new byte[] {0x0a, 0x05, 'a'})); // a length-delimited field cut short
        sim.run();
        assertThat(h.status).isEqualTo(GrpcStatus.INTERNAL);
        assertThat(h.message).startsWith("grpc: error unmarshalling request: ");
    }

    @Test
    void a_message_over_4_mib_is_resource_exhausted_as_soon_as_its_prefix_arrives() {
        Heard h = new Heard(sim);
        ClientCall c = channel.call(method("Get"), 0, h);
        c.sendFramed(new byte[] {0, 0, 0x50, 0, 0}); // announces 5,242,880 bytes
        sim.run();
        assertThat(h.status).isEqualTo(GrpcStatus.RESOURCE_EXHAUSTED);
        assertThat(h.message).isEqualTo("grpc: received message larger than max (5242880 vs. 4194304)");
    }

    @Test
    void a_request_that_is_not_grpc_gets_415_and_a_grpc_status() {
        StreamPipe pipe = StreamPipe.create(sim, StreamPipe.Config.DEFAULT);
        server.serve(pipe.server());
        HttpClient http = HttpClient.open(sim, pipe.client(), HttpProtocol.H2, HttpClient.Options.curl("users"));
        Exchange[] got = new Exchange[1];
        http.send(new Request("POST", "/users.Users/Get", Headers.EMPTY.with("content-type", "application/json"), new byte[0],
                HttpProtocol.H2, 0, 0), e -> got[0] = e);
        sim.run();
        assertThat(got[0].response().status()).isEqualTo(415);
        assertThat(got[0].response().headers().get("grpc-status")).isEqualTo("13");
    }

    @Test
    void a_connection_that_goes_away_fails_open_calls_as_unavailable() {
        Heard h = new Heard(sim);
        ClientCall c = channel.call(method("Get"), 0, h);
        c.send(id(99));
        sim.runUntil(10 * MS);
        channel.close(); // our own close cancels; a lost connection is tested through the bridge
        sim.run();
        assertThat(h.status).isEqualTo(GrpcStatus.CANCELLED);
        Heard late = new Heard(sim);
        channel.call(method("Get"), 0, late);
        assertThat(late.status).isEqualTo(GrpcStatus.UNAVAILABLE);
    }

    @Test
    void server_reflection_lists_the_services_and_sends_the_file_that_defines_a_symbol() {
        ReflectionClient r = new ReflectionClient(channel, "users", 0);
        List<String> names = new ArrayList<>();
        FileDescriptor[] file = new FileDescriptor[1];
        String[] missing = new String[1];
        r.listServices(names::addAll, (s, m) -> names.add("failed " + m));
        r.fileContainingSymbol("users.User", f -> file[0] = f, (s, m) -> missing[0] = "unexpected " + m);
        r.fileContainingSymbol("users.Nope", f -> missing[0] = "found", (s, m) -> missing[0] = s + " " + m);
        sim.run();
        assertThat(names).containsExactly("users.Users", "grpc.reflection.v1alpha.ServerReflection");
        assertThat(file[0].toProto()).isEqualTo(USERS.toProto());
        assertThat(missing[0]).isEqualTo("NOT_FOUND symbol not found: users.Nope");
    }
}
