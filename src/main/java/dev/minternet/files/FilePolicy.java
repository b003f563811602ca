package dev.minternet.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where a scenario may touch the host's files (docs/design.md decision 10). A scenario is a document
 * from a stranger, so the files it names are confined; the paths the user types on the command
 * line ({@code --trace}, {@code --pcap-dir}, {@code --html}, {@code --out}) are not its business.
 *
 * <p><b>Reads</b> (a web service's {@code root:}, a zone's {@code file:}, a database {@code seed:},
 * {@code nc -f}, {@code curl -d @FILE}) resolve against the scenario's folder and must still lie
 * inside it once every symbolic link is resolved ({@link Path#toRealPath}); a name that leaves
 * the folder on paper ({@code ../x}, {@code /etc/passwd}) is refused before the disk is asked, so
 * the refusal says nothing about whether the file exists.
 *
 * <p><b>Writes</b> ({@code tcpdump -w}, {@code curl -o}, {@code nc -l -o}) go under one output
 * folder: the name must be relative and free of {@code ..}; no symbolic link is followed, neither
 * in the folders on the way (each is checked, and created only when the tool creates folders)
 * nor at the file itself (opened with {@code O_NOFOLLOW}). So nothing outside the output folder
 * is created or overwritten. {@value #DEV_NULL} is the one absolute name allowed: it discards, as
 * on Linux, without opening anything.
 *
 * <p>A simulated tool cannot create symbolic links, so what it finds in the output folder is what
 * the user put there; the checks guard against links planted beforehand, not against another
 * process racing the run.
 */
public final class FilePolicy {
    /** The one absolute name a scenario may write to; what is written there is discarded. */
    public static final String DEV_NULL = "/dev/null";

    /** The rule a read outside the scenario's folder breaks. */
    public static final String READ_RULE =
            "reading outside the scenario's folder is not allowed (a scenario reads only the files in its own folder)";
    /** The rule an absolute or {@code ..} output name breaks. */
    public static final String WRITE_RULE =
            "writing outside the output folder is not allowed (scenario files write under --out)";
    /** The rule an output name through a symbolic link breaks. */
    public static final String LINK_RULE =
            "writing through a symbolic link is not allowed (scenario files write under --out)";
    static final String NO_OUTPUT_RULE = "writing files is not allowed here (no output folder)";
    static final String NO_FOLDER_RULE = "reading files is not allowed here (a built-in world has no folder)";

    /** Reads nothing, writes only to {@value #DEV_NULL}. */
    public static final FilePolicy NONE = new FilePolicy(null, null);

    private final Path readRoot;
    private final Path outRoot;

    private FilePolicy(Path readRoot, Path outRoot) {
        this.readRoot = readRoot;
        this.outRoot = outRoot;
    }

    /**
     * @param scenarioFolder the folder a scenario reads from (its file's folder), or null: none
     * @param outputFolder the folder it writes under (created on first write), or null: none
     */
    public static FilePolicy of(Path scenarioFolder, Path outputFolder) {
        return new FilePolicy(scenarioFolder == null ? null : scenarioFolder.toAbsolutePath().normalize(),
                outputFolder == null ? null : outputFolder.toAbsolutePath().normalize());
    }

    /** The folder reads are confined to, or null. */
    public Path scenarioFolder() {
        return readRoot;
    }

    /** The folder writes go under, or null. */
    public Path outputFolder() {
        return outRoot;
    }

    // ------------------------------------------------------------------ reads

    /** The real path of {@code name} (relative to the scenario's folder) if reading it is allowed. */
    public Path readable(String name) throws IOException {
        if (readRoot == null) {
            throw new FileRefusedException(NO_FOLDER_RULE);
        }
        return confine(readRoot, path(name));
    }

    /** The bytes of the regular file {@code name}, if reading it is allowed. */
    public byte[] read(String name) throws IOException {
        Path p = readable(name);
        if (Files.isDirectory(p)) {
            throw new FileSystemException(name, null, "Is a directory");
        }
        return Files.readAllBytes(p);
    }

    /**
     * The bytes of {@code name} as a tool reads back what the run wrote ({@code tcpdump -r} of a
     * {@code tcpdump -w} capture): under the output folder when it is there (the name judged as an
     * output name, the file's real path confined to that folder, so no link leads out of it), else
     * in the scenario's folder as {@link #read}.
     */
    public byte[] readWritten(String name) throws IOException {
        if (outRoot != null && !name.equals(DEV_NULL) && writeProblem(name) == null && Files.isDirectory(outRoot)) {
            Path p = outRoot.resolve(path(name)).normalize();
            if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.exists(p)) {
                Path real;
                try {
                    real = confine(outRoot, path(name));
                } catch (FileRefusedException e) {
                    throw new FileRefusedException("reading through a symbolic link out of the output folder is not allowed");
                }
                if (Files.isDirectory(real)) {
                    throw new FileSystemException(name, null, "Is a directory");
                }
                return Files.readAllBytes(real);
            }
        }
        if (readRoot == null && outRoot != null) { // a built-in world: the output folder is all there is to read
            if (writeProblem(name) != null) {
                throw new FileRefusedException("reading outside the output folder is not allowed (a built-in world has no folder of its own)");
            }
            throw new java.nio.file.NoSuchFileException(name);
        }
        return read(name);
    }

    /**
     * The real path of {@code candidate} (resolved against {@code root} when relative) if it lies
     * under {@code root} once symbolic links are resolved. A candidate outside {@code root} on
     * paper is refused without looking at the disk.
     *
     * @throws FileRefusedException outside the root
     * @throws NoSuchFileException when it does not exist
     */
    public static Path confine(Path root, Path candidate) throws IOException {
        Path absRoot = root.toAbsolutePath().normalize();
        Path realRoot = absRoot.toRealPath();
        Path p = absRoot.resolve(candidate).normalize();
        if (!p.startsWith(absRoot) && !p.startsWith(realRoot)) {
            throw new FileRefusedException(READ_RULE);
        }
        Path real = p.toRealPath();
        if (!real.startsWith(realRoot)) {
            throw new FileRefusedException(READ_RULE);
        }
        return real;
    }

    // ------------------------------------------------------------------ writes

    /**
     * Why a scenario may not write to {@code name}, judged from the name alone (as {@code
     * minternet check} does), or null when it may.
     */
    public static String writeProblem(String name) {
        if (name.equals(DEV_NULL)) {
            return null;
        }
        Path p;
        try {
            p = Path.of(name);
        } catch (InvalidPathException e) {
            return "not a valid file name";
        }
        if (p.isAbsolute() || name.startsWith("/")) {
            return WRITE_RULE;
        }
        for (Path part : p) {
            if (part.toString().equals("..")) {
                return WRITE_RULE;
            }
        }
        return null;
    }

    /**
     * Opens {@code name} under the output folder for writing, creating or truncating it; with
     * {@code makeParents} missing folders on the way are created (inside the output folder).
     */
    public OutputStream create(String name, boolean makeParents) throws IOException {
        if (name.equals(DEV_NULL)) {
            return OutputStream.nullOutputStream();
        }
        String problem = writeProblem(name);
        if (problem != null) {
            throw new FileRefusedException(problem);
        }
        if (outRoot == null) {
            throw new FileRefusedException(NO_OUTPUT_RULE);
        }
        Path rel = Path.of(name);
        if (name.isEmpty() || rel.getFileName() == null) {
            throw new NoSuchFileException(name);
        }
        Files.createDirectories(outRoot);
        Path dir = outRoot;
        for (int i = 0; i < rel.getNameCount() - 1; i++) {
            Path next = dir.resolve(rel.getName(i));
            if (Files.isSymbolicLink(next)) {
                throw new FileRefusedException(LINK_RULE);
            }
            if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                if (!makeParents) {
                    throw new NoSuchFileException(name);
                }
                Files.createDirectory(next);
            } else if (!Files.isDirectory(next, LinkOption.NOFOLLOW_LINKS)) {
                throw new NotDirectoryException(name);
            }
            dir = next;
        }
        Path target = dir.resolve(rel.getFileName());
        if (Files.isSymbolicLink(target)) {
            throw new FileRefusedException(LINK_RULE);
        }
        return Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    // ------------------------------------------------------------------ messages

    /**
     * What a tool prints after the file name when {@code e} stopped it: the C library's words
     * ("No such file or directory", "Permission denied") or the policy's rule.
     */
    public static String reason(IOException e) {
        if (e instanceof FileRefusedException) {
            return e.getMessage();
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return "Input/output error";
    }

    private static Path path(String name) throws FileRefusedException {
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            throw new FileRefusedException("not a valid file name");
        }
    }
}
