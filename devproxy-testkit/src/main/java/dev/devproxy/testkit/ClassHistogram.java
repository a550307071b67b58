package dev.devproxy.testkit;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/**
 * Live instances of a class in this JVM, from HotSpot's class histogram (the {@code GC.class_histogram}
 * diagnostic command, which collects garbage first): for tests that prove an object is no longer kept.
 */
public final class ClassHistogram {
    private ClassHistogram() {
    }

    /**
     * How many instances of {@code className} (exactly that class) are live now.
     *
     * @throws ClassNotFoundException if no such class exists here, so that a count of a class that was renamed (a new
     *     Jetty, say) fails instead of finding none
     */
    public static long instances(String className) throws Exception {
        Class.forName(className, false, ClassHistogram.class.getClassLoader());
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        for (String line : histogram.split("\n")) {
            // "  12:    345    6789  org.example.Name (module@version)"
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 4 && columns[3].equals(className)) {
                return Long.parseLong(columns[1]);
            }
        }
        return 0;
    }
}
