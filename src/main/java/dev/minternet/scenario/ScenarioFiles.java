package dev.minternet.scenario;

import dev.minternet.files.FilePolicy;
import dev.minternet.files.FileRefusedException;
import dev.minternet.scenario.Yaml.Val;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Resolves the files a scenario names (a web service's {@code root:}, a database {@code seed:},
 * a zone's {@code file:}) under the scenario's folder, or under the built-in worlds' files for
 * {@code builtin:default/site}, by {@link FilePolicy}'s rules: after resolving symbolic links the
 * file must still be inside. An error names the field and the rule; nothing outside is read, so
 * no error can quote a host file.
 */
final class ScenarioFiles {
    private final Path folder;

    /** @param folder the scenario's folder, or null for a built-in world (only builtin: names then) */
    ScenarioFiles(Path folder) {
        this.folder = folder;
    }

    /** The real path of the folder {@code v} names. */
    Path folder(Val v) throws ScenarioException {
        Path p = resolve(v, "folder");
        if (!Files.isDirectory(p)) {
            throw v.error("not a folder: " + Yaml.oneLine(v.text().strip()));
        }
        return p;
    }

    /** The real path of the regular file {@code v} names. */
    Path file(Val v) throws ScenarioException {
        Path p = resolve(v, "file");
        if (!Files.isRegularFile(p)) {
            throw v.error("not a regular file: " + Yaml.oneLine(v.text().strip()));
        }
        return p;
    }

    /** Like {@link #file(Val)}, but a missing file is the caller's to report. */
    Path existing(Val v) throws ScenarioException, NoSuchFileException {
        String text = v.text().strip();
        try {
            if (text.startsWith(BuiltinFiles.PREFIX)) {
                return FilePolicy.confine(BuiltinFiles.root(), Path.of(text.substring(BuiltinFiles.PREFIX.length())));
            }
            if (folder == null) {
                throw v.error("a built-in world reads only builtin: files");
            }
            return FilePolicy.of(folder, null).readable(text);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (FileRefusedException | InvalidPathException e) {
            throw v.error(e instanceof FileRefusedException ? e.getMessage() : "not a valid file name");
        } catch (IOException e) {
            throw v.error("cannot read '" + Yaml.oneLine(text) + "': " + FilePolicy.reason(e));
        }
    }

    private Path resolve(Val v, String kind) throws ScenarioException {
        try {
            return existing(v);
        } catch (NoSuchFileException e) {
            throw v.error("no such " + kind + ": " + shown(v.text().strip()));
        }
    }

    /** The name as the user should look for it: resolved against the scenario's folder. */
    private String shown(String text) {
        if (folder == null || text.startsWith(BuiltinFiles.PREFIX)) {
            return Yaml.oneLine(text);
        }
        try {
            return Yaml.oneLine(folder.resolve(text).normalize().toString());
        } catch (InvalidPathException e) {
            return Yaml.oneLine(text);
        }
    }
}
