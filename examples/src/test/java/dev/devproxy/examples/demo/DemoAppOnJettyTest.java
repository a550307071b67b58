package dev.devproxy.examples.demo;

class DemoAppOnJettyTest extends DemoAppTest {
    @Override
    HostContainer container() {
        return new JettyHostContainer();
    }
}
