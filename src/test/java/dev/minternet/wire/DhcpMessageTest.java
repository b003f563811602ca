package dev.minternet.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DhcpMessage against byte vectors written out by hand from RFC 2131 figure 1 and RFC 2132. */
class DhcpMessageTest {
    private static final HexFormat HEX = HexFormat.of();

    /** A DHCPDISCOVER: op 1, htype 1, hlen 6, xid 0x3903f326, chaddr 00:0b:82:01:fc:42, options 53, 61, 50, 55. */
    private static byte[] discoverVector() {
        StringBuilder h = new StringBuilder();
        h.append("01010600").append("3903f326").append("0000").append("0000");
        h.append("00000000".repeat(4)); // ciaddr yiaddr siaddr giaddr
        h.append("000b8201fc42").append("00".repeat(10)); // chaddr, 16 bytes
        h.append("00".repeat(64 + 128)); // sname, file
        h.append("63825363");
        h.append("350101"); // 53: DISCOVER
        h.append("3d0701000b8201fc42"); // 61: type 1 + MAC
        h.append("3204c0a8000a"); // 50: 192.168.0.10
        h.append("370401030 62a".replace(" ", "")); // 55: 1, 3, 6, 42
        h.append("ff");
        byte[] b = HEX.parseHex(h.toString());
        byte[] padded = new byte[300];
        System.arraycopy(b, 0, padded, 0, b.length);
        return padded;
    }

    @Test
    void a_discover_is_emitted_byte_for_byte_and_padded_to_300() {
        DhcpMessage m = DhcpMessage.of(DhcpMessage.BOOTREQUEST, DhcpMessage.DISCOVER, 0x3903f326, 0x000b8201fc42L);
        m.option(DhcpMessage.OPT_CLIENT_ID, HEX.parseHex("01000b8201fc42"));
        m.address(DhcpMessage.OPT_REQUESTED_IP, Ip4.parse("192.168.0.10"));
        m.option(DhcpMessage.OPT_PARAMETER_LIST, new byte[]{1, 3, 6, 42});
        byte[] b = m.emit();
        assertThat(b).hasSize(DhcpMessage.MIN_LENGTH);
        assertThat(HEX.formatHex(b)).isEqualTo(HEX.formatHex(discoverVector()));
    }

    @Test
    void a_discover_vector_parses_into_its_fields() throws Exception {
        DhcpMessage m = DhcpMessage.parse(discoverVector(), 0, 300);
        assertThat(m.op).isEqualTo(DhcpMessage.BOOTREQUEST);
        assertThat(m.xid).isEqualTo(0x3903f326);
        assertThat(m.chaddr).isEqualTo(0x000b8201fc42L);
        assertThat(m.type()).isEqualTo(DhcpMessage.DISCOVER);
        assertThat(m.codes()).containsExactly(53, 61, 50, 55);
        assertThat(Ip4.str(m.address(DhcpMessage.OPT_REQUESTED_IP))).isEqualTo("192.168.0.10");
        assertThat(m.bytes(DhcpMessage.OPT_PARAMETER_LIST)).containsExactly(1, 3, 6, 42);
    }

