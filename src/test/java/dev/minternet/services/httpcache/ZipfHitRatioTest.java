package dev.minternet.services.httpcache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.http.Headers;
import dev.minternet.http.Request;
import dev.minternet.http.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Under a Zipf workload the cache's hit ratio is what an LRU of that many objects gives: equal to
 * an exact LRU simulation written here (a LinkedHashMap in access order), and close to Che's
 * approximation (Che, Tung and Wang 2002: h_i = 1 - exp(-p_i T), with T solving
 * sum_i (1 - exp(-p_i T)) = C).
 */
class ZipfHitRatioTest {
    static final int CATALOGUE = 1000;
    static final int REQUESTS = 60_000;
    static final double ALPHA = 0.8;

    static double[] zipf(int n, double alpha) {
        double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = 1 / Math.pow(i + 1, alpha);
            sum += p[i];
        }
        for (int i = 0; i < n; i++) {
            p[i] /= sum;
        }
        return p;
    }

    static int[] workload(double[] p, int requests, long seed) {
        double[] cdf = new double[p.length];
        double acc = 0;
        for (int i = 0; i < p.length; i++) {
            acc += p[i];
            cdf[i] = acc;
        }
        SplittableRandom r = new SplittableRandom(seed);
        int[] out = new int[requests];
        for (int k = 0; k < requests; k++) {
            double u = r.nextDouble() * acc;
            int i = java.util.Arrays.binarySearch(cdf, u);
            out[k] = Math.min(p.length - 1, i >= 0 ? i : -i - 1);
        }
        return out;
    }

    static double exactLru(int[] work, int slots) {
        LinkedHashMap<Integer, Boolean> lru = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> e) {
                return size() > slots;
            }
        };
        long hits = 0;
        for (int o : work) {
            if (lru.get(o) != null) {
                hits++;
            } else {
                lru.put(o, true);
            }
        }
        return hits / (double) work.length;
    }

    static double che(double[] p, int slots) {
        double lo = 0;
        double hi = 1e9;
        for (int it = 0; it < 200; it++) {
            double t = (lo + hi) / 2;
            double filled = 0;
            for (double x : p) {
                filled += 1 - Math.exp(-x * t);
            }
            if (filled < slots) {
                lo = t;
            } else {
                hi = t;
            }
        }
        double h = 0;
        for (double x : p) {
            h += x * (1 - Math.exp(-x * lo));
        }
        return h;
    }

    @Test
    void the_hit_ratio_is_an_lru_of_the_cache_size_under_zipf() {
        double[] p = zipf(CATALOGUE, ALPHA);
        int[] work = workload(p, REQUESTS, 42);
        Response object = new Response(200, Headers.of("Cache-Control", "max-age=86400"), new byte[1000]);
        long entry = HttpCache.sizeOf(HttpCache.primaryKey("GET", get(0)), object);
        for (int slots : new int[] {50, 100, 200}) {
            HttpCache c = new HttpCache("zipf", "edge", null, () -> 0L, slots * entry);
            long[] hits = {0};
            for (int o : work) {
                c.handle(get(o), (req, done) -> done.accept(object), r -> {
                    if ("HIT".equals(r.headers().get("X-Cache"))) {
                        hits[0]++;
                    }
                });
            }
            double measured = hits[0] / (double) REQUESTS;
            assertThat(c.size()).isEqualTo(slots);
            assertThat(measured).as("slots " + slots + ": the exact LRU").isEqualTo(exactLru(work, slots));
            assertThat(measured).as("slots " + slots + ": Che's approximation").isCloseTo(che(p, slots), org.assertj.core.data.Offset.offset(0.02));
        }
    }

    private static Request get(int object) {
        return Request.of("GET", String.format("/o/%05d", object), Headers.of("Host", "static.example.com"), null);
    }
}
