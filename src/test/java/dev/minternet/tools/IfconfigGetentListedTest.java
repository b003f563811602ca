package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import org.junit.jupiter.api.Test;

/** ifconfig and getent are tools like the others: in {@code minternet tools} and the shell's {@code help}. */
class IfconfigGetentListedTest {
    @Test
    void the_tools_command_and_help_list_them() {
        assertThat(CliTest.exec("tools").out()).contains("ifconfig [-a] [-s] [-v] [interface]",
                "getent hosts|ahosts|ahostsv4|ahostsv6 [KEY...]");
        assertThat(CliTest.execWithInput("help\n", "shell").out()).contains("ifconfig [-a]", "getent hosts");
    }
}
