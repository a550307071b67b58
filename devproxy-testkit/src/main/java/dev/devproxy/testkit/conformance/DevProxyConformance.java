package dev.devproxy.testkit.conformance;

/**
 * Every behaviour devproxy promises, for one container: bootstrap, HTTP tunnel, header policy, hostile
 * inputs, WebSocket relay, host routing, and the lives of credentials. Implement it in a test class to run the whole suite.
 */
public interface DevProxyConformance extends BootstrapConformance, TunnelConformance, HeaderConformance,
        HostileInputConformance, WebSocketConformance, HostRoutingConformance, CredentialConformance {
}
