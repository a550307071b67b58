package dev.devproxy.examples.demo;

/** The demo's flow with {@code --routing path}: every workspace under {@code /__ide/ID/} of the portal's origin. */
class DemoAppWithPathRoutingTest extends DemoAppTest {
    @Override
    HostContainer container() {
        return new JettyHostContainer();
    }

    @Override
    DemoOptions.RoutingChoice routing() {
        return DemoOptions.RoutingChoice.PATH;
    }
}
