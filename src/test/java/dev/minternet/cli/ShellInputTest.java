package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A transcript piped into {@code minternet shell}: as with {@code commands | bash}, a foreground
 * command that reads its standard input (nc) gets the lines after it, then the end of input.
 */
class ShellInputTest {
    @Test
    void the_lines_after_nc_are_its_input_an_http_request_typed_by_hand() {
        CliTest.Outcome o = CliTest.execWithInput("laptop nc -C www.example.com 80\nGET /a?b HTTP/1.0\n\n", "shell");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out().lines().toList()).containsSubsequence("laptop$ laptop nc -C www.example.com 80",
                "HTTP/1.1 301 Moved Permanently", "Location: https://www.example.com/a?b", "Connection: close", "</html>");
        // the request was nc's input, not a command of the shell
        assertThat(o.out()).doesNotContain("command not found");
    }

    @Test
    void grpcurl_reads_the_lines_after_it_only_with_d_at() {
        CliTest.Outcome o = CliTest.execWithInput("laptop grpcurl -plaintext api:50051 list\nlaptop echo after-list\n"
                + "laptop grpcurl -plaintext -d @ api:50051 users.Users/Get\n{\"id\":1}\n", "shell", "--world", "examples/grpc.yaml");
        assertThat(o.code()).as(o.err()).isZero();
        // the line after `list` is the shell's next command (it was taken as grpcurl's input and lost)
        assertThat(o.out().lines().toList()).containsSubsequence("laptop$ laptop grpcurl -plaintext api:50051 list", "users.Users",
                "laptop$ laptop echo after-list", "after-list", "laptop$ laptop grpcurl -plaintext -d @ api:50051 users.Users/Get",
                "  \"name\": \"Ada Lovelace\",");
    }

    @Test
    void websocat_sends_the_piped_lines_and_closes_at_their_end() {
        CliTest.Outcome o = CliTest.execWithInput("laptop websocat wss://chat.example.com/room/lobby\nhello from the pipe\nlaptop ping -c 1 lb\n",
                "shell");
        assertThat(o.code()).as(o.err()).isZero();
        // the chat room echoes the line to its one member; the next line was websocat's too, not a command
        assertThat(o.out()).containsPattern(": hello from the pipe\n").contains(": laptop ping -c 1 lb").doesNotContain("PING");
    }
}
