package dev.minternet.services.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.http.grpc.GrpcEvents;
import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import dev.minternet.tools.ToolEvents;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/grpc.yaml end to end: grpcurl on the laptop lists and describes the users service by
 * reflection, makes one call of each kind against the database, meets NOT_FOUND, ALREADY_EXISTS,
 * INVALID_ARGUMENT and a deadline, and calls over TLS. One run, every interface captured.
 */
class GrpcExampleTest {
    static final Path EXAMPLE = Path.of("examples/grpc.yaml");
    static final Path PROTO = Path.of("src/main/resources/proto").toAbsolutePath();

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    @Test
    void grpcurl_lists_and_describes_what_reflection_told_it() {
        List<String> out = run.terminal("laptop");
        assertThat(out).containsSequence("grpc.reflection.v1alpha.ServerReflection", "users.Users", "users.Users.Create",
                "users.Users.Get", "users.Users.List", "users.Users.Lookup");
        assertThat(out).containsSequence("users.Users is a service:", "service Users {",
                "  rpc Get ( .users.GetUserRequest ) returns ( .users.User );",
                "  rpc List ( .users.ListUsersRequest ) returns ( stream .users.User );",
                "  rpc Create ( stream .users.User ) returns ( .users.CreateSummary );",
                "  rpc Lookup ( stream .users.GetUserRequest ) returns ( stream .users.User );", "}");
        assertThat(out).containsSequence("users.User is a message:", "message User {", "  int64 id = 1;", "  string name = 2;",
                "  string email = 3;", "}");
    }

    @Test
    void each_kind_of_call_answers_from_the_database_as_json() {
        List<String> out = run.terminal("laptop");
        // unary
        assertThat(out).containsSequence("{", "  \"id\": \"1\",", "  \"name\": \"Ada Lovelace\",", "  \"email\": \"ada@example.com\"", "}");
        // server streaming: the seed's three users, then client streaming's summary, then bidi's two answers
        assertThat(String.join("\n", out)).contains("\"name\": \"Grace Hopper\"");
        assertThat(out).containsSequence("{", "  \"created\": 2,", "  \"ids\": [", "    \"4\",", "    \"5\"", "  ]", "}");
        List<TraceEvent> ends = run.events(e -> e.is(GrpcEvents.END) && e.node().equals("api")
                && e.get(GrpcEvents.METHOD).startsWith("/users."));
        assertThat(ends).extracting(e -> e.get(GrpcEvents.METHOD) + " " + e.get(GrpcEvents.STATUS) + " "
                + e.num(GrpcEvents.RECEIVED) + "/" + e.num(GrpcEvents.SENT)).containsExactly(
                "/users.Users/Get OK 1/1", "/users.Users/Get NOT_FOUND 1/0", "/users.Users/List OK 1/3",
                "/users.Users/Create OK 2/1", "/users.Users/Create ALREADY_EXISTS 1/0", "/users.Users/Lookup OK 2/2",
                "/users.Users/Get INVALID_ARGUMENT 1/0", "/users.Users/Get CANCELLED 1/0", "/users.Users/Get OK 1/1",
                "/users.Users/Get OK 1/1");
        // bidi: the user created by the client-streaming call is there
        assertThat(String.join("\n", out)).contains("\"name\": \"Barbara Liskov\"");
    }

    @Test
    void failed_calls_print_grpcurls_error_block_and_exit_64_plus_the_code() {
        List<String> out = run.terminal("laptop");
        assertThat(out).containsSequence("ERROR:", "  Code: NotFound", "  Message: user 7 not found");
        assertThat(out).containsSequence("ERROR:", "  Code: AlreadyExists", "  Message: user 1 already exists");
        assertThat(out).containsSequence("ERROR:", "  Code: InvalidArgument", "  Message: id must be positive, got 0");
        assertThat(out).containsSequence("ERROR:", "  Code: DeadlineExceeded", "  Message: context deadline exceeded");
        assertThat(run.events(e -> e.is(ToolEvents.EXIT) && e.node().equals("laptop")).stream().map(e -> e.num(ToolEvents.CODE)))
                .containsExactly(0L, 0L, 0L, 0L, 0L, 69L, 0L, 0L, 70L, 0L, 67L, 68L, 0L, 0L);
    }

