package dev.minternet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.http.HttpProtocol;
import org.junit.jupiter.api.Test;

/** The bench workload runs to completion (a smoke test; numbers are never checked in tests). */
class HttpBenchTest {
    @Test
    void smallRunsComplete() {
        for (HttpProtocol p : HttpProtocol.values()) {
            HttpBench.Result r = HttpBench.run(p, 2, 20, 5, 500, true);
            assertThat(r.requests()).isEqualTo(40);
            assertThat(r.p50Ns()).isEqualTo(2_000_000L);
        }
    }
}
