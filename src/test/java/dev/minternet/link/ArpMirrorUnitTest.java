package dev.minternet.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.wire.ArpPacket;
import dev.minternet.wire.EthernetFrame;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Mac;
import org.junit.jupiter.api.Test;

/** The channel's copy of a NIC's first check on a broadcast ARP packet (what Linux's arp_process would leave untouched). */
class ArpMirrorUnitTest {
    private static final int US = Ip4.parse("10.0.0.5");
    private static final int GATEWAY = Ip4.parse("10.0.0.1");
    private static final long GATEWAY_MAC = 0x02_00_00_00_00_01L;

    private static byte[] frame(int op, long senderMac, int sender, int target) {
        byte[] arp = new ArpPacket(op, senderMac, sender, 0, target).emit();
        return EthernetFrame.build(Mac.BROADCAST, senderMac, EthernetFrame.TYPE_ARP, arp, 0, arp.length);
    }

    private static long presence(int... addresses) {
        long p = 0;
        for (int a : addresses) {
            p |= 1L << ArpMirror.presenceHash(a);
        }
        return p;
    }

    @Test
    void a_question_about_another_host_from_an_unknown_sender_is_ignored() {
        byte[] f = frame(ArpPacket.REQUEST, 0x02_00_00_00_00_07L, Ip4.parse("10.0.0.7"), Ip4.parse("10.0.0.9"));
        assertThat(ArpMirror.ignored(f, US, presence(GATEWAY), 0, 0)).isTrue();
        // a question for us is never ignored, whoever asks
        assertThat(ArpMirror.ignored(frame(ArpPacket.REQUEST, 0x02_00_00_00_00_07L, Ip4.parse("10.0.0.7"), US), US, 0, 0, 0)).isFalse();
    }

    @Test
    void a_known_neighbours_question_is_ignored_only_from_the_mac_we_hold_and_only_as_a_request() {
        long p = presence(GATEWAY);
        int other = Ip4.parse("10.0.0.9");
        // without the known entry mirrored, a sender we hold an entry for goes to the NIC
        assertThat(ArpMirror.ignored(frame(ArpPacket.REQUEST, GATEWAY_MAC, GATEWAY, other), US, p, 0, 0)).isFalse();
        // mirrored: its request confirms what we hold, nothing changes (neigh_update keeps a valid entry)
        assertThat(ArpMirror.ignored(frame(ArpPacket.REQUEST, GATEWAY_MAC, GATEWAY, other), US, p, GATEWAY, GATEWAY_MAC)).isTrue();
        // from another MAC it would change the entry; a broadcast reply updates it too: the NIC decides
        assertThat(ArpMirror.ignored(frame(ArpPacket.REQUEST, GATEWAY_MAC + 1, GATEWAY, other), US, p, GATEWAY, GATEWAY_MAC)).isFalse();
        assertThat(ArpMirror.ignored(frame(ArpPacket.REPLY, GATEWAY_MAC, GATEWAY, other), US, p, GATEWAY, GATEWAY_MAC)).isFalse();
        // another sender we hold an entry for is not covered by the gateway's
        int neighbour = Ip4.parse("10.0.0.8");
        assertThat(ArpMirror.ignored(frame(ArpPacket.REQUEST, GATEWAY_MAC, neighbour, other), US, presence(GATEWAY, neighbour),
                GATEWAY, GATEWAY_MAC)).isFalse();
    }
}
