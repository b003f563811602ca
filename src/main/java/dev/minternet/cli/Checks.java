package dev.minternet.cli;

import dev.minternet.scenario.Limits;
import dev.minternet.sim.Durations;
import dev.minternet.tls.KeyAlgorithm;
import dev.minternet.units.Units;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * Range checks and converters for command-line options. Every numeric option is checked while
 * the command line is parsed (option setters call {@link #range}), so a bad value is refused
 * before any work starts with {@code minternet: --repeat must be between 1 and 1000 (got
 * 1000000000)} and exit status 2.
 */
final class Checks {
    private Checks() {
    }

    /** {@code value} if it lies within min..max, else a usage error naming the option. */
    static long range(CommandSpec spec, String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ParameterException(spec.commandLine(), option + " must be between " + min + " and " + max
                    + " (got " + value + ")");
        }
        return value;
    }

    /** A duration no longer than {@code maxNs}, else a usage error naming the option. */
    static long atMost(CommandSpec spec, String option, long ns, long maxNs) {
        if (ns > maxNs) {
            throw new ParameterException(spec.commandLine(), option + " must be at most "
                    + Durations.seconds(maxNs) + " (got " + Durations.seconds(ns) + ")");
        }
        return ns;
    }

    /** {@code value} if it lies in (0, max], else a usage error naming the option. */
    static double positive(CommandSpec spec, String option, double value, double max) {
        if (!(value > 0) || value > max) {
            throw new ParameterException(spec.commandLine(), option + " must be greater than 0 and at most " + max
                    + " (got " + value + ")");
        }
        return value;
    }

    /** A duration as scenarios write it: 1s, 250ms, 0. */
    static final class Duration implements ITypeConverter<Long> {
        /** Longer than any run needs; past it, time arithmetic would be near overflow. */
        static final long MAX_NS = 365L * 24 * 3600 * 1_000_000_000L;

        @Override
        public Long convert(String value) {
            long ns;
            try {
                ns = Units.durationNs(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
            if (ns > MAX_NS) {
                throw new TypeConversionException("'" + value + "' is longer than a year");
            }
            return ns;
        }
    }

    /** {@code NAME@TIME}: what to break and when. */
    record Timed(String name, long atNs) {
    }

    /** Reads {@link Timed}: the name is checked against the world later, the time now. */
    static final class TimedConverter implements ITypeConverter<Timed> {
        @Override
        public Timed convert(String value) {
            int i = value.lastIndexOf('@');
            if (i <= 0 || i == value.length() - 1) {
                throw new TypeConversionException("expected NAME@TIME, e.g. web-2@0s, got '" + value + "'");
            }
            return new Timed(value.substring(0, i), new Duration().convert(value.substring(i + 1)));
        }
    }

    /** {@code --speed}: a positive factor up to a million, or {@code max} (0: as fast as possible). */
    static final class Speed implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            if (value.equals("max")) {
                return 0.0;
            }
            double x;
            try {
                x = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                x = Double.NaN;
            }
            if (!(x > 0) || x > 1e6) {
                throw new TypeConversionException("expected a factor greater than 0 and at most 1000000, or max, got '"
                        + value + "'");
            }
            return x;
        }
    }

    /** {@code --keys}: the world's certificate key type, ed25519 or ecdsa-p256. */
    static final class Keys implements ITypeConverter<KeyAlgorithm> {
        @Override
        public KeyAlgorithm convert(String value) {
            KeyAlgorithm k = KeyAlgorithm.named(value);
            if (k == null) {
                throw new TypeConversionException("expected one of " + String.join(", ", KeyAlgorithm.labels())
                        + ", got '" + value + "'");
            }
            return k;
        }
    }

    /** Reads one {@code --limit NAME=VALUE}. */
    static final class LimitConverter implements ITypeConverter<Limits.Setting> {
        @Override
        public Limits.Setting convert(String value) {
            try {
                return Limits.Setting.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
