package dev.devproxy.boot;

import dev.devproxy.Target;
import dev.devproxy.spi.LaunchAuthorizer;
import dev.devproxy.spi.LaunchDecision;
import dev.devproxy.spi.TargetResolver;
import jakarta.servlet.Filter;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Boot application as an integrator writes one: Spring Security with HTTP Basic in front of everything, its own
 * controller and filter, and the two beans devproxy needs. The tests point {@link #WORKSPACES} at fake upstreams.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@RestController
public class PortalApplication {
    /** Workspace id to its container, filled by the test. */
    static final Map<String, URI> WORKSPACES = new ConcurrentHashMap<>();
    /** The Host of every request the application's own first filter saw. */
    static final List<String> HOSTS_SEEN_BY_APPLICATION = new CopyOnWriteArrayList<>();

    @Bean
    TargetResolver workspaces() {
        return (workspace, caller) -> Optional.ofNullable(WORKSPACES.get(workspace.value())).map(Target::strip);
    }

    @Bean
    LaunchAuthorizer signedInUsers() {
        return (request, workspace) -> request.getUserPrincipal() == null ? LaunchDecision.unauthenticated()
                : LaunchDecision.allow(request.getUserPrincipal().getName());
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http
                // The README's two lines: devproxy checks Origin on its token endpoint and carries the workspace's own
                // POSTs; its launch route and tunnel authenticate with devproxy's own credentials.
                .csrf(csrf -> csrf.ignoringRequestMatchers("/api/dev/**", "/__ide/**"))
                .authorizeHttpRequests(auth -> auth.requestMatchers("/api/dev/*/ide", "/__ide/**").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(User.withUsername("ada").password("{noop}lovelace").roles("USER").build());
    }

    /** The application's own filter, as early as Boot allows: it must never see a workspace host's request. */
    @Bean
    FilterRegistrationBean<Filter> firstApplicationFilter() {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
            HOSTS_SEEN_BY_APPLICATION.add(((jakarta.servlet.http.HttpServletRequest) request).getHeader("Host"));
            chain.doFilter(request, response);
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setAsyncSupported(true);
        return registration;
    }

    @GetMapping("/app/hello")
    String hello() {
        return "hello from the portal";
    }
}
