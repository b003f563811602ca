package dev.minternet.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Garbage from the network ends a connection with a reason; it never escapes as an exception. */
class TlsMalformedInputTest {
    static final TlsPeers PEERS = new TlsPeers(3);
    static final long SEED = PEERS.seed;
    static final WorldPki PKI = PEERS.pki;
    static final String HOST = TlsPeers.HOST;

    @Test
    void random_bytes_to_a_server_fail_it_or_leave_it_waiting() {
        TlsServerContext s = PEERS.server();
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 200; i++) {
            TlsConnection c = s.accept();
            byte[] junk = new byte[1 + r.nextInt(600)];
            r.nextBytes(junk);
            if (i % 2 == 0) {
                junk[0] = 22; // look like a handshake record, to get past the first check
                junk[1] = 3;
                junk[2] = 1;
            }
            c.receive(junk);
            assertThat(c.state()).isIn(TlsConnection.State.FAILED, TlsConnection.State.HANDSHAKING);
        }
    }

    @Test
    void a_flipped_bit_in_the_encrypted_server_flight_fails_the_client() {
        SplittableRandom r = new SplittableRandom(2);
        TlsServerContext s = PEERS.server();
        TlsClientContext cc = PEERS.client();
        for (int i = 0; i < 20; i++) {
            TlsConnection c = cc.connect(HOST);
            TlsConnection v = s.accept();
            v.receive(c.takeOutbound());
            byte[] flight = v.takeOutbound();
            int at = 140 + r.nextInt(flight.length - 140); // inside the encrypted record
            flight[at] ^= (byte) (1 << r.nextInt(8));
            c.receive(flight);
            assertThat(c.state()).isEqualTo(TlsConnection.State.FAILED);
            assertThat(c.failure().reason()).isEqualTo(TlsFailure.Reason.HANDSHAKE);
        }
    }
}
