package dev.devproxy.adapter;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks, when an adapter installs, that the container's classes still have what the adapter was compiled against:
 * users bring their own container version, and a method that moved or an interface that grew would otherwise fail
 * only later, on a browser's socket (a {@link NoSuchMethodError}, an {@link AbstractMethodError} thrown inside the
 * container). An adapter that finds a problem does not take sockets over: it says why, once, and the engine relays
 * through the container's own I/O instead.
 */
public final class Probe {
    private final List<String> problems = new ArrayList<>();

    /** A probe with nothing found yet. */
    public Probe() {
    }

    /**
     * Requires {@code type} to have the public method {@code name} with {@code parameters}, as declared or inherited.
     * A class that cannot be loaded is a problem too (call this inside {@link #run}).
     */
    public Probe method(Class<?> type, String name, Class<?>... parameters) {
        try {
            type.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            problems.add(type.getName() + " has no method " + name + signature(parameters));
        }
        return this;
    }

    /** Requires {@code type} to have the public field {@code name}. */
    public Probe field(Class<?> type, String name) {
        try {
            type.getField(name);
        } catch (NoSuchFieldException e) {
            problems.add(type.getName() + " has no field " + name);
        }
        return this;
    }

    /**
     * Requires the concrete class {@code implementation} to implement every abstract method it has, declared or
     * inherited from its interfaces: a container interface that grew a method makes a class compiled against an
     * older one incomplete, and the container would meet an {@link AbstractMethodError} on its first call.
     */
    public Probe complete(Class<?> implementation) {
        for (Method method : implementation.getMethods()) {
            if (Modifier.isAbstract(method.getModifiers())) {
                problems.add(implementation.getName() + " does not implement " + method.getDeclaringClass().getName()
                        + "." + method.getName() + signature(method.getParameterTypes()));
            }
        }
        return this;
    }

    /** What was found missing, or empty if nothing was. */
    public Optional<String> problem() {
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /**
     * Runs {@code checks} against a fresh probe: what they found missing, or what could not be linked at all (a class
     * the container does not have, a {@link LinkageError} of any kind); empty if nothing.
     */
    public static Optional<String> run(Checks checks) {
        try {
            Probe probe = new Probe();
            checks.check(probe);
            return probe.problem();
        } catch (LinkageError e) {
            return Optional.of(e.toString());
        }
    }

    /** What an adapter checks, in a probe of its own. */
    @FunctionalInterface
    public interface Checks {
        /** Adds checks to {@code probe}; loading a class may throw a {@link LinkageError}, which counts as one. */
        void check(Probe probe);
    }

    private static String signature(Class<?>[] parameters) {
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < parameters.length; i++) {
            text.append(i == 0 ? "" : ", ").append(parameters[i].getSimpleName());
        }
        return text.append(')').toString();
    }
}