    @Test
    void an_ack_with_every_option_the_server_sends_round_trips() throws Exception {
        DhcpMessage a = DhcpMessage.of(DhcpMessage.BOOTREPLY, DhcpMessage.ACK, 0x12345678, 0x020000000001L);
        a.yiaddr = Ip4.parse("192.168.1.100");
        a.flags = DhcpMessage.FLAG_BROADCAST;
        a.secs = 3;
        a.address(DhcpMessage.OPT_SERVER_ID, Ip4.parse("192.168.1.1"));
        a.int32(DhcpMessage.OPT_LEASE_TIME, 3600);
        a.int32(DhcpMessage.OPT_T1, 1800);
        a.int32(DhcpMessage.OPT_T2, 3150);
        a.address(DhcpMessage.OPT_SUBNET_MASK, Ip4.parse("255.255.255.0"));
        a.address(DhcpMessage.OPT_ROUTER, Ip4.parse("192.168.1.1"));
        a.addresses(DhcpMessage.OPT_DNS, List.of(Ip4.parse("9.9.9.9"), Ip4.parse("1.1.1.1")));
        a.option(DhcpMessage.OPT_HOST_NAME, "laptop".getBytes());
        byte[] b = a.emit();
        // the options as RFC 2132 lays them out: code, length, value
        String opts = HEX.formatHex(b, DhcpMessage.FIXED, DhcpMessage.FIXED + 4 + 3 + 6 + 6 * 3 + 6 + 6 + 10 + 8 + 1);
        assertThat(opts).isEqualTo("63825363" + "350105" + "3604c0a80101" + "330400000e10" + "3a0400000708"
                + "3b0400000c4e" + "0104ffffff00" + "0304c0a80101" + "0608090909090101010" + "1" + "0c066c6170746f70" + "ff");
        assertThat(HEX.formatHex(b, 0, 12)).isEqualTo("02010600" + "12345678" + "0003" + "8000");
        assertThat(HEX.formatHex(b, 16, 20)).isEqualTo("c0a80164");
        DhcpMessage p = DhcpMessage.parse(b, 0, b.length);
        assertThat(p.type()).isEqualTo(DhcpMessage.ACK);
        assertThat(p.flags).isEqualTo(0x8000);
        assertThat(p.secs).isEqualTo(3);
        assertThat(Ip4.str(p.yiaddr)).isEqualTo("192.168.1.100");
        assertThat(p.uint32(DhcpMessage.OPT_LEASE_TIME, -1)).isEqualTo(3600);
        assertThat(p.uint32(DhcpMessage.OPT_T1, -1)).isEqualTo(1800);
        assertThat(p.uint32(DhcpMessage.OPT_T2, -1)).isEqualTo(3150);
        assertThat(p.addresses(DhcpMessage.OPT_DNS)).containsExactly(Ip4.parse("9.9.9.9"), Ip4.parse("1.1.1.1"));
        assertThat(p.text(DhcpMessage.OPT_HOST_NAME)).isEqualTo("laptop");
        assertThat(p.codes()).containsExactly(53, 54, 51, 58, 59, 1, 3, 6, 12);
    }

    @Test
    void pads_are_skipped_and_parsing_stops_at_end() throws Exception {
        byte[] b = discoverVector();
        // PAD, PAD before option 53; bytes after END are ignored
        byte[] v = new byte[300];
        System.arraycopy(b, 0, v, 0, 240);
        byte[] opts = HEX.parseHex("0000350103ff3501");
        System.arraycopy(opts, 0, v, 240, opts.length);
        DhcpMessage m = DhcpMessage.parse(v, 0, v.length);
        assertThat(m.type()).isEqualTo(DhcpMessage.REQUEST);
        assertThat(m.codes()).containsExactly(53);
    }

    @Test
    void malformed_messages_are_refused() {
        byte[] b = discoverVector();
        assertThatThrownBy(() -> DhcpMessage.parse(b, 0, 200)).isInstanceOf(MalformedPacketException.class)
                .hasMessageContaining("shorter");
        byte[] noCookie = b.clone();
        noCookie[236] = 0;
        assertThatThrownBy(() -> DhcpMessage.parse(noCookie, 0, 300)).hasMessageContaining("magic cookie");
        byte[] overrun = new byte[244];
        System.arraycopy(b, 0, overrun, 0, 240);
        overrun[240] = 12; // host name of 200 bytes in a message that ends 2 bytes later
        overrun[241] = (byte) 200;
        assertThatThrownBy(() -> DhcpMessage.parse(overrun, 0, overrun.length)).hasMessageContaining("runs past");
        byte[] badType = new byte[300];
        System.arraycopy(b, 0, badType, 0, 240);
        System.arraycopy(HEX.parseHex("35020101ff"), 0, badType, 240, 5); // option 53 of 2 bytes
        assertThatThrownBy(() -> DhcpMessage.parse(badType, 0, 300)).hasMessageContaining("option 53");
        byte[] tokenRing = b.clone();
        tokenRing[1] = 6;
        assertThatThrownBy(() -> DhcpMessage.parse(tokenRing, 0, 300)).hasMessageContaining("not Ethernet");
    }
}
