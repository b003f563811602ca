package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.NSRecord;

/** BIND 9.18's record layout under dig's styles (the lines the real dig printed for the same records). */
class BindTextTest {
    @Test
    void ttl_units_as_bind_8_writes_them() {
        assertThat(BindText.ttlText(3600)).isEqualTo("1h");
        assertThat(BindText.ttlText(3584)).isEqualTo("59m44s");
        assertThat(BindText.ttlText(0)).isEqualTo("0s");
        assertThat(BindText.ttlText(694861)).isEqualTo("1w1d1h1m1s");
        assertThat(BindText.ttlText(86400)).isEqualTo("1d");
    }

    @Test
    void columns_move_left_for_each_field_left_out() throws Exception {
        ARecord a = new ARecord(Name.fromString("www.example.com."), DClass.IN, 3585,
                java.net.InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 216, 34}));
        NSRecord ns = new NSRecord(Name.fromString("example.com."), DClass.IN, 3600, Name.fromString("a.iana-servers.net."));
        assertThat(BindText.record(a)).isEqualTo("www.example.com.\t3585\tIN\tA\t93.184.216.34");
        assertThat(BindText.record(a, true, false, false)).isEqualTo("www.example.com.\t3585\tA\t93.184.216.34");
        assertThat(BindText.record(a, false, true, false)).isEqualTo("www.example.com.\tIN\tA\t93.184.216.34");
        assertThat(BindText.record(a, false, false, false)).isEqualTo("www.example.com.\tA\t93.184.216.34");
        assertThat(BindText.record(ns, false, false, false)).isEqualTo("example.com.\t\tNS\ta.iana-servers.net.");
        assertThat(BindText.record(a, true, true, true)).isEqualTo("www.example.com.\t59m45s\tIN\tA\t93.184.216.34");
        assertThat(BindText.question(a, false, false)).isEqualTo(";www.example.com.\tIN A");
        assertThat(BindText.question(a, true, false)).isEqualTo(";www.example.com.\tIN\tA");
    }
}
