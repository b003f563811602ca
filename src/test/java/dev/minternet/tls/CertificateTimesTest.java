package dev.minternet.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x509.Time;
import org.junit.jupiter.api.Test;

/** Certificate times built from their digits encode exactly as BouncyCastle's Time(Date) does. */
class CertificateTimesTest {
    @Test
    void utc_time_through_2049_and_generalized_time_from_2050_the_same_bytes_as_bouncycastle() throws Exception {
        for (String t : new String[] {"2026-10-22T09:00:00Z", "2027-11-21T09:00:00Z", "1950-01-01T00:00:00Z",
                "1949-12-31T23:59:59Z", "2049-12-31T23:59:59Z", "2050-01-01T00:00:00Z", "2000-02-29T12:34:56Z",
                "1970-01-01T00:00:00Z", "2126-10-22T09:00:00Z", "9999-12-31T23:59:59Z", "1600-03-01T00:00:00Z"}) {
            Instant i = Instant.parse(t);
            assertThat(CertificateTimes.of(i).getEncoded()).as(t).isEqualTo(new Time(Date.from(i)).getEncoded());
        }
        assertThat(CertificateTimes.of(Instant.parse("2026-10-22T09:00:00Z")).getEncoded())
                .startsWith((byte) 0x17, (byte) 13).endsWith("261022090000Z".getBytes());
        assertThat(CertificateTimes.of(Instant.parse("2050-01-01T00:00:00Z")).getEncoded())
                .startsWith((byte) 0x18, (byte) 15).endsWith("20500101000000Z".getBytes());
    }

    @Test
    void a_fraction_of_a_second_is_dropped() throws Exception {
        assertThat(CertificateTimes.of(Instant.parse("2026-10-22T09:00:00.999Z")).getEncoded())
                .isEqualTo(CertificateTimes.of(Instant.parse("2026-10-22T09:00:00Z")).getEncoded());
    }

    @Test
    void a_year_beyond_four_digits_is_refused() {
        assertThatThrownBy(() -> CertificateTimes.of(Instant.parse("+10000-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("9999");
    }
}
