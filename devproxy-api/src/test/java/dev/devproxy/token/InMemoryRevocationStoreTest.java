package dev.devproxy.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.devproxy.WorkspaceId;
import dev.devproxy.spi.IssuedCredential;
import dev.devproxy.spi.Revocation;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryRevocationStoreTest {
    private static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");
    private static final WorkspaceId WS = WorkspaceId.of("ws-1");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryRevocationStore store = new InMemoryRevocationStore(clock);

    private static IssuedCredential session(String id, String subject, Instant issuedAt) {
        return new IssuedCredential(id, subject, WS, issuedAt);
    }

    private static Revocation revocation(Revocation.Scope scope, String value, Instant at) {
        return new Revocation(scope, value, at, at.plus(Duration.ofHours(8)));
    }

    @Test
    void aSessionRevocationCoversThatSessionOnly() {
        store.revoke(revocation(Revocation.Scope.SESSION, "s-1", T0));
        assertThat(store.isRevoked(session("s-1", "alice", T0.minusSeconds(60)))).isTrue();
        assertThat(store.isRevoked(session("s-2", "alice", T0.minusSeconds(60)))).isFalse();
    }

    @Test
    void aSubjectRevocationCoversWhatWasIssuedUntilThenNotLater() {
        store.revoke(revocation(Revocation.Scope.SUBJECT, "alice", T0.plusMillis(700)));
        assertThat(store.isRevoked(session("s-1", "alice", T0.minusSeconds(60)))).isTrue();
        assertThat(store.isRevoked(session("s-2", "alice", T0))).as("issued in the same second").isTrue();
        assertThat(store.isRevoked(session("s-3", "alice", T0.plusSeconds(1)))).as("signed in again").isFalse();
        assertThat(store.isRevoked(session("s-4", "bob", T0.minusSeconds(60)))).isFalse();
    }

    @Test
    void aWorkspaceRevocationCoversEveryonesCredentialsForIt() {
        store.revoke(revocation(Revocation.Scope.WORKSPACE, "ws-1", T0));
        assertThat(store.isRevoked(session("s-1", "alice", T0))).isTrue();
        assertThat(store.isRevoked(new IssuedCredential("s-2", "alice", WorkspaceId.of("ws-2"), T0))).isFalse();
    }

    @Test
    void aLaterRevocationOfASubjectKeepsCoveringWhatTheEarlierOneDid() {
        store.revoke(revocation(Revocation.Scope.SUBJECT, "alice", T0.plusSeconds(60)));
        store.revoke(revocation(Revocation.Scope.SUBJECT, "alice", T0));
        assertThat(store.isRevoked(session("s-1", "alice", T0.plusSeconds(30)))).isTrue();
    }

    @Test
    void revocationsAreForgottenOnceNoCredentialTheyCoverCanLive() {
        store.revoke(new Revocation(Revocation.Scope.SESSION, "s-1", T0, T0.plusSeconds(10)));
        clock.advance(Duration.ofSeconds(11));
        store.revoke(revocation(Revocation.Scope.SESSION, "s-2", clock.instant()));
        assertThat(store.size()).isEqualTo(1);
    }
}
