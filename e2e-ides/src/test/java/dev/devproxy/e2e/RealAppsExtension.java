package dev.devproxy.e2e;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests the {@link RealApps}, started on first use and stopped when the whole test run ends (the root
 * store closes what it holds). Skips the test loudly, before starting anything, where the apps are not installed.
 */
final class RealAppsExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealAppsExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RealApps.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        E2eEnvironment.skipLoudlyUnlessInstalled();
        RealApps apps = context.getRoot().getStore(NAMESPACE).computeIfAbsent(RealApps.class, key -> {
            try {
                return RealApps.start();
            } catch (Exception e) {
                throw new ParameterResolutionException("the real apps did not start: " + e.getMessage(), e);
            }
        }, RealApps.class);
        apps.assertAlive();
        return apps;
    }
}
