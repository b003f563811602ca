package dev.minternet.services.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/graphql.yaml end to end: GraphQL queries with selection sets, arguments and variables
 * answered from the database, errors in the GraphQL response format, and one user in JSON, XML
 * and protobuf by content negotiation.
 */
class GraphqlExampleTest {
    static final Path EXAMPLE = Path.of("examples/graphql.yaml");

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);
    static List<String> laptop;

    @BeforeAll
    static void readRun() throws Exception {
        laptop = run.terminal("laptop");
    }

    @Test
    void a_query_answers_exactly_its_selection_set_and_arguments_reach_the_sql() {
        assertThat(laptop).contains("{\"data\":{\"user\":{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}}}",
                "{\"data\":{\"users\":[{\"id\":\"1\",\"name\":\"Ada Lovelace\"},{\"id\":\"2\",\"name\":\"Alan Turing\"}]}}",
                "{\"data\":{\"missing\":null}}");
        List<TraceEvent> fetches = run.events(GraphqlEvents.FETCH);
        assertThat(fetches).extracting(e -> e.get(GraphqlEvents.SQL)).containsExactly(
                "SELECT id, name, email FROM users WHERE id = 1",
                "SELECT id, name, email FROM users ORDER BY id LIMIT 2",
                "SELECT id, name, email FROM users WHERE id = 99");
        assertThat(run.events(GraphqlEvents.EXECUTE)).extracting(e -> e.get(GraphqlEvents.OPERATION) + " " + e.num(GraphqlEvents.ERRORS))
                .containsExactly(" 0", "Few 0", " 1", " 0", " 1");
    }

    @Test
    void errors_carry_message_locations_and_path_in_the_graphql_format() {
        assertThat(laptop).contains("{\"errors\":[{\"message\":\"Validation error (FieldUndefined@[user/phone]) : Field 'phone' in type 'User' "
                + "is undefined\",\"locations\":[{\"line\":1,\"column\":22}],\"extensions\":{\"classification\":\"ValidationError\"}}]}");
        assertThat(laptop).contains("{\"errors\":[{\"message\":\"Exception while fetching data (/user) : id must be a whole number, got 'one'\","
                + "\"locations\":[{\"line\":1,\"column\":3}],\"path\":[\"user\"],\"extensions\":{\"classification\":\"DataFetchingException\"}}],"
                + "\"data\":{\"user\":null}}");
    }

    @Test
    void the_same_user_in_json_xml_and_protobuf_by_accept_and_406_otherwise() {
        assertThat(laptop).contains("json 200 application/json 56 bytes", "xml 200 application/xml 118 bytes",
                "protobuf 200 application/x-protobuf 33 bytes",
                "<user><id>1</id><name>Ada Lovelace</name><email>ada@example.com</email></user>", "406");
    }

    @Test
    void representations_choose_by_q_and_specificity() {
        assertThat(Representations.choose(null)).isEqualTo("application/json");
        assertThat(Representations.choose("application/xml;q=0.9, application/x-protobuf")).isEqualTo("application/x-protobuf");
        assertThat(Representations.choose("*/*;q=0.1, application/xml;q=0.5")).isEqualTo("application/xml");
        assertThat(Representations.choose("application/*, application/json;q=0")).isEqualTo("application/xml");
        assertThat(Representations.choose("text/html, text/*")).isNull();
    }

    @Test
    void tshark_decodes_the_post_and_the_protobuf_body_is_a_users_user() throws Exception {
        Oracles.tshark();
        Path pcap = run.dir().resolve("laptop-eth0.pcap");
        Tshark.assertClean(pcap);
        List<Map<String, String>> posts = Tshark.fieldsWith(pcap, List.of("-d", "tcp.port==8080,http"),
                "http.request.method == \"POST\"", "http.request.uri", "http.content_type");
        assertThat(posts).hasSize(5).allSatisfy(r -> assertThat(r.get("http.request.uri")).isEqualTo("/graphql"));
        // the protobuf body decodes as users.User with the shipped .proto
        byte[] body = null;
        for (Map<String, String> r : Tshark.fieldsWith(pcap, List.of("-d", "tcp.port==8080,http"),
                "http.content_type == \"application/x-protobuf\"", "tcp.payload")) {
            // one segment holds the response: its head, a blank line, then the body
            byte[] segment = java.util.HexFormat.of().parseHex(r.get("tcp.payload").replace(":", ""));
            String text = new String(segment, java.nio.charset.StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n") + 4;
            body = java.util.Arrays.copyOfRange(segment, end, segment.length);
        }
        assertThat(body).isNotNull();
        com.google.protobuf.DynamicMessage m = com.google.protobuf.DynamicMessage.parseFrom(
                dev.minternet.http.grpc.ProtoFile.builtin("users.proto").findMessageTypeByName("User"), body);
        assertThat(m.toString()).isEqualTo("id: 1\nname: \"Ada Lovelace\"\nemail: \"ada@example.com\"\n");
    }

    @Test
    void two_runs_are_byte_identical() {
        run.assertRerunIdentical();
    }
}
