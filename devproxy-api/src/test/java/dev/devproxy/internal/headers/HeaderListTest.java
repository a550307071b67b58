package dev.devproxy.internal.headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderListTest {

    @Test
    void lookupIgnoresCaseButKeepsNamesAsGiven() {
        HeaderList headers = HeaderList.of("Content-Type", "text/html", "X-Trace", "1");

        assertThat(headers.contains("content-type")).isTrue();
        assertThat(headers.first("CONTENT-TYPE")).contains("text/html");
        assertThat(headers.names()).containsExactly("Content-Type", "X-Trace");
    }

    @Test
    void duplicatesKeepTheirOrder() {
        HeaderList headers = HeaderList.of("Cookie", "a=1", "Accept", "*/*", "cookie", "b=2");

        assertThat(headers.all("COOKIE")).containsExactly("a=1", "b=2");
        assertThat(headers.first("Cookie")).contains("a=1");
        assertThat(headers.names()).containsExactly("Cookie", "Accept");
        assertThat(headers.size()).isEqualTo(3);
    }

    @Test
    void missingHeaderIsEmptyNotNull() {
        HeaderList headers = new HeaderList();

        assertThat(headers.first("Host")).isEmpty();
        assertThat(headers.all("Host")).isEmpty();
        assertThat(headers.contains("Host")).isFalse();
        assertThat(headers.isEmpty()).isTrue();
    }

    @Test
    void setReplacesEveryValueAtThePlaceOfTheFirst() {
        HeaderList headers = HeaderList.of("A", "1", "X", "old1", "B", "2", "x", "old2");

        headers.set("X", "new");

        assertThat(headers).isEqualTo(HeaderList.of("A", "1", "X", "new", "B", "2"));
    }

    @Test
    void setAppendsWhenAbsent() {
        HeaderList headers = HeaderList.of("A", "1").set("B", "2");

        assertThat(headers.entries()).containsExactly(Map.entry("A", "1"), Map.entry("B", "2"));
    }

    @Test
    void removeDropsEveryFieldOfThatName() {
        HeaderList headers = HeaderList.of("A", "1", "B", "2", "a", "3").remove("A");

        assertThat(headers).isEqualTo(HeaderList.of("B", "2"));
    }

    @Test
    void entriesAreAnImmutableSnapshot() {
        HeaderList headers = HeaderList.of("A", "1");
        List<Map.Entry<String, String>> entries = headers.entries();

        headers.add("B", "2");

        assertThat(entries).hasSize(1);
        assertThatThrownBy(() -> entries.get(0).setValue("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> entries.add(Map.entry("C", "3"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void equalityIgnoresNameCaseButNotValueOrOrder() {
        assertThat(HeaderList.of("Host", "a")).isEqualTo(HeaderList.of("host", "a"))
                .hasSameHashCodeAs(HeaderList.of("HOST", "a"));
        assertThat(HeaderList.of("Host", "a")).isNotEqualTo(HeaderList.of("Host", "A"));
        assertThat(HeaderList.of("A", "1", "B", "2")).isNotEqualTo(HeaderList.of("B", "2", "A", "1"));
    }

    @Test
    void toStringPrintsNamesButNeverValues() {
        HeaderList headers = HeaderList.of("Cookie", "session=s3cret", "Authorization", "Bearer t0ken");

        assertThat(headers.toString()).isEqualTo("HeaderList[Cookie, Authorization]");
        assertThat(headers.entries().toString()).doesNotContain("s3cret", "t0ken");
    }

    @Test
    void rejectsNullsEmptyNamesAndOddArguments() {
        HeaderList headers = new HeaderList();

        assertThatThrownBy(() -> headers.add(null, "v")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> headers.add("A", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> headers.add("", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HeaderList.of("A")).isInstanceOf(IllegalArgumentException.class);
    }
}
