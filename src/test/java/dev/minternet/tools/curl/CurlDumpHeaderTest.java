package dev.minternet.tools.curl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import org.junit.jupiter.api.Test;

/**
 * curl's -D (--dump-header): the header blocks to standard output with {@code -}, or to a file of
 * the node (every response of a -L chain, CRLF line ends, as curl writes them) that cat reads.
 */
class CurlDumpHeaderTest {
    @Test
    void to_standard_output() {
        CliTest.Outcome o = CliTest.execWithInput("curl -sD - -o /dev/null https://www.example.com/api/users\n", "shell");
        assertThat(o.out()).contains("laptop$ curl -sD - -o /dev/null https://www.example.com/api/users\nHTTP/2 200 \n")
                .contains("content-type: application/json\n");
    }

    @Test
    void to_a_file_each_response_of_the_chain() {
        CliTest.Outcome o = CliTest.execWithInput("curl -s -L -D hdrs.txt -o /dev/null http://www.example.com/\n"
                + "cat hdrs.txt\ncurl -s -D / -o /dev/null https://www.example.com/\necho $?\n", "shell");
        assertThat(o.out()).contains("laptop$ cat hdrs.txt\nHTTP/1.1 301 Moved Permanently\r\n")
                .contains("Location: https://www.example.com/\r\n")
                .contains("\r\n\r\nHTTP/2 200 \r\n")
                .contains("Warning: Failed to open /\nlaptop$ echo $?\n23\n");
    }
}
