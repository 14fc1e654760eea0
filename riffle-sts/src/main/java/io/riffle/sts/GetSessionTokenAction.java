package io.riffle.sts;

import io.riffle.aws.AwsAnswer;
import io.riffle.aws.AwsRequest;
import io.riffle.aws.Caller;
import io.riffle.aws.FormEncoding;
import io.riffle.aws.auth.AccessKey;
import io.riffle.aws.auth.Session;
import io.riffle.aws.auth.SessionTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * STS GetSessionToken: temporary credentials ({@code ASIA...}, a secret, a sealed session token and an
 * expiry) acting as the caller with the caller's permissions. As STS: DurationSeconds 900 to 129,600
 * (default 43,200, 12 hours); the account root's sessions last at most an hour (longer asks get an
 * hour, the default too); session credentials cannot ask for more ({@code AccessDenied}); MFA
 * parameters are validated, and since Riffle has no MFA devices, a code is refused as STS refuses a
 * wrong one.
 */
final class GetSessionTokenAction {
    static final String ACTION = "GetSessionToken";
    static final long MIN_DURATION_SECONDS = 900;
    static final long MAX_DURATION_SECONDS = 129_600;
    static final long DEFAULT_DURATION_SECONDS = 43_200;
    static final long ROOT_MAX_DURATION_SECONDS = 3_600;
    static final String SESSION_CREDENTIALS_MESSAGE = "Cannot call GetSessionToken with session credentials";
    static final String MFA_MESSAGE = "MultiFactorAuthentication failed, unable to validate MFA code. Please verify"
            + " your MFA serial number is valid and associated with this user.";
    private static final Pattern SERIAL_NUMBER = Pattern.compile("[\\w+=/:,.@-]*");
    private static final Pattern TOKEN_CODE = Pattern.compile("[\\d]*");

    private final SessionTokens sessions;
    private final InstantSource clock;

    GetSessionTokenAction(SessionTokens sessions, InstantSource clock) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    AwsAnswer answer(AwsRequest request, Map<String, List<String>> parameters, Caller caller) {
        String durationText = FormEncoding.first(parameters, "DurationSeconds");
        String serialNumber = FormEncoding.first(parameters, "SerialNumber");
        String tokenCode = FormEncoding.first(parameters, "TokenCode");
        List<String> invalid = new ArrayList<>();
        StsParameters.DurationSeconds duration = StsParameters.durationSeconds(request, durationText, invalid,
                MIN_DURATION_SECONDS, MAX_DURATION_SECONDS);
        if (duration.notANumber() != null) {
            return duration.notANumber();
        }
        if (serialNumber != null) {
            StsParameters.checkText(invalid, serialNumber, "serialNumber", 9, 256, SERIAL_NUMBER);
        }
        if (tokenCode != null) {
            StsParameters.checkText(invalid, tokenCode, "tokenCode", 6, 6, TOKEN_CODE);
        }
        if (!invalid.isEmpty()) {
            return StsParameters.validationError(request, invalid);
        }
        if (StsParameters.isSigned(request, "X-Amz-Security-Token")) {
            return StsXml.error(403, "AccessDenied", SESSION_CREDENTIALS_MESSAGE, request.requestId());
        }
        if (serialNumber != null || tokenCode != null) {
            return StsXml.error(403, "AccessDenied", MFA_MESSAGE, request.requestId());
        }
        boolean isRoot = caller.arn().endsWith(":root");
        long seconds = duration.orElse(DEFAULT_DURATION_SECONDS);
        if (isRoot) {
            seconds = Math.min(seconds, ROOT_MAX_DURATION_SECONDS);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS); // Expiration is said to the second
        AccessKey key = sessions.issue(Session.ofCaller(caller, now, now.plus(Duration.ofSeconds(seconds))));
        return StsXml.result(ACTION, StsXml.credentials(key), request.requestId());
    }
}
