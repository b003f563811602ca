package dev.minternet.tools.grpcurl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** grpcurl's command line (Go flags) and request and response JSON. */
class GrpcurlArgsTest {
    @Test
    void flags_take_go_forms_and_the_verb_or_method_follows_the_address() {
        GrpcurlArgs a = GrpcurlArgs.parse(List.of("-plaintext", "--max-time=0.25", "-d", "{\"id\":1}", "api:50051", "users.Users/Get"));
        assertThat(a.plaintext()).isTrue();
        assertThat(a.maxTimeNs()).isEqualTo(250_000_000L);
        assertThat(a.verb()).isEqualTo("invoke");
        assertThat(a.symbol()).isEqualTo("users.Users/Get");
        assertThat(a.host()).isEqualTo("api");
        assertThat(a.port()).isEqualTo(50051);
        GrpcurlArgs l = GrpcurlArgs.parse(List.of("-plaintext", "api:50051", "list"));
        assertThat(l.verb()).isEqualTo("list");
        assertThat(l.symbol()).isNull();
    }

    @Test
    void bad_command_lines_get_grpcurls_words() {
        assertThatThrownBy(() -> GrpcurlArgs.parse(List.of("-x", "a:1", "list"))).hasMessage("flag provided but not defined: -x");
        assertThatThrownBy(() -> GrpcurlArgs.parse(List.of("-plaintext"))).hasMessage("Too few arguments.");
        assertThatThrownBy(() -> GrpcurlArgs.parse(List.of("a:1", "list", "x", "y"))).hasMessage("Too many arguments.");
        assertThatThrownBy(() -> GrpcurlArgs.parse(List.of("-d", "{}", "a:1", "list")))
                .hasMessage("The -d argument is not used with 'list' or 'describe' verb.");
        assertThatThrownBy(() -> GrpcurlArgs.parse(List.of("-d"))).hasMessage("flag needs an argument: -d");
    }

    @Test
    void request_data_is_a_stream_of_json_objects() {
        assertThat(GrpcurlText.jsonObjects(" {\"id\":1} {\"name\":\"a}b\"}\n")).containsExactly("{\"id\":1}", "{\"name\":\"a}b\"}");
        assertThatThrownBy(() -> GrpcurlText.jsonObjects("{\"id\":1")).hasMessage("unexpected EOF");
    }

    @Test
    void responses_are_laid_out_a_member_and_an_element_a_line() {
        assertThat(GoJson.indent("{\"created\":2,\"ids\":[\"4\",\"5\"],\"e\":{}}"))
                .isEqualTo("{\n  \"created\": 2,\n  \"ids\": [\n    \"4\",\n    \"5\"\n  ],\n  \"e\": {}\n}");
    }
}
