package dev.devproxy.internal.headers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Internal: not API. A mutable, ordered list of header fields, one entry per field line.
 *
 * <p>Names are matched case-insensitively (RFC 9110 §5.1) but kept as given; values are kept
 * byte for byte. Duplicates are allowed and keep their order. {@link #toString()} prints names
 * only, because values can be cookies or tokens. Not thread-safe.
 */
public final class HeaderList {
    private final List<Field> headers = new ArrayList<>();

    /** An empty list. */
    public HeaderList() {
    }

    /**
     * A list of the given alternating names and values, e.g. {@code of("Host", "a", "Cookie", "b=1")}.
     *
     * @throws IllegalArgumentException if an odd number of strings is given
     */
    public static HeaderList of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("namesAndValues must alternate name and value, got "
                    + namesAndValues.length + " strings");
        }
        HeaderList list = new HeaderList();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            list.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return list;
    }

    /** Appends a field; returns this list. */
    public HeaderList add(String name, String value) {
        headers.add(new Field(name, value));
        return this;
    }

    /**
     * Replaces every field named {@code name} with one field holding {@code value}. The new field
     * takes the place of the first one removed, or goes last if there was none; returns this list.
     */
    public HeaderList set(String name, String value) {
        Field replacement = new Field(name, value);
        int index = indexOf(name);
        if (index < 0) {
            headers.add(replacement);
            return this;
        }
        remove(name);
        headers.add(index, replacement);
        return this;
    }

    /** Removes every field named {@code name}; returns this list. */
    public HeaderList remove(String name) {
        Objects.requireNonNull(name, "name");
        headers.removeIf(header -> header.is(name));
        return this;
    }

    /** The value of the first field named {@code name}, if any. */
    public Optional<String> first(String name) {
        int index = indexOf(name);
        return index < 0 ? Optional.empty() : Optional.of(headers.get(index).value());
    }

    /** The values of every field named {@code name}, in order; empty if there is none. */
    public List<String> all(String name) {
        Objects.requireNonNull(name, "name");
        List<String> values = new ArrayList<>();
        for (Field header : headers) {
            if (header.is(name)) {
                values.add(header.value());
            }
        }
        return Collections.unmodifiableList(values);
    }

    /** Whether any field is named {@code name}. */
    public boolean contains(String name) {
        return indexOf(name) >= 0;
    }

    /** The distinct names in order of first appearance, spelled as they first appeared. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (Field header : headers) {
            if (names.stream().noneMatch(header::is)) {
                names.add(header.name());
            }
        }
        return Collections.unmodifiableList(names);
    }

    /**
     * An unmodifiable snapshot of every field, in order, as immutable entries (name as key). An
     * entry's {@code toString()} prints its name only.
     */
    public List<Map.Entry<String, String>> entries() {
        return List.copyOf(headers);
    }

    /** The number of fields (not of distinct names). */
    public int size() {
        return headers.size();
    }

    /** Whether there are no fields. */
    public boolean isEmpty() {
        return headers.isEmpty();
    }

    private int indexOf(String name) {
        Objects.requireNonNull(name, "name");
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).is(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Equal when both hold the same fields in the same order; names compare case-insensitively. */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof HeaderList)) {
            return false;
        }
        List<Field> those = ((HeaderList) other).headers;
        if (headers.size() != those.size()) {
            return false;
        }
        Iterator<Field> it = those.iterator();
        for (Field header : headers) {
            Field that = it.next();
            if (!header.is(that.name()) || !header.value().equals(that.value())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (Field header : headers) {
            hash = 31 * hash + header.name().toLowerCase(Locale.ROOT).hashCode();
            hash = 31 * hash + header.value().hashCode();
        }
        return hash;
    }

    /** Names only, e.g. {@code HeaderList[Host, Cookie, Cookie]}: values can be credentials. */
    @Override
    public String toString() {
        List<String> names = new ArrayList<>(headers.size());
        for (Field header : headers) {
            names.add(header.name());
        }
        return "HeaderList" + names;
    }

    /**
     * One field line. Implements {@link Map.Entry} by the interface's contract (name compared
     * exactly); immutable; {@link #toString()} prints the name only, because values can be credentials.
     */
    private record Field(String name, String value) implements Map.Entry<String, String> {
        Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("header name must not be empty");
            }
        }

        // Field names are case-insensitive (RFC 9110 §5.1).
        boolean is(String otherName) {
            return name.equalsIgnoreCase(otherName);
        }

        @Override
        public String getKey() {
            return name;
        }

        @Override
        public String getValue() {
            return value;
        }

        @Override
        public String setValue(String newValue) {
            throw new UnsupportedOperationException("header entries are immutable; use HeaderList.set");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Map.Entry<?, ?> that && name.equals(that.getKey()) && value.equals(that.getValue());
        }

        @Override
        public int hashCode() {
            return name.hashCode() ^ value.hashCode();
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
