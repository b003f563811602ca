package dev.minternet.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A URL's host as an address: the WHATWG URL Standard's IPv6 parser and RFC 5952 serializer, both families. */
class IpAddressTest {
    @Test
    void an_ipv6_literal_is_serialized_lowercase_and_compressed_as_rfc_5952_says() {
        assertThat(IpAddress.canonicalUrlHost("[2001:DB8:0:0:0:0:0:1]")).isEqualTo("[2001:db8::1]");
        assertThat(IpAddress.canonicalUrlHost("[2001:DB8:153:0::10]")).isEqualTo("[2001:db8:153::10]");
        assertThat(IpAddress.canonicalUrlHost("[0:0::1]")).isEqualTo("[::1]");
        // the longest run of zeros is compressed, the first of equal runs; a single zero group is not
        assertThat(IpAddress.canonicalUrlHost("[2001:0:0:1:0:0:0:1]")).isEqualTo("[2001:0:0:1::1]");
        assertThat(IpAddress.canonicalUrlHost("[2001:db8:0:1:1:1:1:1]")).isEqualTo("[2001:db8:0:1:1:1:1:1]");
        // a dotted-quad tail (RFC 4291 2.2 form 3) becomes two hex groups, as the URL Standard serializes it
        assertThat(IpAddress.canonicalUrlHost("[::ffff:192.0.2.1]")).isEqualTo("[::ffff:c000:201]");
        assertThat(IpAddress.canonicalUrlHost("www.example.com")).isEqualTo("www.example.com");
    }

    @Test
    void url_hosts_give_an_address_of_either_family_and_names_give_none() {
        IpAddress v6 = IpAddress.urlHost("[2001:db8:93:32::34]");
        assertThat(v6.isV6()).isTrue();
        assertThat(v6.v6()).isEqualTo(Ip6.parse("2001:db8:93:32::34"));
        assertThat(v6).hasToString("2001:db8:93:32::34");
        IpAddress v4 = IpAddress.urlHost("93.184.216.34");
        assertThat(v4.isV6()).isFalse();
        assertThat(v4.v4()).isEqualTo(Ip4.parse("93.184.216.34"));
        assertThat(v4).hasToString("93.184.216.34");
        // equal values for equal addresses, whatever the spelling: the browser keys its connections by them
        assertThat(IpAddress.urlHost("[2001:DB8:93:32:0::34]")).isEqualTo(v6);
        assertThat(v4).isNotEqualTo(v6);
        assertThat(IpAddress.urlHost("www.example.com")).isNull();
        assertThat(IpAddress.urlHost("2001:db8::1")).isNull(); // no brackets: no URL host
    }

    @Test
    void zone_ids_and_malformed_literals_are_refused_with_a_one_line_reason() {
        assertThatThrownBy(() -> IpAddress.urlHost("[fe80::1%25eth0]")).hasMessage(
                "IPv6 zone ID %25eth0 in [fe80::1%25eth0]: not allowed in a URL (the WHATWG URL Standard and browsers refuse zone IDs)");
        assertThatThrownBy(() -> IpAddress.urlHost("[2001:db8::g]"))
                .hasMessage("bad IPv6 literal [2001:db8::g]: not an IPv6 address: '2001:db8::g' (bad group 'g')");
        assertThatThrownBy(() -> IpAddress.urlHost("[2001:db8::1")).hasMessage("IPv6 literal [2001:db8::1 has no closing ']'");
        assertThatThrownBy(() -> IpAddress.urlHost("[93.184.216.34]"))
                .hasMessage("bad IPv6 literal [93.184.216.34]: a dotted quad only ends an IPv6 address");
        assertThatThrownBy(() -> IpAddress.urlHost("[1:2:3:4:5:6:7:8:9]")).hasMessageStartingWith("bad IPv6 literal [1:2:3:4:5:6:7:8:9]");
        assertThatThrownBy(() -> IpAddress.urlHost("[1::2::3]")).hasMessageStartingWith("bad IPv6 literal [1::2::3]");
        assertThatThrownBy(() -> IpAddress.urlHost("[]")).hasMessage("bad IPv6 literal []: not an IPv6 address: ''");
        assertThatThrownBy(() -> IpAddress.urlHost("[::1.2.3.256]")).hasMessageStartingWith("bad IPv6 literal [::1.2.3.256]");
        assertThat(IpAddress.canonicalUrlHost("[::]")).isEqualTo("[::]");
    }
}
