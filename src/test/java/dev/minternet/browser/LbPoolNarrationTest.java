package dev.minternet.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import org.junit.jupiter.api.Test;

/**
 * The default world's lb checks web-1..3 for two pools, 443 and the CDN's origin on 8080: a crashed
 * backend leaves each, and the narration names which (it said the same line twice).
 */
class LbPoolNarrationTest {
    @Test
    void each_pool_that_takes_a_backend_out_is_named() {
        CliTest.Outcome o = CliTest.exec("visit", "https://www.example.com/", "--crash", "web-1@0s", "--at", "2.5s");
        assertThat(o.out()).contains("lb takes web-1 out of the rotation of :443: 3 checks failed (fall 3): connect timeout\n")
                .contains("lb takes web-1 out of the rotation of :8080: 3 checks failed (fall 3): connect timeout\n");
    }
}
