package dev.devproxy.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.slf4j.LoggerFactory;

/**
 * Every log line written while it is open, through slf4j (devproxy, Jetty) and java.util.logging (Tomcat), each
 * with its exception's text and stack trace: for tests that prove what must never be logged. devproxy's own loggers
 * are raised to TRACE meanwhile, so that every line devproxy could write is looked at; of other loggers, what they
 * write at INFO and above, as where nobody debugs them.
 *
 * <p>It reads slf4j's lines through logback-classic, which must be the test class path's SLF4J backend: the testkit
 * declares it optional, so add {@code ch.qos.logback:logback-classic} (test scope) where tests use this class, as the
 * conformance suite's tests of what is never logged do. Without it, opening one fails and says so.
 */
public final class CapturedLogs implements AutoCloseable {
    private static final String LOGBACK = "ch.qos.logback.classic.LoggerContext";

    private final ListAppender<ILoggingEvent> appender;
    private final Logger root;
    private final Logger devproxy;
    private final Level previous;
    private final java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
    private final List<String> julLines = new CopyOnWriteArrayList<>();
    private final Handler julHandler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() < java.util.logging.Level.INFO.intValue()) {
                return; // as for slf4j below: what a container logs where it is not debugged
            }
            StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    line.append(' ').append(parameter);
                }
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append('\n').append(trace);
            }
            julLines.add(line.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Starts capturing; fails, saying what to add, unless logback-classic is the SLF4J backend. */
    public CapturedLogs() {
        String backend = LoggerFactory.getILoggerFactory().getClass().getName();
        if (!backend.equals(LOGBACK)) {
            throw new IllegalStateException("CapturedLogs reads log lines through logback-classic, but the SLF4J backend"
                    + " here is " + backend + ": add ch.qos.logback:logback-classic (test scope) to the test class path"
                    + " that runs it (the devproxy testkit declares it optional)");
        }
        appender = new ListAppender<>();
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        devproxy = (Logger) LoggerFactory.getLogger("dev.devproxy");
        appender.start();
        root.addAppender(appender);
        previous = devproxy.getLevel();
        devproxy.setLevel(Level.TRACE);
        julRoot.addHandler(julHandler);
    }

    /** Every line so far: message, then the exception's text and stack trace if there was one. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(appender.list)) {
            if (!event.getLoggerName().startsWith("dev.devproxy") && !event.getLevel().isGreaterOrEqual(Level.INFO)) {
                // Another library's debug lines (Jetty's print whole requests): not on where nobody debugs it, and
                // on here only when a test before left logging reconfigured.
                continue;
            }
            StringBuilder line = new StringBuilder(event.getFormattedMessage());
            for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
                line.append('\n').append(thrown.getClassName()).append(": ").append(thrown.getMessage());
                for (StackTraceElementProxy frame : thrown.getStackTraceElementProxyArray()) {
                    line.append("\n\tat ").append(frame.getStackTraceElement());
                }
            }
            lines.add(line.toString());
        }
        lines.addAll(julLines);
        return lines;
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        devproxy.setLevel(previous);
        julRoot.removeHandler(julHandler);
    }
}
