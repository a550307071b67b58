package dev.devproxy.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the install-time probe reports, on classes made to look like a container that changed under an adapter. */
class ProbeTest {
    /** A container interface, as the adapter was compiled against it. */
    interface Handler {
        void init();
    }

    /** The same interface in a newer container: it grew a method. */
    interface GrownHandler extends Handler {
        void pause();
    }

    /** An adapter's class compiled against the older interface, loaded with the newer one. */
    abstract static class CompiledAgainstOlder implements GrownHandler {
        @Override
        public void init() {
        }
    }

    /** A class that implements everything. */
    static final class Complete implements GrownHandler {
        @Override
        public void init() {
        }

        @Override
        public void pause() {
        }
    }

    /** A field the probe looks for. */
    public static final class Fields {
        public static final String PRESENT = "present";
    }

    @Test
    void aClassMissingAMethodTheContainerWillCallIsReportedByName() {
        assertThat(Probe.run(probe -> probe.complete(CompiledAgainstOlder.class))).contains(
                CompiledAgainstOlder.class.getName() + " does not implement " + GrownHandler.class.getName()
                        + ".pause()");
        assertThat(Probe.run(probe -> probe.complete(Complete.class))).isEmpty();
    }

    @Test
    void missingMethodsAndFieldsAreReportedWithTheirSignatures() {
        Optional<String> problem = Probe.run(probe -> probe
                .method(String.class, "length")
                .method(String.class, "grow", int.class, boolean.class)
                .field(Fields.class, "PRESENT")
                .field(Fields.class, "ABSENT"));
        assertThat(problem).contains("java.lang.String has no method grow(int, boolean); "
                + Fields.class.getName() + " has no field ABSENT");
    }

    @Test
    void aClassTheContainerDoesNotHaveIsAProblemNotACrash() {
        assertThat(Probe.run(probe -> {
            throw new NoClassDefFoundError("org/apache/coyote/http11/upgrade/InternalHttpUpgradeHandler");
        })).contains("java.lang.NoClassDefFoundError: org/apache/coyote/http11/upgrade/InternalHttpUpgradeHandler");
    }

    @Test
    void nothingMissingIsNoProblem() {
        assertThat(Probe.run(probe -> probe.method(String.class, "length").field(Fields.class, "PRESENT"))).isEmpty();
    }
}
