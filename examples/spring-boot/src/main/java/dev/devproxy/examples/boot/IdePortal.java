package dev.devproxy.examples.boot;

import dev.devproxy.spi.LaunchAuthorizer;
import dev.devproxy.spi.LaunchDecision;
import dev.devproxy.spi.TargetResolver;
import java.util.Optional;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A portal that opens its users' workspaces through devproxy: a Spring Boot 4 application with Spring Security, its
 * own API, and devproxy's starter, which installs devproxy into the embedded server from the {@code devproxy.*}
 * properties of {@code application.properties} and the two beans below.
 *
 * <pre>
 * DEVPROXY_KEYS_HMACSECRET=$(openssl rand -base64 48) PORTAL_PASSWORD=... \
 *   mvn -q -pl examples/spring-boot -am compile exec:java
 * </pre>
 */
@SpringBootApplication
@EnableConfigurationProperties(PortalWorkspaces.class)
public class IdePortal {
    /**
     * Runs the portal.
     *
     * @param args Spring Boot's command line ({@code --server.port=8000}, ...)
     */
    public static void main(String[] args) {
        SpringApplication.run(IdePortal.class, args);
    }

    /** Which container serves a workspace, and only for its owner: devproxy asks on every request and socket. */
    @Bean
    TargetResolver workspaces(PortalWorkspaces workspaces) {
        return (workspace, caller) -> Optional.ofNullable(workspaces.getWorkspaces().get(workspace.value()))
                .filter(known -> known.getOwner().equals(caller.subject()))
                .map(PortalWorkspaces.Workspace::target);
    }

    /**
     * Who may launch what, asked by devproxy's token endpoint: the user Spring Security signed in, for their own
     * workspaces. (One 404 for "unknown" and "not yours", so ids cannot be probed.)
     */
    @Bean
    LaunchAuthorizer signedInOwners(PortalWorkspaces workspaces) {
        return (request, workspace) -> {
            if (request.getUserPrincipal() == null) {
                return LaunchDecision.unauthenticated();
            }
            String user = request.getUserPrincipal().getName();
            PortalWorkspaces.Workspace known = workspaces.getWorkspaces().get(workspace.value());
            return known != null && known.getOwner().equals(user) ? LaunchDecision.allow(user)
                    : LaunchDecision.notFound();
        };
    }

    /** The portal's own security, plus the two lines that leave devproxy's routes to devproxy. */
    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http
                .csrf(csrf -> csrf.ignoringRequestMatchers("/api/dev/**", "/__ide/**"))
                .authorizeHttpRequests(auth -> auth.requestMatchers("/api/dev/*/ide", "/__ide/**").permitAll()
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .httpBasic(Customizer.withDefaults())
                .build();
    }
}
