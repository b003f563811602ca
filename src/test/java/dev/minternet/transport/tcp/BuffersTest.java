package dev.minternet.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The send ring, the receive ring with out-of-order placement, and the assembler. */
class BuffersTest {
    @Test
    void send_buffer_holds_up_to_capacity_and_grows_its_ring() {
        SendBuffer b = new SendBuffer(10_000);
        byte[] data = new byte[12_000];
        new SplittableRandom(1).nextBytes(data);
        assertThat(b.write(data, 0, 3000)).isEqualTo(3000);
        assertThat(b.write(data, 3000, 9000)).isEqualTo(7000);
        assertThat(b.free()).isZero();
        b.release(4000);
        assertThat(b.write(data, 10_000, 2000)).isEqualTo(2000);
        byte[] out = new byte[8000];
        b.copyTo(4000, out, 0, 8000);
        assertThat(out).isEqualTo(Arrays.copyOfRange(data, 4000, 12_000));
        assertThat(b.writeZeros(5000)).isEqualTo(2000);
        byte[] z = new byte[2000];
        b.copyTo(12_000, z, 0, 2000);
        assertThat(z).containsOnly(0);
        assertThatThrownBy(() -> b.copyTo(100, out, 0, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void receive_buffer_places_out_of_order_data_and_joins_it() {
        ReceiveBuffer r = new ReceiveBuffer(100_000);
        byte[] data = new byte[30_000];
        new SplittableRandom(2).nextBytes(data);
        assertThat(r.insert(10_000, data, 10_000, 10_000)).as("out of order").isZero();
        assertThat(r.insert(25_000, data, 25_000, 5_000)).isZero();
        assertThat(r.outOfOrder().count()).isEqualTo(2);
        assertThat(r.insert(0, data, 0, 10_000)).as("fills the first hole").isEqualTo(20_000);
        assertThat(r.insert(20_000, data, 20_000, 6_000)).as("overlap into the held range").isEqualTo(10_000);
        assertThat(r.available()).isEqualTo(30_000);
        assertThat(r.window()).isEqualTo(70_000);
        byte[] out = new byte[30_000];
        assertThat(r.read(out, 0, 30_000)).isEqualTo(30_000);
        assertThat(out).isEqualTo(data);
    }

    @Test
    void rings_of_a_page_are_let_go_when_empty_and_larger_ones_kept() {
        byte[] data = new byte[8000];
        SendBuffer s = new SendBuffer(100_000);
        s.write(data, 0, 1500);
        assertThat(s.ringLength()).isEqualTo(2048);
        s.release(1500);
        assertThat(s.ringLength()).as("all acknowledged").isZero();
        s.write(data, 0, 8000);
        s.release(9500);
        assertThat(s.ringLength()).as("a bulk sender's ring").isEqualTo(8192);
        ReceiveBuffer r = new ReceiveBuffer(100_000);
        r.insert(0, data, 0, 1448);
        assertThat(r.ringLength()).isEqualTo(2048);
        assertThat(r.read(new byte[2000], 0, 2000)).isEqualTo(1448);
        assertThat(r.ringLength()).as("all read").isZero();
        r.insert(1448, data, 0, 8000);
        r.skip(8000);
        assertThat(r.ringLength()).isEqualTo(8192);
    }

    @Test
    void with_release_idle_send_buffer_a_bulk_ring_is_let_go_once_all_is_acknowledged() {
        byte[] data = new byte[8000];
        SendBuffer s = new SendBuffer(100_000, true);
        s.write(data, 0, 8000);
        assertThat(s.ringLength()).isEqualTo(8192);
        s.release(4000);
        assertThat(s.ringLength()).as("half acknowledged").isEqualTo(8192);
        s.release(8000);
        assertThat(s.ringLength()).as("all acknowledged").isZero();
        data[0] = 7;
        s.write(data, 0, 100);
        byte[] out = new byte[100];
        s.copyTo(8000, out, 0, 100);
        assertThat(out[0]).as("written again after the ring went").isEqualTo((byte) 7);
    }

    @Test
    void receive_buffer_clips_to_its_room() {
        ReceiveBuffer r = new ReceiveBuffer(1000);
        assertThat(r.insert(0, new byte[1500], 0, 1500)).isEqualTo(1000);
        assertThat(r.window()).isZero();
        assertThat(r.skip(400)).isEqualTo(400);
        assertThat(r.insert(1000, new byte[1000], 0, 1000)).isEqualTo(400);
    }

    @Test
    void assembler_merges_and_remembers_recency_for_sack() {
        Assembler a = new Assembler();
        a.add(100, 200);
        a.add(300, 400);
        a.add(500, 600);
        a.add(200, 250); // joins the first
        assertThat(a.count()).isEqualTo(3);
        long[] out = new long[8];
        int n = a.recentRanges(out, 3);
        assertThat(n).isEqualTo(3);
        assertThat(out[0]).as("the range holding the latest segment first").isEqualTo(100);
        assertThat(out[1]).isEqualTo(250);
        assertThat(out[2]).isEqualTo(500);
        assertThat(out[4]).isEqualTo(300);
        a.add(150, 550);
        assertThat(a.count()).isEqualTo(1);
        assertThat(a.advance(100)).isEqualTo(600);
        assertThat(a.isEmpty()).isTrue();
    }
}
