package dev.devproxy.redis;

import dev.devproxy.WorkspaceId;
import dev.devproxy.spi.Revocation;
import java.time.Instant;

/**
 * How revocations and closed workspaces are written in Redis: a revocation as a sorted-set member
 * {@code SCOPE|revokedAtMillis|value} scored by its keep-until millisecond, and the channel's messages as
 * {@code R|node|keepUntilMillis|member} and {@code W|node|workspace}. The value comes last, so it may hold any
 * character, {@code |} included. Malformed input decodes to null: Redis is shared, and a stray write must not break
 * a node.
 */
final class RevocationCodec {
    /** A message from the channel: a revocation, or a workspace to close, and the node that sent it. */
    record Event(String node, Revocation revocation, WorkspaceId closedWorkspace) {
    }

    private RevocationCodec() {
    }

    static String member(Revocation revocation) {
        return revocation.scope().name() + "|" + revocation.revokedAt().toEpochMilli() + "|" + revocation.value();
    }

    /** The revocation a sorted-set member and its score stand for, or null if it is not one of ours. */
    static Revocation revocation(String member, double keepUntilMillis) {
        int first = member.indexOf('|');
        int second = first < 0 ? -1 : member.indexOf('|', first + 1);
        if (second < 0) {
            return null;
        }
        try {
            return new Revocation(Revocation.Scope.valueOf(member.substring(0, first)), member.substring(second + 1),
                    Instant.ofEpochMilli(Long.parseLong(member.substring(first + 1, second))),
                    Instant.ofEpochMilli((long) keepUntilMillis));
        } catch (IllegalArgumentException e) { // NumberFormatException included
            return null;
        }
    }

    static String revocationEvent(String node, Revocation revocation) {
        return "R|" + node + "|" + revocation.keepUntil().toEpochMilli() + "|" + member(revocation);
    }

    static String closeEvent(String node, WorkspaceId workspace) {
        return "W|" + node + "|" + workspace.value();
    }

    /** The event a channel message stands for, or null if it is not one of ours. */
    static Event event(String message) {
        int first = message.indexOf('|');
        int second = first < 0 ? -1 : message.indexOf('|', first + 1);
        if (first != 1 || second < 0) {
            return null;
        }
        String node = message.substring(2, second);
        String rest = message.substring(second + 1);
        try {
            if (message.charAt(0) == 'W') {
                return new Event(node, null, WorkspaceId.of(rest));
            }
            int third = rest.indexOf('|');
            if (message.charAt(0) != 'R' || third < 0) {
                return null;
            }
            Revocation revocation = revocation(rest.substring(third + 1), Long.parseLong(rest.substring(0, third)));
            return revocation == null ? null : new Event(node, revocation, null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
