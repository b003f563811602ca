package dev.minternet.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.Tls13Verifier;
import org.junit.jupiter.api.Test;

class HandshakeWorkTest {
    final SimCrypto crypto = new SimCrypto(SeededSecureRandom.of(11, "test"));

    @Test
    void a_handshake_takes_what_its_server_left_and_leaves_nothing_behind() {
        int before = HandshakeWork.waiting();
        long taken = HandshakeWork.taken();
        long fromBase = HandshakeWork.fromBaseCount();
        TlsPeers p = new TlsPeers(5);
        Wire w = new Wire(p.client().connect(TlsPeers.HOST, ConnectOptions.DEFAULT), p.server().accept()).run();
        assertThat(w.client.state()).isEqualTo(TlsConnection.State.ESTABLISHED);
        assertThat(w.server.state()).isEqualTo(TlsConnection.State.ESTABLISHED);
        // the client took the X25519 secret and the CertificateVerify signature its server left
        assertThat(HandshakeWork.taken()).isEqualTo(taken + 2);
        // and the server computed that secret from the base point, with the private key its client left
        assertThat(HandshakeWork.fromBaseCount()).isEqualTo(fromBase + 1);
        assertThat(HandshakeWork.waiting()).isEqualTo(before);
    }

    @Test
    void the_secret_from_the_base_point_is_x25519s_bit_for_bit() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(42);
        for (int i = 0; i < 2000; i++) {
            byte[] a = new byte[32];
            byte[] b = new byte[32];
            for (int j = 0; j < 32; j++) {
                a[j] = (byte) r.nextInt();
                b[j] = (byte) r.nextInt();
            }
            if (i == 0) {
                java.util.Arrays.fill(a, (byte) 0xff); // the largest scalars clamping allows, and the smallest
                java.util.Arrays.fill(b, (byte) 0);
            }
            byte[] pubB = new byte[32];
            org.bouncycastle.math.ec.rfc7748.X25519.scalarMultBase(b, 0, pubB, 0);
            byte[] ladder = new byte[32];
            assertThat(org.bouncycastle.math.ec.rfc7748.X25519.calculateAgreement(a, 0, pubB, 0, ladder, 0)).isTrue();
            assertThat(HandshakeWork.fromBase(a, b)).as("pair %d", i).isEqualTo(ladder);
            assertThat(HandshakeWork.fromBase(b, a)).as("pair %d reversed", i).isEqualTo(ladder);
        }
    }

    @Test
    void the_client_takes_the_secret_the_server_computed_and_it_is_the_secret_it_would_compute() throws Exception {
        HandshakeWork.Agreement client = new HandshakeWork.Agreement(crypto);
        HandshakeWork.Agreement server = new HandshakeWork.Agreement(crypto);
        byte[] a = client.generateEphemeral();
        byte[] b = server.generateEphemeral();
        server.receivePeerValue(a);
        byte[] s = server.calculateSecret().extract();
        int left = HandshakeWork.waiting();
        client.receivePeerValue(b);
        assertThat(client.calculateSecret().extract()).isEqualTo(s);
        assertThat(HandshakeWork.waiting()).isEqualTo(left - 1);
    }

    @Test
    void a_share_nobody_generated_is_computed_in_full() throws Exception {
        HandshakeWork.Agreement server = new HandshakeWork.Agreement(crypto);
        byte[] b = server.generateEphemeral();
        byte[] madeUp = new byte[32];
        madeUp[0] = 9; // the base point: a share whose private key nobody here holds
        server.receivePeerValue(madeUp);
        server.calculateSecret();
        // a client that generated its own share and gets the server's: nothing left for its pair
        HandshakeWork.Agreement client = new HandshakeWork.Agreement(crypto);
        byte[] a = client.generateEphemeral();
        assertThat(HandshakeWork.takeAgreement(a, b)).isNull();
        // the server's own share reflected back: nothing to take (it left nothing for that pair), computed in full
        HandshakeWork.Agreement reflected = new HandshakeWork.Agreement(crypto);
        byte[] own = reflected.generateEphemeral();
        reflected.receivePeerValue(own);
        long taken = HandshakeWork.taken();
        int waiting = HandshakeWork.waiting();
        byte[] got = reflected.calculateSecret().extract();
        assertThat(got).hasSize(32).isNotEqualTo(new byte[32]);
        assertThat(HandshakeWork.taken()).isEqualTo(taken);
        // its own private key taken from the table (it computed), the secret left there
        assertThat(HandshakeWork.waiting()).isEqualTo(waiting);
    }

    @Test
    void an_all_zero_result_is_refused_as_bouncycastle_refuses_it() throws Exception {
        HandshakeWork.Agreement client = new HandshakeWork.Agreement(crypto);
        client.generateEphemeral();
        client.receivePeerValue(new byte[32]); // the point of order one: the secret is all zeros
        assertThatThrownBy(client::calculateSecret).isInstanceOf(TlsFatalAlert.class);
    }

    @Test
    void a_left_signature_is_taken_as_checked_and_anything_else_is_verified_in_full() throws Exception {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom(new byte[] {1}));
        byte[] pub = key.generatePublicKey().getEncoded();
        byte[] message = "TLS 1.3, server CertificateVerify".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, key);
        s.update(message, 0, message.length);
        byte[] sig = s.generateSignature();

        // a signature nobody left: the real check says yes for the right one and no for a changed one
        assertThat(verify(pub, message, sig)).isTrue();
        byte[] changed = sig.clone();
        changed[5] ^= 1;
        assertThat(verify(pub, message, changed)).isFalse();

        // left by a signer: taken once without the check, even where the check would refuse it
        // (proving it is taken), then checked in full again
        HandshakeWork.leaveSigned(pub, message, changed);
        assertThat(verify(pub, message, changed)).isTrue();
        assertThat(verify(pub, message, changed)).isFalse();

        // left under another key, or for another message: checked in full
        HandshakeWork.leaveSigned(new byte[32], message, changed);
        assertThat(verify(pub, message, changed)).isFalse();
        HandshakeWork.leaveSigned(pub, "other".getBytes(java.nio.charset.StandardCharsets.US_ASCII), changed);
        assertThat(verify(pub, message, changed)).isFalse();
    }

    private static boolean verify(byte[] pub, byte[] message, byte[] sig) throws Exception {
        Ed25519Signer real = new Ed25519Signer();
        real.init(false, new org.bouncycastle.crypto.params.Ed25519PublicKeyParameters(pub));
        Tls13Verifier inner = new Tls13Verifier() {
            final java.io.ByteArrayOutputStream m = new java.io.ByteArrayOutputStream();

            @Override
            public java.io.OutputStream getOutputStream() {
                return m;
            }

            @Override
            public boolean verifySignature(byte[] signature) {
                byte[] b = m.toByteArray();
                real.update(b, 0, b.length);
                return real.verifySignature(signature);
            }
        };
        Tls13Verifier v = HandshakeWork.takingSignatures(inner, pub);
        v.getOutputStream().write(message);
        return v.verifySignature(sig);
    }
}
