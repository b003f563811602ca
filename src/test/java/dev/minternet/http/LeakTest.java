package dev.minternet.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Netty's leak detector at PARANOID over a workload of both protocols with gzip: no ByteBuf leaks. */
class LeakTest {

    @Test
    void noByteBufLeaks() throws Exception {
        Field f = AbstractByteBuf.class.getDeclaredField("leakDetector");
        f.setAccessible(true);
        @SuppressWarnings("unchecked")
        ResourceLeakDetector<ByteBuf> detector = (ResourceLeakDetector<ByteBuf>) f.get(null);
        List<String> leaks = new ArrayList<>();
        detector.setLeakListener((type, records) -> leaks.add(type + " " + records));
        ResourceLeakDetector.Level old = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        try {
            for (HttpProtocol p : HttpProtocol.values()) {
                HttpFixture fx = new HttpFixture();
                fx.server.route("GET", "/x", HttpHandler.of(r -> Response.text(200, "abc".repeat(2000))));
                fx.connect(p, HttpClient.Options.curl("h").withCompressed(true));
                for (int i = 0; i < 20; i++) {
                    fx.send(Request.get("/x"));
                }
                fx.send(Request.get("/missing"));
                fx.run();
                fx.client.close();
                fx.run();
                assertThat(fx.done).hasSize(21);
            }
            if (Boolean.getBoolean("leaktest.selfcheck")) {
                ByteBufAllocator.DEFAULT.buffer(16).writeInt(1);
            }
            for (int i = 0; i < 5; i++) {
                System.gc();
                Thread.sleep(20);
                // leaks are reported when the detector tracks a new buffer
                for (int k = 0; k < 100; k++) {
                    ByteBufAllocator.DEFAULT.buffer(16).release();
                }
            }
        } finally {
            ResourceLeakDetector.setLevel(old);
            detector.setLeakListener(null);
        }
        assertThat(leaks).isEmpty();
    }
}
