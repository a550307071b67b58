package dev.devproxy.examples.demo;

import dev.devproxy.Target;
import dev.devproxy.WorkspaceId;
import java.util.Objects;

/**
 * One workspace the demo portal lists: where devproxy sends its traffic, and what to tell the person.
 *
 * @param id the workspace id: the {@code {id}} in {@code http://{id}.localhost:PORT/}, or in {@code /__ide/{id}/}
 * @param target the upstream and its path mode
 * @param title a short name for the portal
 * @param description one sentence for the portal, which everyone who signs in reads: no upstream address
 */
public record DemoWorkspace(WorkspaceId id, Target target, String title, String description) {
    /** Validates that no component is null. */
    public DemoWorkspace {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
    }
}
