package dev.minternet.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The ranges give, for any address, the prefixes covering it, longest first, as a scan of all of them does. */
class PrefixRangesTest {
    /** Every prefix covering {@code dst}, longest first, by looking at each one. */
    private static int[] scan(int[] net, int[] len, int count, int dst) {
        List<Integer> l = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            if ((dst & Ip4.mask(len[p])) == net[p]) {
                l.add(p);
            }
        }
        l.sort((a, b) -> Integer.compare(len[b], len[a]));
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The lengths and owners of a chain of prefixes (what a lookup reads of them). */
    private static String shape(int[] chain, int[] len, int[][] owners) {
        StringBuilder sb = new StringBuilder();
        for (int p : chain) {
            sb.append('/').append(len[p]).append(Arrays.toString(owners[p])).append(' ');
        }
        return sb.toString();
    }

    @Test
    void nested_prefixes_gaps_the_default_route_and_the_top_of_the_space() {
        int[] net = new int[64];
        int[] len = new int[64];
        int[][] owners = new int[64][];
        int n = 0;
        String[] cidrs = {"0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.0/30", "10.1.2.4/30",
            "10.1.2.252/30", "10.200.0.0/16", "192.168.1.0/24", "255.255.255.255/32", "255.255.255.0/24", "10.1.3.0/24"};
        for (String c : cidrs) {
            String[] parts = c.split("/");
            len[n] = Integer.parseInt(parts[1]);
            net[n] = Ip4.parse(parts[0]) & Ip4.mask(len[n]);
            owners[n] = new int[] {n % 3 == 0 ? 7 : n}; // some share an owner
            n++;
        }
        PrefixRanges r = PrefixRanges.of(net, len, owners, n);
        SplittableRandom rnd = new SplittableRandom(1);
        int[] probes = {0, -1, Ip4.parse("10.0.0.0"), Ip4.parse("10.1.2.3"), Ip4.parse("10.1.2.4"), Ip4.parse("10.1.2.8"),
            Ip4.parse("10.1.2.255"), Ip4.parse("10.1.3.0"), Ip4.parse("10.255.255.255"), Ip4.parse("11.0.0.0"),
            Ip4.parse("255.255.255.254"), Ip4.parse("192.168.1.77")};
        for (int i = 0; i < 20_000 + probes.length; i++) {
            int dst = i < probes.length ? probes[i] : i % 2 == 0 ? rnd.nextInt() : Ip4.parse("10.1.2.0") + rnd.nextInt(1024);
            assertThat(shape(r.covering(dst), len, owners)).as(Ip4.str(dst)).isEqualTo(shape(scan(net, len, n, dst), len, owners));
        }
    }

    @Test
    void a_routers_hosts_numbered_one_after_the_other_make_one_range() {
        int hosts = 1000;
        int[] net = new int[hosts + 1];
        int[] len = new int[hosts + 1];
        int[][] owners = new int[hosts + 1][];
        int base = Ip4.parse("10.0.0.0");
        for (int h = 0; h < hosts; h++) {
            net[h] = base + 4 * h;
            len[h] = 30;
            owners[h] = new int[] {h / 500}; // two routers, 500 hosts each
        }
        net[hosts] = Ip4.parse("192.0.2.0");
        len[hosts] = 24;
        owners[hosts] = new int[] {2};
        PrefixRanges r = PrefixRanges.of(net, len, owners, hosts + 1);
        // below 10.0.0.0, the two routers' blocks, the gap up to 192.0.2.0, its /24, the rest
        assertThat(r.size()).isEqualTo(6);
        assertThat(r.covering(base + 4 * 499 + 3)).hasSize(1);
        assertThat(owners[r.covering(base + 4 * 499 + 3)[0]]).containsExactly(0);
        assertThat(owners[r.covering(base + 4 * 500)[0]]).containsExactly(1);
        assertThat(r.covering(base + 4 * hosts)).isEmpty();
        assertThat(r.covering(-1)).isEmpty();
    }
}
