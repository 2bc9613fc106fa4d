package io.github.datasec.dwauth.jwks;

import org.jose4j.http.SimpleResponse;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How long a fetched key set may be used, from Cache-Control or Expires, kept within bounds. */
final class CacheLifetime {
    private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,10})\"?");

    private final Duration fallback;
    private final Duration min;
    private final Duration max;

    CacheLifetime(Duration fallback, Duration min, Duration max) {
        this.fallback = fallback;
        this.min = min;
        this.max = max;
    }

    Duration of(SimpleResponse response, Instant now) {
        return clamp(requested(response, now));
    }

    private Duration requested(SimpleResponse response, Instant now) {
        final String cacheControl = join(response.getHeaderValues("Cache-Control")).toLowerCase(Locale.ROOT);
        if (cacheControl.contains("no-store") || cacheControl.contains("no-cache")) {
            return Duration.ZERO;
        }
        final Matcher maxAge = MAX_AGE.matcher(cacheControl);
        if (maxAge.find()) {
            return Duration.ofSeconds(Long.parseLong(maxAge.group(1)));
        }
        final String expires = join(response.getHeaderValues("Expires"));
        if (!expires.isEmpty()) {
            try {
                final Instant at = ZonedDateTime.parse(expires, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (DateTimeParseException e) {
                // RFC 9111 says an invalid Expires means "already expired"; the lower bound then applies.
                return Duration.ZERO;
            }
        }
        return fallback;
    }

    private Duration clamp(Duration requested) {
        if (requested.compareTo(min) < 0) {
            return min;
        }
        return requested.compareTo(max) > 0 ? max : requested;
    }

    private static String join(List<String> values) {
        return values == null ? "" : String.join(",", values);
    }
}
