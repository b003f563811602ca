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
        assertThatThrownBy(() -> GrpcurlArgs.parse(List.of("-d"))).hasMessage("flag needs an argument: -d");
    }

    /** v1.8.9's main: its checks in its order, what it only warns about, and what the dialer says of an address. */
    @Test
    void checks_warnings_and_addresses_as_grpcurl_main_has_them() {
        assertThat(GrpcurlArgs.parse(List.of("-d", "{}", "a:1", "list")).warnings())
                .containsExactly("Warning: The -d argument is not used with 'list' or 'describe' verb.");
        assertThatThrownBy(() -> GrpcurlArgs.parse(List.of("-plaintext", "list")))
                .hasMessage("No host:port specified, no protoset specified, and no proto sources specified.");
        assertThatThrownBy(() -> GrpcurlArgs.parse(List.of("-plaintext", "users.Users/Get"))).hasMessage("Too few arguments.");
        assertThatThrownBy(() -> GrpcurlArgs.parse(List.of("-plaintext", "-insecure", "a:1", "list")))
                .hasMessage("The -insecure argument can only be used with TLS.");
        assertThatThrownBy(() -> GrpcurlArgs.parse(List.of("-max-time", "-1", "a:1", "list")))
                .hasMessage("The -max-time argument must not be negative.");
        assertThatThrownBy(() -> GrpcurlArgs.parse(List.of("-plaintext=x", "a:1", "list")))
                .hasMessage("invalid boolean value \"x\" for -plaintext: parse error");
        assertThat(GrpcurlArgs.parse(List.of("-version")).version()).isTrue();
        assertThat(GrpcurlArgs.parse(List.of("api", "list")).addressError()).isEqualTo("dial tcp: address api: missing port in address");
        assertThat(GrpcurlArgs.parse(List.of("api:99999", "list")).addressError()).isEqualTo("dial tcp: address 99999: invalid port");
        assertThat(GrpcurlArgs.parse(List.of("api:nope", "list")).addressError()).isEqualTo("dial tcp: lookup tcp/nope: unknown port");
        assertThat(GrpcurlArgs.parse(List.of("api:https", "list")).port()).isEqualTo(443);
        assertThat(GrpcurlArgs.parse(List.of("[2001:db8::1]:50051", "list")).host()).isEqualTo("2001:db8::1");
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
