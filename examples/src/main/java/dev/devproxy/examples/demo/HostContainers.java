package dev.devproxy.examples.demo;

/** Picks the {@link HostContainer} for {@code --container}. */
public final class HostContainers {
    private HostContainers() {
    }

    /**
     * The container for {@code choice}.
     *
     * @throws UsageException if that container's adapter is not available in this build
     */
    public static HostContainer forChoice(DemoOptions.Container choice) throws UsageException {
        switch (choice) {
            case JETTY:
                return new JettyHostContainer();
            case TOMCAT:
                // devproxy-tomcat is being written; its class will be a TomcatHostContainer like JettyHostContainer.
                throw new UsageException("--container tomcat is not available yet: the devproxy-tomcat adapter is"
                        + " not part of this build. Use --container jetty.");
            default:
                throw new UsageException("unknown container " + choice);
        }
    }
}
