package dev.devproxy.examples.boot;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The portal's own API, behind Spring Security: the signed-in user's workspaces. */
@RestController
class WorkspacesController {
    private final PortalWorkspaces workspaces;

    WorkspacesController(PortalWorkspaces workspaces) {
        this.workspaces = workspaces;
    }

    /** Each of the user's workspaces, with where the front end asks for its launch. */
    @GetMapping("/api/workspaces")
    List<Map<String, String>> mine(Principal user) {
        return workspaces.getWorkspaces().entrySet().stream()
                .filter(entry -> entry.getValue().getOwner().equals(user.getName()))
                .map(entry -> Map.of("id", entry.getKey(), "launch", "/api/dev/" + entry.getKey() + "/ide-token"))
                .toList();
    }
}
