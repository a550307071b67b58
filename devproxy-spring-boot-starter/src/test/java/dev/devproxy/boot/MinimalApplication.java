package dev.devproxy.boot;

import dev.devproxy.spi.TargetResolver;
import java.util.Optional;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** The least a Boot application needs for the starter: a resolver (this one knows no workspace). */
@SpringBootConfiguration
@EnableAutoConfiguration
public class MinimalApplication {
    @Bean
    TargetResolver noWorkspaces() {
        return (workspace, caller) -> Optional.empty();
    }

    /** The same without any resolver. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    public static class WithoutResolver {
    }
}
