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
                return new TomcatHostContainer();
            default:
                throw new UsageException("unknown container " + choice);
        }
    }
}
