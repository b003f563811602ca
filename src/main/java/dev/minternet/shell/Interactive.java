package dev.minternet.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The shell on a terminal, through JLine: line editing, Tab completion ({@link Completion}),
 * history kept in a file, Ctrl-C and Ctrl-D as in bash. At the prompt Ctrl-C drops the line;
 * while a command runs it interrupts the command (the terminal's SIGINT, handled by JLine); Ctrl-D
 * on an empty line leaves.
 */
public final class Interactive {
    private Interactive() {
    }

    /**
     * Reads and runs lines on {@code terminal} until {@code exit} or end of input; returns the
     * last command's exit status.
     *
     * @param history the history file (created when missing), or null for none
     */
    public static int run(Session session, Terminal terminal, Path history) throws IOException {
        Completion completion = new Completion(session);
        LineReaderBuilder b = LineReaderBuilder.builder().terminal(terminal).appName("minternet")
                .completer((reader, line, candidates) -> {
                    List<String> words = line.words();
                    for (String c : completion.candidates(words, line.wordIndex())) {
                        candidates.add(new Candidate(c, c, null, null, null, null, true));
                    }
                })
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is an ordinary character here
                .option(LineReader.Option.AUTO_FRESH_LINE, true);
        if (history != null) {
            b.variable(LineReader.HISTORY_FILE, history);
        }
        LineReader reader = b.build();
        terminal.handle(Terminal.Signal.INT, s -> session.interrupt());
        try {
            while (true) {
                String line;
                try {
                    line = reader.readLine(session.prompt());
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                if (!session.execute(line)) {
                    break;
                }
            }
        } finally {
            if (history != null) {
                reader.getHistory().save();
            }
            session.close();
            terminal.writer().flush();
        }
        return session.lastExit();
    }
}