    @Test
    void the_deadline_expires_in_simulated_time_and_travels_as_grpc_timeout() {
        TraceEvent call = run.events(e -> e.is(GrpcEvents.CALL) && e.node().equals("laptop")
                && e.get(GrpcEvents.CONN).endsWith(":50052") && e.get(GrpcEvents.METHOD).equals("/users.Users/Get")).get(0);
        TraceEvent end = run.events(e -> e.is(GrpcEvents.END) && e.node().equals("laptop")
                && e.get(GrpcEvents.STATUS).equals("DEADLINE_EXCEEDED")).get(0);
        assertThat(end.time()).as("-max-time 0.1 from the start of grpcurl at 6.5 s").isEqualTo(6_600_000_000L);
        assertThat(call.num(GrpcEvents.TIMEOUT)).as("what was left when the call started")
                .isEqualTo(6_600_000_000L - call.time());
        TraceEvent server = run.events(e -> e.is(GrpcEvents.CALL) && e.node().equals("api")
                && e.get(GrpcEvents.CONN).startsWith("10.0.2.2:50052") && e.get(GrpcEvents.METHOD).equals("/users.Users/Get")).get(0);
        assertThat(server.num(GrpcEvents.TIMEOUT)).as("grpc-timeout in microseconds, rounded up")
                .isBetween(call.num(GrpcEvents.TIMEOUT), call.num(GrpcEvents.TIMEOUT) + 999);
    }

    @Test
    void tshark_decodes_the_cleartext_calls_as_grpc_with_the_proto_and_the_fields_of_the_trace() throws Exception {
        Oracles.tshark();
        Path laptop = run.dir().resolve("laptop-eth0.pcap");
        List<String> opts = List.of("-d", "tcp.port==50051,http2", "-d", "tcp.port==50052,http2",
                "-o", "uat:protobuf_search_paths:\"" + PROTO + "\",\"TRUE\"");
        assertThat(Tshark.fieldsWith(laptop, opts, "_ws.malformed || grpc.body_malformed || protobuf.field.message_type_not_found",
                "frame.number")).isEmpty();
        // every message of the users service, in capture order, as stream and length: the trace's messages
        List<String> decoded = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (Map<String, String> row : Tshark.fieldsWith(laptop, opts, "grpc && protobuf.message.name contains \"users.\"",
                "http2.streamid", "grpc.message_length", "protobuf.field.value.string")) {
            for (String len : row.get("grpc.message_length").split(",")) {
                decoded.add(row.get("http2.streamid") + " " + len);
            }
            texts.add(row.get("protobuf.field.value.string"));
        }
        List<String> traced = new ArrayList<>();
        for (TraceEvent e : run.events(e -> e.is(GrpcEvents.MSG) && e.node().equals("laptop")
                && e.get(GrpcEvents.METHOD).startsWith("/users.") && !e.get(GrpcEvents.CONN).endsWith(":443"))) {
            if (e.num(GrpcEvents.BYTES) > 0) { // an empty message carries no fields for tshark to name its type by
                traced.add(e.num(GrpcEvents.STREAM) + " " + e.num(GrpcEvents.BYTES));
            }
        }
        assertThat(decoded).isEqualTo(traced);
        assertThat(texts).contains("Ada Lovelace,ada@example.com", "Barbara Liskov,barbara@example.com", "Ada again");
        // the statuses travel in trailers (HPACK-decoded by tshark): NOT_FOUND's Trailers-Only response among them
        assertThat(Tshark.fieldsWith(laptop, opts, "http2.header.name == \"grpc-status\"", "http2.header.value"))
                .anySatisfy(r -> assertThat(r.get("http2.header.value")).contains("user 7 not found"));
    }

    @Test
    void two_runs_are_byte_identical() {
        run.assertRerunIdentical();
    }
}
