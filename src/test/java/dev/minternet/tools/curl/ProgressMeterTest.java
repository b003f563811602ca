package dev.minternet.tools.curl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Oracles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curl's progress meter, laid out as the real curl on this machine lays it out. */
class ProgressMeterTest {
    @TempDir
    Path dir;

    @Test
    void theMeter_isTheRealCurlsMeter_forTheSameFigures() throws Exception {
        Path curl = Oracles.require("curl", "curl");
        Path file = dir.resolve("f.bin");
        Files.write(file, new byte[150_000]);
        Process p = new ProcessBuilder(curl.toString(), "-o", "/dev/null", file.toUri().toString())
                .redirectErrorStream(true).start();
        String err = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String[] lines = err.split("\n");
        assertThat(List.of(lines[0], lines[1])).isEqualTo(ProgressMeter.header());
        // the third line is the meter redrawn with '\r': first all zeros, last the finished transfer
        String[] draws = lines[2].split("\r");
        assertThat(draws[1]).isEqualTo(ProgressMeter.zero());
        String last = draws[draws.length - 1];
        String[] f = last.trim().split(" +");
        long speed = parse(f[6]);
        long current = parse(f[f.length - 1]);
        // the same figures through our meter give the same line, column for column
        assertThat(ProgressMeter.line(150_000, 150_000, 0, 0, speed, 0, 0, current)).isEqualTo(last);
        assertThat(f[1]).isEqualTo("146k");
    }

    /** Undoes curl's five-column sizes: "146k", "790M", "12345". */
    static long parse(String v) {
        long unit = switch (v.charAt(v.length() - 1)) {
            case 'k' -> 1024L;
            case 'M' -> 1024L * 1024;
            case 'G' -> 1024L * 1024 * 1024;
            default -> 1;
        };
        String n = unit == 1 ? v : v.substring(0, v.length() - 1);
        if (n.contains(".")) {
            return (long) (Double.parseDouble(n) * unit);
        }
        return Long.parseLong(n) * unit;
    }

    @Test
    void sizesAndTimes_takeCurlsUnits() {
        assertThat(ProgressMeter.max5(99_999)).isEqualTo("99999");
        assertThat(ProgressMeter.max5(100_000)).isEqualTo("  97k");
        assertThat(ProgressMeter.max5(15L * 1024 * 1024)).isEqualTo("15.0M");
        assertThat(ProgressMeter.time(0)).isEqualTo("--:--:--");
        assertThat(ProgressMeter.time(3661)).isEqualTo(" 1:01:01");
    }
}
