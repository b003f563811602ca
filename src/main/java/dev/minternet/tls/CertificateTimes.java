package dev.minternet.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.Time;

/**
 * A certificate's validity times (RFC 5280 4.1.2.5): UTCTime {@code YYMMDDHHMMSSZ} for the years
 * 1950 to 2049, GeneralizedTime {@code YYYYMMDDHHMMSSZ} otherwise, whole seconds in UTC. The same
 * bytes as BouncyCastle's {@code new Time(Date)}, built from the digits: that constructor formats
 * with a {@code SimpleDateFormat}, whose calendar and locale data took 3% of a {@code visit}'s
 * start-up.
 */
final class CertificateTimes {
    private static final int UTC_TIME = 0x17;
    private static final int GENERALIZED_TIME = 0x18;

    private CertificateTimes() {
    }

    /** {@code t} (its fraction of a second dropped) as a certificate's Time. */
    static Time of(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = d.getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("a certificate time must fall in the years 0 to 9999: " + t);
        }
        boolean utc = year >= 1950 && year <= 2049;
        StringBuilder s = new StringBuilder(15);
        if (utc) {
            two(s, year % 100);
        } else {
            two(s, year / 100);
            two(s, year % 100);
        }
        two(s, d.getMonthValue());
        two(s, d.getDayOfMonth());
        two(s, d.getHour());
        two(s, d.getMinute());
        two(s, d.getSecond());
        s.append('Z');
        byte[] digits = s.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] der = new byte[2 + digits.length];
        der[0] = (byte) (utc ? UTC_TIME : GENERALIZED_TIME);
        der[1] = (byte) digits.length;
        System.arraycopy(digits, 0, der, 2, digits.length);
        try {
            return Time.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void two(StringBuilder s, int n) {
        s.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }
}
