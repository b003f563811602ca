package dev.minternet.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.browser.BrowserEvents;
import dev.minternet.routing.bgp.BgpMessage;
import dev.minternet.routing.bgp.Mp6;
import dev.minternet.trace.EventType;
import dev.minternet.trace.TraceEvent;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The records whose equals and hashCode are written out (so that their first call links no
 * invokedynamic call site) give what the record's own would: each is compared with a record of the
 * same components that keeps the generated methods, on values that include equal pairs.
 */
class RecordValuesTest {
    private record Two(long a, long b) {
    }

    private record IntInt(int a, int b) {
    }

    private record AddrInt(Object a, int b) {
    }

    private record Seven(long bandwidthBps, long delayNs, int mtu, int queuePackets, int queueBytes, double loss, int cost) {
    }

    private record Event(long time, String node, Object type, Object[] values) {
    }

    private static <R, M> void same(List<R> values, Function<R, M> mirror) {
        for (R x : values) {
            assertThat(x.hashCode()).as("%s", x).isEqualTo(mirror.apply(x).hashCode());
            for (R y : values) {
                assertThat(x.equals(y)).as("%s %s", x, y).isEqualTo(mirror.apply(x).equals(mirror.apply(y)));
            }
            assertThat(x.equals(null)).isFalse();
            assertThat(x.equals("x")).isFalse();
        }
    }

    @Test
    void written_out_equals_and_hash_codes_are_the_records_own() {
        SplittableRandom r = new SplittableRandom(7);
        long[] longs = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0xfe80_0000_0000_0000L, r.nextLong(), r.nextLong()};
        int[] ints = {0, 1, 24, 32, 64, 128, -1, 0x0a000001, r.nextInt(), r.nextInt()};
        List<Ip6> ip6 = new ArrayList<>();
        for (long a : longs) {
            for (long b : longs) {
                ip6.add(new Ip6(a, b));
            }
        }
        same(ip6, x -> new Two(x.hi(), x.lo()));
        List<Ip4.Cidr> cidr4 = new ArrayList<>();
        List<BgpMessage.Prefix> prefix = new ArrayList<>();
        for (int a : ints) {
            for (int len : new int[] {0, 8, 24, 32}) {
                cidr4.add(new Ip4.Cidr(a, len));
                prefix.add(new BgpMessage.Prefix(a, len));
            }
        }
        same(cidr4, x -> new IntInt(x.address(), x.length()));
        same(prefix, x -> new IntInt(x.network(), x.length()));
        List<Ip6.Cidr> cidr6 = new ArrayList<>();
        List<Mp6.Prefix6> prefix6 = new ArrayList<>();
        for (int i = 0; i < ip6.size(); i += 5) {
            for (int len : new int[] {0, 48, 64, 128}) {
                cidr6.add(new Ip6.Cidr(ip6.get(i), len));
                prefix6.add(new Mp6.Prefix6(ip6.get(i), len));
            }
        }
        same(cidr6, x -> new AddrInt(x.address(), x.length()));
        same(prefix6, x -> new AddrInt(x.network(), x.length()));
        List<Link.Params> params = new ArrayList<>();
        double[] losses = {0.0, -0.0, 0.01, 1.0, Double.NaN, Double.MIN_VALUE};
        for (double loss : losses) {
            for (long bw : new long[] {10_000_000_000L, 100_000_000L}) {
                params.add(new Link.Params(bw, 1_000_000, 1500, 100, 0, loss, 10));
                params.add(new Link.Params(bw, 2_000_000, 9000, 100, 1 << 20, loss, 1));
            }
        }
        params.add(new Link.Params(r.nextLong(), r.nextLong(), r.nextInt(), r.nextInt(), r.nextInt(), r.nextDouble(), r.nextInt()));
        same(params, x -> new Seven(x.bandwidthBps(), x.delayNs(), x.mtu(), x.queuePackets(), x.queueBytes(), x.loss(), x.cost()));
        List<TraceEvent> events = new ArrayList<>();
        Object[] shared = {1L, "a"};
        for (long t : new long[] {0, 1_000_000_000L, -1}) {
            for (String node : new String[] {"laptop", "lb", new String("laptop"), null}) {
                for (EventType type : new EventType[] {BrowserEvents.CONNECT, BrowserEvents.TLS_DONE, null}) {
                    events.add(new TraceEvent(t, node, type, shared));
                    events.add(new TraceEvent(t, node, type, new Object[] {1L, "a"}));
                }
            }
        }
        same(events, x -> new Event(x.time(), x.node(), x.type(), x.values()));
    }
}
