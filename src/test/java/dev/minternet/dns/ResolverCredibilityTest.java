package dev.minternet.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import org.junit.jupiter.api.Test;

/**
 * RFC 2181 5.4.1 in the resolver: a referral's NS records (the parent's copy, 2 days in .com)
 * and its glue lead the way down but are not answers; asked for them, the resolver asks the zone
 * and gives its own data (1 day for example.com's NS), as BIND does. Before, the parent's copy
 * came back from the cache.
 */
class ResolverCredibilityTest {
    @Test
    void an_ns_query_after_a_referral_gets_the_childs_records_not_the_parents() {
        String out = CliTest.execWithInput("dig www.example.com +short\ndig example.com NS +noall +answer\n"
                + "dig example.com NS +noall +answer\n", "shell").out();
        assertThat(out).contains("laptop$ dig example.com NS +noall +answer\nexample.com.\t\t86400\tIN\tNS\ta.iana-servers.net.\n")
                .doesNotContain("172799").doesNotContain("172800");
    }
}
