package dev.devproxy;

import java.util.Objects;
import java.util.Optional;

/**
 * The identifier of one workspace: the {@code {id}} in {@code /__ide/{id}/} and {@code /api/dev/{id}/ide}.
 *
 * <p>An id is 1 to 128 characters of {@code A-Z a-z 0-9 . _ -}, starting with a letter or digit. The
 * restriction keeps ids safe as one path segment and as part of a cookie path: no slashes, no dot
 * segments, nothing that needs percent-encoding.
 *
 * <pre>{@code
 * WorkspaceId id = WorkspaceId.of("ws-42");
 * }</pre>
 *
 * <p>Instances are immutable and compare by value.
 */
public final class WorkspaceId implements Comparable<WorkspaceId> {
    private static final int MAX_LENGTH = 128;

    private final String value;

    private WorkspaceId(String value) {
        this.value = value;
    }

    /**
     * Returns the id for {@code value}.
     *
     * @throws IllegalArgumentException if {@code value} is not a valid id; the message names the rule
     */
    public static WorkspaceId of(String value) {
        Objects.requireNonNull(value, "workspace id");
        return parse(value).orElseThrow(() -> new IllegalArgumentException(
                "workspace id must be 1-128 characters of A-Z a-z 0-9 . _ - starting with a letter or digit, got '"
                        + abbreviate(value) + "'"));
    }

    /** Returns the id for {@code value}, or empty if it is not a valid id. Never throws. */
    public static Optional<WorkspaceId> parse(String value) {
        if (value == null || !isValid(value)) {
            return Optional.empty();
        }
        return Optional.of(new WorkspaceId(value));
    }

    // [A-Za-z0-9][A-Za-z0-9._-]{0,127}, checked by hand: parsed on every tunnel request, where a regular expression's
    // matcher cost a third of a percent of a small GET's CPU.
    private static boolean isValid(String value) {
        int length = value.length();
        if (length == 0 || length > MAX_LENGTH || !isLetterOrDigit(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < length; i++) {
            char c = value.charAt(i);
            if (!isLetterOrDigit(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** The id as it appears in URLs. */
    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WorkspaceId && ((WorkspaceId) other).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public int compareTo(WorkspaceId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }

    private static String abbreviate(String value) {
        String printable = value.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
    }
}
