package dev.minternet.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minternet.testing.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Whatever bytes arrive, a parser either returns a value or throws {@link
 * MalformedPacketException} with a reason: never an ArrayIndexOutOfBoundsException or any other
 * exception that would take the simulated router down with it.
 */
class MalformedInputTest {
    static final int A = Ip4.parse("10.0.0.1");
    static final int B = Ip4.parse("10.0.0.2");

    /** Valid datagrams of every kind the codecs build. */
    static List<byte[]> validDatagrams() {
        List<byte[]> d = new ArrayList<>();
        d.add(IcmpTest.ECHO_REQUEST);
        d.add(UdpTest.DATAGRAM);
        byte[] probe = new UdpRepr(40000, 33434, new byte[12]).toDatagram(A, B, 1, 3, false);
        d.add(new IcmpRepr.TimeExceeded(0, IcmpRepr.quote(probe)).toDatagram(B, A, 64, 4));
        d.add(new IcmpRepr.DestUnreachable(4, 1400, IcmpRepr.quote(probe)).toDatagram(B, A, 64, 5));
        d.add(new Ipv4Repr(A, B, 17, 9, 0, 6, false, true, 8, 12, Bytes.hex("94 04 00 00")).build(new byte[12]));
        d.add(new UdpRepr(53, 53, new byte[0]).toDatagram(A, B, 64, 7, true));
        return d;
    }

    @Test
    void test_every_strict_prefix_of_a_valid_datagram_is_rejected() {
        for (byte[] d : validDatagrams()) {
            for (int n = 0; n < d.length; n++) {
                byte[] b = Arrays.copyOf(d, n);
                String what = "prefix " + n + " of " + Bytes.toHex(d);
                assertThat(Ipv4Packet.check(b, 0, b.length)).as(what).isNotNull();
                assertThatThrownBy(() -> Ipv4Repr.parse(b, 0, b.length)).as(what).isInstanceOf(MalformedPacketException.class);
                assertThatThrownBy(() -> UdpRepr.parse(b)).as(what).isInstanceOf(MalformedPacketException.class);
                assertThatThrownBy(() -> IcmpRepr.parse(b)).as(what).isInstanceOf(MalformedPacketException.class);
            }
            assertParsesOrRejects(d);
        }
    }

    @Test
    void test_empty_and_tiny_inputs_are_rejected() {
        for (int n = 0; n < 20; n++) {
            byte[] b = new byte[n];
            if (n > 0) {
                b[0] = 0x45;
            }
            assertThatThrownBy(() -> UdpRepr.parse(b)).isInstanceOf(MalformedPacketException.class);
            assertThatThrownBy(() -> IcmpRepr.parse(b)).isInstanceOf(MalformedPacketException.class);
            assertThatThrownBy(() -> Ipv4Repr.parse(b, 0, b.length)).isInstanceOf(MalformedPacketException.class);
        }
    }

    @Test
    void test_header_length_and_total_length_lies_are_rejected() {
        // Each lie comes with a correct header checksum, so only the length logic can catch it.
        for (byte[] d : validDatagrams()) {
            for (int ihl = 0; ihl < 16; ihl++) {
                byte[] b = d.clone();
                b[0] = (byte) (0x40 | ihl);
                if (b.length >= ihl * 4) {
                    Ipv4Packet.fillChecksum(b, 0);
                }
                assertParsesOrRejects(b);
            }
            for (int total : new int[] {0, 1, 19, 20, 21, 27, 28, d.length - 1, d.length + 1, 0xffff}) {
                byte[] b = Ipv4Test.withWord(d, 2, total);
                assertParsesOrRejects(b);
                if (total > d.length || total < 20) {
                    assertThatThrownBy(() -> Ipv4Repr.parse(b, 0, b.length)).isInstanceOf(MalformedPacketException.class);
                }
            }
            for (int version = 0; version < 16; version++) {
                byte[] b = d.clone();
                b[0] = (byte) (version << 4 | (b[0] & 0xf));
                Ipv4Packet.fillChecksum(b, 0);
                assertParsesOrRejects(b);
                if (version != 4) {
                    assertThatThrownBy(() -> Ipv4Repr.parse(b, 0, b.length)).isInstanceOf(MalformedPacketException.class)
                            .hasMessageContaining("version " + version);
                }
            }
        }
    }

    @Test
    void test_udp_length_field_lies_are_rejected_or_trimmed() {
        byte[] d = UdpTest.DATAGRAM;
        for (int len = 0; len <= 0xffff; len++) {
            byte[] b = d.clone();
            BigEndian.put16(b, 24, len);
            assertParsesOrRejects(b);
            BigEndian.put16(b, 26, 0); // without checksum, only the length rules decide
            if (len < 8 || len > 13) {
                assertThatThrownBy(() -> UdpRepr.parse(b)).isInstanceOf(MalformedPacketException.class);
            } else {
                try {
                    assertThat(UdpRepr.parse(b).payload()).hasSize(len - 8);
                } catch (MalformedPacketException e) {
                    throw new AssertionError("UDP length " + len + " within the IP payload: " + e.reason());
                }
            }
        }
    }

