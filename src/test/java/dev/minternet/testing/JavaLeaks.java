package dev.minternet.testing;

import java.util.regex.Pattern;

/** What must never reach a user's terminal (docs/design.md decision 10): Java exception names and stack frames. */
public final class JavaLeaks {
    private JavaLeaks() {
    }

    /** A Java exception class, an exception's "Name:" prefix or a stack frame. */
    public static final Pattern PATTERN = Pattern.compile(
            "\\b(java|javax|sun|io\\.netty|org\\.)[\\w.]*(Exception|Error)\\b|Exception:|\\bat dev\\.minternet|"
                    + "\\bat java\\.|NullPointer|ClassCast|IndexOutOfBounds|NumberFormat|StackOverflow");

    /** True when {@code text} shows any of {@link #PATTERN}. */
    public static boolean in(String text) {
        return PATTERN.matcher(text).find();
    }
}
