package dev.devproxy.testkit.conformance;

/**
 * Every behaviour devproxy promises, for one container: bootstrap, HTTP tunnel, header policy, hostile
 * inputs, WebSocket relay, host routing, the lives of credentials,
 * and the host application protected from any one user. Implement it in a test class to run the whole suite.
 */
public interface DevProxyConformance extends BootstrapConformance, TunnelConformance, HeaderConformance,
        HostileInputConformance, WebSocketConformance, HostRoutingConformance, CredentialConformance,
        HostProtectionConformance {
}
