package dev.devproxy.examples.demo;

class DemoAppOnTomcatTest extends DemoAppTest {
    @Override
    HostContainer container() {
        return new TomcatHostContainer();
    }
}
