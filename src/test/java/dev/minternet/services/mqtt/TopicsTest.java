package dev.minternet.services.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Topic filters as MQTT 3.1.1 section 4.7 defines them, with its own examples. */
class TopicsTest {
    @Test
    void multi_level_wildcard_matches_the_parent_and_every_level_below() {
        assertThat(Topics.matches("sport/tennis/player1/#", "sport/tennis/player1")).isTrue();
        assertThat(Topics.matches("sport/tennis/player1/#", "sport/tennis/player1/ranking")).isTrue();
        assertThat(Topics.matches("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon")).isTrue();
        assertThat(Topics.matches("sport/#", "sport")).isTrue();
        assertThat(Topics.matches("#", "a/b/c")).isTrue();
        assertThat(Topics.matches("sport/#", "sports")).isFalse();
    }

    @Test
    void single_level_wildcard_matches_exactly_one_level() {
        assertThat(Topics.matches("sport/tennis/+", "sport/tennis/player1")).isTrue();
        assertThat(Topics.matches("sport/tennis/+", "sport/tennis/player1/ranking")).isFalse();
        assertThat(Topics.matches("sport/+", "sport")).isFalse();
        assertThat(Topics.matches("sport/+", "sport/")).isTrue();
        assertThat(Topics.matches("+/+", "/finance")).isTrue();
        assertThat(Topics.matches("/+", "/finance")).isTrue();
        assertThat(Topics.matches("+", "/finance")).isFalse();
    }

    @Test
    void wildcards_at_the_start_do_not_match_dollar_topics() {
        assertThat(Topics.matches("#", "$SYS/broker/uptime")).isFalse();
        assertThat(Topics.matches("+/broker/uptime", "$SYS/broker/uptime")).isFalse();
        assertThat(Topics.matches("$SYS/#", "$SYS/broker/uptime")).isTrue();
    }

    @Test
    void filters_and_names_are_validated() {
        assertThat(Topics.validFilter("sport/tennis#")).isFalse();
        assertThat(Topics.validFilter("sport/tennis/#/ranking")).isFalse();
        assertThat(Topics.validFilter("sport+")).isFalse();
        assertThat(Topics.validFilter("+/tennis/#")).isTrue();
        assertThat(Topics.validFilter("")).isFalse();
        assertThat(Topics.validName("a/+")).isFalse();
        assertThat(Topics.validName("a/b")).isTrue();
    }
}