    @Test
    void test_random_bytes_never_escape_as_other_exceptions() {
        SplittableRandom rnd = new SplittableRandom(0xbad);
        for (int n = 0; n < 200_000; n++) {
            byte[] b = new byte[rnd.nextInt(80)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) rnd.nextInt(256);
            }
            // half the time look like IPv4 so the parsers get past the version check
            if (b.length > 0 && n % 2 == 0) {
                b[0] = (byte) (0x40 | (b[0] & 0xf));
            }
            assertParsesOrRejects(b);
        }
    }

    @Test
    void test_random_headers_with_valid_checksum_never_escape() {
        // Random IHL, total length, protocol and payload behind a header whose checksum is right:
        // this reaches the UDP and ICMP length logic that random bytes almost never reach.
        SplittableRandom rnd = new SplittableRandom(0xc0de);
        int accepted = 0;
        for (int n = 0; n < 200_000; n++) {
            byte[] b = new byte[20 + rnd.nextInt(100)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) rnd.nextInt(256);
            }
            int ihl = n % 3 == 0 ? 5 + rnd.nextInt(11) : 5;
            b[0] = (byte) (0x40 | ihl);
            int total = n % 5 == 0 ? rnd.nextInt(0x10000) : Math.min(b.length, ihl * 4 + rnd.nextInt(b.length));
            BigEndian.put16(b, 2, total);
            b[9] = (byte) (n % 2 == 0 ? Ipv4Packet.PROTO_UDP : Ipv4Packet.PROTO_ICMP);
            int off = ihl * 4;
            if (n % 4 == 1 && b.length >= off + 8) {
                BigEndian.put16(b, off + 6, 0); // UDP without checksum, so UDP length rules decide
            }
            if (b.length >= off) {
                Ipv4Packet.fillChecksum(b, 0);
            }
            if (assertParsesOrRejects(b)) {
                accepted++;
            }
        }
        assertThat(accepted).as("some random datagrams should get all the way through").isPositive();
    }

    @Test
    void test_mutated_valid_datagrams_never_escape() {
        SplittableRandom rnd = new SplittableRandom(0xf00d);
        List<byte[]> valid = validDatagrams();
        for (int n = 0; n < 100_000; n++) {
            byte[] d = valid.get(rnd.nextInt(valid.size()));
            byte[] b = Arrays.copyOf(d, Math.max(0, d.length + rnd.nextInt(-4, 5)));
            int flips = 1 + rnd.nextInt(4);
            for (int k = 0; k < flips && b.length > 0; k++) {
                b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            }
            if (n % 2 == 0 && b.length >= 20 && b.length >= Ipv4Packet.headerLength(b, 0)) {
                Ipv4Packet.fillChecksum(b, 0); // get past the IP checksum half the time
            }
            assertParsesOrRejects(b);
        }
    }

    /**
     * Runs every parser on {@code b}; fails if any throws anything but MalformedPacketException,
     * or throws one without a reason. Returns true if the IPv4 header and its payload parsed.
     */
    static boolean assertParsesOrRejects(byte[] b) {
        String ip;
        try {
            ip = Ipv4Packet.check(b, 0, b.length);
        } catch (RuntimeException e) {
            throw new AssertionError("Ipv4Packet.check threw " + e + " on " + Bytes.toHex(b), e);
        }
        boolean ipOk = parses(() -> Ipv4Repr.parse(b, 0, b.length), "Ipv4Repr", b);
        assertThat(ipOk).as("Ipv4Repr.parse agrees with Ipv4Packet.check on %s", Bytes.toHex(b)).isEqualTo(ip == null);
        boolean udpOk = parses(() -> UdpRepr.parse(b), "UdpRepr", b);
        boolean icmpOk = parses(() -> IcmpRepr.parse(b), "IcmpRepr", b);
        if ((udpOk || icmpOk) && !ipOk) {
            throw new AssertionError("payload parsed although the IPv4 header is bad (" + ip + "): " + Bytes.toHex(b));
        }
        return ipOk && (udpOk || icmpOk);
    }

    private interface Parser {
        Object parse() throws MalformedPacketException;
    }

    private static boolean parses(Parser p, String name, byte[] b) {
        try {
            p.parse();
            return true;
        } catch (MalformedPacketException e) {
            if (e.reason() == null || e.reason().isBlank()) {
                throw new AssertionError(name + " rejected without a reason: " + Bytes.toHex(b));
            }
            return false;
        } catch (RuntimeException e) {
            throw new AssertionError(name + ".parse threw " + e + " on " + Bytes.toHex(b), e);
        }
    }
}
