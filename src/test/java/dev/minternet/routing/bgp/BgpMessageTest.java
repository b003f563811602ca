package dev.minternet.routing.bgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minternet.routing.bgp.BgpMessage.Attrs;
import dev.minternet.routing.bgp.BgpMessage.BgpError;
import dev.minternet.routing.bgp.BgpMessage.Prefix;
import dev.minternet.wire.Ip4;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The codec: what is encoded decodes to the same values; what is malformed names its NOTIFICATION. */
class BgpMessageTest {
    @Test
    void an_update_round_trips_with_every_attribute() throws BgpError {
        Attrs a = new Attrs(BgpMessage.ORIGIN_EGP, new int[] {70000, 65001}, Ip4.parse("10.0.0.1"), 5, 200,
                new int[] {BgpMessage.BLACKHOLE, 65001 << 16 | 3});
        byte[] m = BgpMessage.update(List.of(new Prefix(Ip4.parse("10.9.0.0"), 16)), a,
                List.of(new Prefix(Ip4.parse("10.1.2.0"), 23), new Prefix(0, 0)));
        assertThat(BgpMessage.checkHeader(m, 0)).isEqualTo(m.length);
        BgpMessage.Update u = (BgpMessage.Update) BgpMessage.decode(m);
        assertThat(u.withdrawn()).containsExactly(new Prefix(Ip4.parse("10.9.0.0"), 16));
        assertThat(u.nlri()).containsExactly(new Prefix(Ip4.parse("10.1.2.0"), 23), new Prefix(0, 0));
        assertThat(u.attrs()).isEqualTo(a);
        assertThat(u.attrs().pathString()).isEqualTo("70000 65001");
    }

    @Test
    void originator_id_and_cluster_list_round_trip_optional_non_transitive_after_communities() throws BgpError {
        Attrs a = new Attrs(BgpMessage.ORIGIN_IGP, new int[0], Ip4.parse("10.0.2.2"), -1, 100, new int[] {7},
                Ip4.parse("10.255.0.2"), new int[] {Ip4.parse("10.255.0.100"), Ip4.parse("10.255.0.101")});
        byte[] attrs = BgpMessage.attributes(a);
        // ... COMMUNITIES (type 8), then ORIGINATOR_ID: flags 0x80, type 9, length 4; CLUSTER_LIST: 0x80, 10, 8
        int o = attrs.length - (3 + 4) - (3 + 8);
        assertThat(new int[] {attrs[o] & 0xFF, attrs[o + 1], attrs[o + 2]}).containsExactly(0x80, 9, 4);
        assertThat(new int[] {attrs[o + 7] & 0xFF, attrs[o + 8], attrs[o + 9]}).containsExactly(0x80, 10, 8);
        assertThat(attrs[o - 7 + 1]).as("communities before them").isEqualTo((byte) 8);
        byte[] m = BgpMessage.update(List.of(), a, List.of(new Prefix(Ip4.parse("10.2.0.0"), 16)));
        BgpMessage.Update u = (BgpMessage.Update) BgpMessage.decode(m);
        assertThat(u.attrs()).isEqualTo(a);
        assertThat(u.attrs().clusterString()).isEqualTo("10.255.0.100 10.255.0.101");
        assertThat(u.attrs().unreflected()).isEqualTo(new Attrs(BgpMessage.ORIGIN_IGP, new int[0], Ip4.parse("10.0.2.2"),
                -1, 100, new int[] {7}));
        // a CLUSTER_LIST whose length byte says 7 (not a multiple of 4): attribute length error
        int at = 19 + 2 + 2 + attrs.length - 8 - 1;
        m[at] = 7;
        assertThat(notification(m)).isEqualTo("3/5");
    }

    @Test
    void an_open_carries_as_trans_and_the_4_octet_as() throws BgpError {
        BgpMessage.Open o = (BgpMessage.Open) BgpMessage.decode(BgpMessage.open(4200000000L, 180, Ip4.parse("1.2.3.4")));
        assertThat(o.myAs2()).isEqualTo(BgpMessage.AS_TRANS);
        assertThat(o.as()).isEqualTo(4200000000L);
        assertThat(o.holdTime()).isEqualTo(180);
        assertThat(o.ipv4Unicast()).isTrue();
    }

    private static String notification(byte[] m) {
        try {
            BgpMessage.checkHeader(m, 0);
            BgpMessage.decode(m);
            return "none";
        } catch (BgpError e) {
            return e.code + "/" + e.subcode;
        }
    }

    @Test
    void malformed_messages_name_the_notification_rfc_4271_asks_for() {
        byte[] k = BgpMessage.keepalive();
        k[3] = 0;
        assertThat(notification(k)).as("marker").isEqualTo("1/1");
        byte[] t = BgpMessage.keepalive();
        t[18] = 9;
        assertThat(notification(t)).as("type").isEqualTo("1/3");
        byte[] o = BgpMessage.open(65001, 2, 1);
        assertThat(notification(o)).as("hold time 2").isEqualTo("2/6");
        byte[] noOrigin = BgpMessage.update(List.of(), new Attrs(0, new int[] {1}, 1, -1, -1, new int[0]),
                List.of(new Prefix(Ip4.parse("10.0.0.0"), 8)));
        noOrigin[23 + 1] = 99; // the ORIGIN attribute's type code becomes an unknown well-known one
        assertThat(notification(noOrigin)).isEqualTo("3/2");
        byte[] badPrefix = BgpMessage.update(List.of(), new Attrs(0, new int[] {1}, 1, -1, -1, new int[0]),
                List.of(new Prefix(Ip4.parse("10.0.0.0"), 8)));
        badPrefix[badPrefix.length - 2] = 33;
        assertThat(notification(badPrefix)).isEqualTo("3/10");
        assertThatThrownBy(() -> BgpMessage.checkHeader(new byte[19], 0)).isInstanceOf(BgpError.class);
    }
}
