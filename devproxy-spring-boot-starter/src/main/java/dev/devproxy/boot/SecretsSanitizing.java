package dev.devproxy.boot;

import java.util.Locale;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Masks every {@code devproxy.keys.*} value in the Actuator's {@code env} and {@code configprops} endpoints. Boot
 * masks all values unless {@code management.endpoint.env.show-values} (or {@code configprops}) says otherwise; where
 * an operator sets it to {@code always} to debug, Boot applies only sanitizing functions like this one, so the keys
 * that sign launch tokens and sessions stay hidden even then.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
class SecretsSanitizing {
    @Bean
    SanitizingFunction devProxyKeysSanitizer() {
        return data -> isDevProxyKey(data) ? data.withSanitizedValue() : data;
    }

    // However the key is spelled: devproxy.keys.hmac-secret (properties), DEVPROXY_KEYS_HMACSECRET (environment),
    // devproxy.keys.hmacSecret (configprops).
    private static boolean isDevProxyKey(SanitizableData data) {
        String key = data.getKey();
        if (key == null) {
            return false;
        }
        String normalized = key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
        return normalized.startsWith("devproxykeys");
    }
}
