package dev.minternet.transport;

import static dev.minternet.sim.Durations.MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.sim.Simulator;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

public class StreamPipeTest {

    /** Records what an end hears, with times (the HTTP tests use it too). */
    public static class Recorder implements StreamSocket.Handler {
        final Simulator sim;
        public final ByteArrayOutputStream data = new ByteArrayOutputStream();
        public final List<String> events = new ArrayList<>();

        public Recorder(Simulator sim) {
            this.sim = sim;
        }

        @Override
        public void onData(StreamSocket s, byte[] d) {
            data.write(d, 0, d.length);
            events.add(sim.now() / MS + "ms data " + d.length);
        }

        @Override
        public void onPeerClosed(StreamSocket s) {
            events.add(sim.now() / MS + "ms fin");
        }

        @Override
        public void onWritable(StreamSocket s) {
            events.add(sim.now() / MS + "ms writable");
        }

        @Override
        public void onClosed(StreamSocket s, String error) {
            events.add(sim.now() / MS + "ms closed " + error);
        }
    }

    /** A recorder installed on {@code end}. */
    static Recorder record(Simulator sim, StreamSocket end) {
        Recorder r = new Recorder(sim);
        end.setHandler(r);
        return r;
    }

    @Test
    void bytesArriveOneDelayLater_inOrder_thenFin() {
        Simulator sim = new Simulator(1);
        StreamPipe pipe = StreamPipe.create(sim, StreamPipe.Config.DEFAULT.withDelay(5 * MS));
        Recorder a = new Recorder(sim);
        Recorder b = new Recorder(sim);
        pipe.client().setHandler(a);
        pipe.server().setHandler(b);
        pipe.client().send(new byte[] {1, 2, 3});
        pipe.client().send(new byte[] {4});
        pipe.client().shutdownOutput();
        sim.run();
        assertThat(b.data.toByteArray()).containsExactly(1, 2, 3, 4);
        assertThat(b.events).containsExactly("5ms data 3", "5ms data 1", "5ms fin");
        // the server closes too: both ends hear closed once both FINs crossed
        pipe.server().close();
        sim.run();
        assertThat(a.events).containsExactly("10ms fin", "10ms closed null");
        assertThat(b.events).endsWith("10ms closed null");
    }

    @Test
    void bandwidthSerialisesAndTheSendBufferPushesBack() {
        Simulator sim = new Simulator(1);
        // 8 Mbit/s: 1000 bytes take 1 ms; buffer of 4000 bytes; chunks of 1000 bytes
        StreamPipe pipe = StreamPipe.create(sim, new StreamPipe.Config(10 * MS, 8_000_000, 4000, 1000));
        Recorder a = new Recorder(sim);
        Recorder b = new Recorder(sim);
        pipe.client().setHandler(a);
        pipe.server().setHandler(b);
        assertThat(pipe.client().send(new byte[10_000])).isEqualTo(4000);
        assertThat(pipe.client().sendBufferSpace()).isZero();
        sim.run();
        assertThat(b.events).containsExactly("11ms data 1000", "12ms data 1000", "13ms data 1000", "14ms data 1000");
        assertThat(a.events).containsExactly("11ms writable");
        assertThat(pipe.client().sendBufferSpace()).isEqualTo(4000);
    }

    @Test
    void abort_resetsThePeer() {
        Simulator sim = new Simulator(1);
        StreamPipe pipe = StreamPipe.create(sim, StreamPipe.Config.DEFAULT.withDelay(5 * MS));
        Recorder a = record(sim, pipe.client());
        Recorder b = record(sim, pipe.server());
        pipe.client().send(new byte[100]);
        pipe.client().abort();
        sim.run();
        assertThat(a.events).containsExactly("0ms closed aborted");
        assertThat(b.events).containsExactly("5ms closed connection reset");
    }

    @Test
    void bytesThatArriveBeforeAHandlerWaitForIt_asInATcpReceiveBuffer() {
        Simulator sim = new Simulator(1);
        StreamPipe pipe = StreamPipe.create(sim, StreamPipe.Config.DEFAULT.withDelay(5 * MS));
        pipe.client().send(new byte[] {1, 2});
        pipe.client().shutdownOutput();
        sim.run();
        assertThat(pipe.server().isInputShut()).isTrue();
        Recorder b = new Recorder(sim);
        pipe.server().setHandler(b);
        assertThat(b.data.toByteArray()).containsExactly(1, 2);
        assertThat(b.events).containsExactly("5ms data 2", "5ms fin");
    }

    @Test
    void chunked_cutsEverySendAtSeededRandomLengths_andKeepsTheBytesInOrder() {
        List<List<String>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Simulator sim = new Simulator(1);
            StreamPipe pipe = StreamPipe.create(sim, StreamPipe.Config.DEFAULT.withDelay(MS).withChunkBytes(7))
                    .chunked(new SplittableRandom(42));
            Recorder b = new Recorder(sim);
            pipe.server().setHandler(b);
            byte[] msg = new byte[200];
            for (int i = 0; i < msg.length; i++) {
                msg[i] = (byte) i;
            }
            pipe.client().send(msg);
            sim.run();
            assertThat(b.data.toByteArray()).isEqualTo(msg);
            assertThat(b.events).hasSizeGreaterThan(200 / 7).allSatisfy(e -> {
                int n = Integer.parseInt(e.substring(e.lastIndexOf(' ') + 1));
                assertThat(n).isBetween(1, 7);
            });
            assertThat(b.events.stream().distinct().count()).as("pieces of different lengths").isGreaterThan(3);
            runs.add(b.events);
        }
        assertThat(runs.get(1)).isEqualTo(runs.get(0));
    }

    @Test
    void reset_fromTheNetwork_closesBothEndsAtOnce_andLosesWhatWasQueued() {
        Simulator sim = new Simulator(1);
        StreamPipe pipe = StreamPipe.create(sim, StreamPipe.Config.DEFAULT.withDelay(5 * MS));
        Recorder a = record(sim, pipe.client());
        Recorder b = record(sim, pipe.server());
        pipe.client().send(new byte[100]);
        sim.runUntil(2 * MS);
        pipe.reset();
        sim.run();
        assertThat(a.events).containsExactly("2ms closed connection reset");
        assertThat(b.events).containsExactly("2ms closed connection reset");
    }
}
