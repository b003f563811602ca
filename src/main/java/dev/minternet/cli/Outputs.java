package dev.minternet.cli;

import dev.minternet.node.World;
import dev.minternet.tls.KeyLogFile;
import dev.minternet.tls.WorldTls;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks the output paths the user gives on the command line ({@code --trace}, {@code --html},
 * {@code --pcap-dir}, ...) before any work is done, so a typo does not cost a whole run. They are
 * the user's choice and may point anywhere (DESIGN.md decision 10); missing parent folders are
 * created, as {@code --trace} always did.
 */
final class Outputs {
    private Outputs() {
    }

    /** {@code file} can be written: not a folder, its folder exists or is created. */
    static void file(String option, Path file) {
        if (file == null) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw CliError.usage(option + " " + file + ": Is a directory");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            folder(option, file, parent);
        }
    }

    /** {@code dir} is a folder, created when missing. */
    static void dir(String option, Path dir) {
        if (dir != null) {
            folder(option, dir, dir.toAbsolutePath());
        }
    }

    private static void folder(String option, Path given, Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw CliError.usage(option + " " + given + ": Not a directory");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw CliError.usage(option + " " + given + ": " + reason(e));
        }
    }

    /**
     * Opens the {@code --keylog} file (checked like the other output files) and has every TLS
     * client of {@code world} write its secrets to it; null when {@code file} is null.
     */
    static KeyLogFile keyLog(World world, Path file) {
        if (file == null) {
            return null;
        }
        try {
            KeyLogFile log = new KeyLogFile(file);
            WorldTls.of(world).keyLog(log);
            return log;
        } catch (IOException e) {
            throw CliError.usage("--keylog " + file + ": " + reason(e));
        }
    }

    /** The reason alone ("Permission denied"), for messages that already name the path. */
    static String reason(IOException e) {
        if (e instanceof FileAlreadyExistsException) {
            return "Not a directory"; // a file stands where a folder of the path should be
        }
        String d = Failures.describe(e);
        if (e instanceof FileSystemException f && f.getFile() != null && d.startsWith(f.getFile() + ": ")) {
            return d.substring(f.getFile().length() + 2);
        }
        return d;
    }
}
