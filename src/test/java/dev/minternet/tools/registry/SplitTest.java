package dev.minternet.tools.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Command lines split into words as bash splits a simple command. */
class SplitTest {
    @Test
    void in_double_quotes_a_backslash_escapes_only_what_bash_lets_it() {
        // bash: printf '%s|' "a\nb" "x\$y" "q\"q" "b\\s" "t\tt" prints a\nb|x$y|q"q|b\s|t\tt|
        assertThat(ToolRegistry.split("curl -w \"%{remote_ip}\\n\" \"x\\$y\" \"q\\\"q\" \"b\\\\s\" \"t\\tt\""))
                .isEqualTo(List.of("curl", "-w", "%{remote_ip}\\n", "x$y", "q\"q", "b\\s", "t\\tt"));
    }

    @Test
    void outside_quotes_a_backslash_escapes_any_character_and_single_quotes_keep_everything() {
        assertThat(ToolRegistry.split("a\\ b c\\n 'd\\ne' \"\"")).isEqualTo(List.of("a b", "cn", "d\\ne", ""));
    }
}
