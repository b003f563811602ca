package dev.minternet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing oracle skips visibly, or fails under MINTERNET_REQUIRE_ORACLES=1; never passes silently. */
class OraclesTest {
    private static final String MISSING = "minternet-no-such-oracle";

    @Test
    void test_missing_oracle_aborts_with_reason() {
        assertThatThrownBy(() -> Oracles.require(MISSING, "minternet-pkg", "/nonexistent", false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining(MISSING + " not installed")
                .hasMessageContaining("apt-get install minternet-pkg")
                .hasMessageContaining(Oracles.REQUIRE_ENV);
    }

    @Test
    void test_missing_oracle_fails_when_required() {
        assertThatThrownBy(() -> Oracles.require(MISSING, "minternet-pkg", "/nonexistent", true))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining(MISSING + " not installed")
                .hasMessageContaining(Oracles.REQUIRE_ENV + "=1");
    }

    @Test
    void test_present_program_is_found_on_path_or_in_system_dirs() {
        Path sh = Oracles.require("sh", "dash", "/nonexistent", true);
        assertThat(Files.isExecutable(sh)).isTrue();
        assertThat(sh.getFileName().toString()).isEqualTo("sh");
    }

    @Test
    void test_program_name_must_not_be_a_path() {
        assertThatThrownBy(() -> Oracles.require("/bin/sh", "dash", null, false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
