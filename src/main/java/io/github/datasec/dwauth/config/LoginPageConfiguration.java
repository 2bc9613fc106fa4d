package io.github.datasec.dwauth.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;

/** Where the bundle serves its single-page login page, or whether it serves it at all. */
public class LoginPageConfiguration {
    private static final String PATH = "^/[A-Za-z0-9._~/-]*$";

    @JsonProperty
    private boolean enabled = true;

    @NotEmpty
    @Pattern(regexp = PATH)
    @JsonProperty
    private String path = "/";

    @NotEmpty
    @Pattern(regexp = PATH)
    @JsonProperty
    private String callbackPath = "/callback";

    @NotEmpty
    @Pattern(regexp = PATH)
    @JsonProperty
    private String silentCallbackPath = "/silent-callback";

    public boolean isEnabled() { return enabled; }
    public String getPath() { return path; }
    public String getCallbackPath() { return callbackPath; }
    public String getSilentCallbackPath() { return silentCallbackPath; }

    public LoginPageConfiguration setEnabled(boolean enabled) { this.enabled = enabled; return this; }
}
