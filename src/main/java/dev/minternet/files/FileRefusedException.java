package dev.minternet.files;

import java.io.IOException;

/**
 * A file a scenario asked for that the {@link FilePolicy} does not allow; the message is the rule
 * broken, in words a user can act on ("writing outside the output folder is not allowed ...").
 * It is an {@link IOException} so that a tool reports it where it reports "No such file or
 * directory".
 */
public final class FileRefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    public FileRefusedException(String rule) {
        super(rule);
    }
}
