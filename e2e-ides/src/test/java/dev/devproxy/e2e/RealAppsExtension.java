package dev.devproxy.e2e;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests the {@link RealApps}, started on first use and stopped when the whole test run ends (the root
 * store closes what it holds). Skips the test class loudly, before starting anything, where the apps are not
 * installed (a condition, not a parameter: JUnit reports an abort while resolving a parameter as an error), and
 * fails it there when the suite is required.
 */
final class RealAppsExtension implements ParameterResolver, ExecutionCondition {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealAppsExtension.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isPresent()) {
            return ConditionEvaluationResult.enabled("the class was"); // decided once, for the class
        }
        String skipped = E2eEnvironment.skipReasonUnlessInstalled();
        return skipped == null ? ConditionEvaluationResult.enabled("every app is installed")
                : ConditionEvaluationResult.disabled(skipped);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RealApps.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
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
