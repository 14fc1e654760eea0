package io.riffle.aws.auth;

import io.riffle.aws.AwsRequest;
import io.riffle.aws.CredentialScope;
import io.riffle.aws.QuerySignature;
import io.riffle.aws.SigningRules;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies a request's AWS Signature Version 4, in the {@code Authorization} header or in a
 * presigned query ({@code X-Amz-Signature} and friends), against the secret the
 * {@link CredentialStore} holds for its access key id. Checks, in order (the first failure answers):
 * <ol>
 *   <li>a signature at all ({@link SigV4Problem#MISSING_TOKEN}), not in both forms; its parts: Credential,
 *       SignedHeaders, Signature, a date ({@link SigV4Problem#INCOMPLETE_SIGNATURE}, in Kinesis' words, the
 *       query form's those of {@link QuerySignature});</li>
 *   <li>the scope: five parts, the service's signing name, the server's region (or one of a global service's:
 *       IAM's us-east-1 and aws-global), the date's day ({@link SigV4Problem#INVALID_SIGNATURE});</li>
 *   <li>the time: within the service's clock-skew window of now ("Signature expired" / "Signature not
 *       yet current"), and for a presigned URL before {@code X-Amz-Date + X-Amz-Expires};</li>
 *   <li>{@code host} (or HTTP/2's {@code :authority}) among the signed headers;</li>
 *   <li>the access key id known, the session token its own ({@link SigV4Problem#UNRECOGNIZED_CLIENT},
 *       {@link SigV4Problem#EXPIRED_TOKEN});</li>
 *   <li>{@code x-amz-content-sha256}, when present and not {@code UNSIGNED-PAYLOAD}, the body's hash;</li>
 *   <li>the signature, computed over exactly the signed headers and compared in constant time.</li>
 * </ol>
 * A client configured with another region than the server's is refused as AWS refuses it ("Credential should
 * be scoped to a valid region, not 'eu-west-1'. "): the ARNs the server answers name its own region.
 *
 * <p>Thread-safe; called on event loops (no I/O). Derived signing keys are cached per (secret,
 * day, region, service), so a request costs one HMAC of the string to sign, the SHA-256 of the
 * canonical request and the SHA-256 of its body.
 */
public final class SigV4Verifier {
    static final String AUTHORIZATION = "authorization";
    static final String X_AMZ_DATE = "x-amz-date";
    static final String X_AMZ_CONTENT_SHA256 = "x-amz-content-sha256";
    static final String X_AMZ_SECURITY_TOKEN = "x-amz-security-token";
    static final String HOST = "host";
    static final String AUTHORITY = ":authority";
    static final String QUERY_ALGORITHM = "X-Amz-Algorithm";
    static final String QUERY_CREDENTIAL = "X-Amz-Credential";
    static final String QUERY_DATE = "X-Amz-Date";
    static final String QUERY_EXPIRES = "X-Amz-Expires";
    static final String QUERY_SIGNED_HEADERS = "X-Amz-SignedHeaders";
    static final String QUERY_SIGNATURE = "X-Amz-Signature";
    static final String QUERY_SECURITY_TOKEN = "X-Amz-Security-Token";
    /** A presigned URL lives at most 7 days, as AWS allows. */
    static final long MAX_EXPIRES_SECONDS = 604_800;
    /** Signing keys kept before the cache is emptied (each is 32 bytes plus its key). */
    static final int MAX_CACHED_SIGNING_KEYS = 4_096;
    private static final List<String> REQUIRED_PARAMETERS = List.of("Credential", "Signature", "SignedHeaders");

    private final CredentialStore credentials;
    private final InstantSource clock;
    private final String region; // null: any region
    private final Map<SigningKeyId, byte[]> signingKeys = new ConcurrentHashMap<>();

    /** A verifier for signatures scoped to {@code region} (the server's). */
    public SigV4Verifier(CredentialStore credentials, InstantSource clock, String region) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.region = region;
    }

    /** A verifier for signatures of any region (AWS's test suite, signers' tests). */
    public SigV4Verifier(CredentialStore credentials, InstantSource clock) {
        this(credentials, clock, null);
    }

    private record SigningKeyId(String secret, String date, String region, String service) {
    }

    /** The signature's parts, from the header or the query. */
    private record Signed(CredentialScope scope, String credential, List<String> signedHeaders, String signature,
                          String amzDate, Instant time, long expiresSeconds, String sessionToken, boolean isPresigned) {
    }

    /** Thrown inside {@link #verify} only, to answer the first problem found. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final transient SigV4Problem problem;

        Refusal(SigV4Problem problem, String message) {
            super(message, null, false, false);
            this.problem = problem;
        }
    }

    /**
     * Who signed {@code request} for {@code service} (its signing name), or why it is refused, in the
     * words of {@code rules}' dialect.
     */
    public Authentication verify(AwsRequest request, String service, SigningRules rules) {
        try {
            return Authentication.authenticated(check(request, service, rules).principal());
        } catch (Refusal refusal) {
            return Authentication.refused(refusal.problem.failure(rules.dialect(), refusal.getMessage()));
        }
    }

    private AccessKey check(AwsRequest request, String service, SigningRules rules) throws Refusal {
        Signed signed = parse(request);
        if (!signed.scope().service().equals(service)) {
            throw new Refusal(SigV4Problem.INVALID_SIGNATURE,
                    "Credential should be scoped to correct service: '" + service + "'. ");
        }
        String scopeRegion = signed.scope().region();
        if (region != null && !scopeRegion.equals(region) && !rules.globalRegions().contains(scopeRegion)) {
            throw new Refusal(SigV4Problem.INVALID_SIGNATURE, "Credential should be scoped to a valid region, not '"
                    + signed.scope().region() + "'. ");
        }
        String day = signed.amzDate().substring(0, 8);
        if (!signed.scope().date().equals(day)) {
            throw new Refusal(SigV4Problem.INVALID_SIGNATURE, "Date in Credential scope does not match YYYYMMDD from "
                    + "ISO-8601 version of date from HTTP: '" + signed.scope().date() + "' != '" + day + "', from '"
                    + signed.amzDate() + "'.");
        }
        Instant now = clock.instant();
        checkTime(signed, now, rules.clockSkew());
        if (!signed.signedHeaders().contains(HOST) && !signed.signedHeaders().contains(AUTHORITY)) {
            throw new Refusal(SigV4Problem.INCOMPLETE_SIGNATURE,
                    "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        AccessKey key = credentials.find(signed.scope().accessKeyId(), signed.sessionToken()).orElseThrow(
                () -> new Refusal(SigV4Problem.UNRECOGNIZED_CLIENT, SigV4Problem.INVALID_TOKEN_MESSAGE));
        if (!Objects.equals(key.sessionToken(), signed.sessionToken())) {
            throw new Refusal(SigV4Problem.UNRECOGNIZED_CLIENT, SigV4Problem.INVALID_TOKEN_MESSAGE);
        }
        if (key.isExpiredAt(now)) {
            throw new Refusal(SigV4Problem.EXPIRED_TOKEN, SigV4Problem.EXPIRED_TOKEN_MESSAGE);
        }
        // Each of the body's buffers as it arrived: nioBuffer() would first copy a large body into one.
        String bodyHash = SigV4.sha256Hex(request.body().nioBuffers());
        String claimedHash = request.header(X_AMZ_CONTENT_SHA256);
        if (claimedHash != null && !claimedHash.equals(SigV4.UNSIGNED_PAYLOAD)
                && !claimedHash.equalsIgnoreCase(bodyHash)) {
            throw new Refusal(SigV4Problem.INVALID_SIGNATURE, SigV4Problem.SIGNATURE_MISMATCH_MESSAGE);
        }
        byte[] signingKey = signingKey(key.secretAccessKey(), signed.scope());
        String canonicalStart = canonicalRequestWithoutPayload(request, signed);
        String scope = signed.scope().date() + '/' + signed.scope().region() + '/' + signed.scope().service() + '/'
                + CredentialScope.TERMINATOR;
        String payload = claimedHash != null ? claimedHash : bodyHash;
        if (matches(signingKey, signed, scope, canonicalStart + payload)) {
            return key;
        }
        // A presigned URL may sign its payload as UNSIGNED-PAYLOAD without saying so in a header.
        if (signed.isPresigned() && claimedHash == null
                && matches(signingKey, signed, scope, canonicalStart + SigV4.UNSIGNED_PAYLOAD)) {
            return key;
        }
        throw new Refusal(SigV4Problem.INVALID_SIGNATURE, SigV4Problem.SIGNATURE_MISMATCH_MESSAGE);
    }

    private static boolean matches(byte[] signingKey, Signed signed, String scope, String canonicalRequest) {
        String expected = SigV4.signature(signingKey, SigV4.stringToSign(signed.amzDate(), scope, canonicalRequest));
        return SigV4.isSameSignature(expected, signed.signature().toLowerCase(Locale.ROOT));
    }

    /** The canonical request of {@code request} up to and including the line of signed headers and its newline. */
    public static String canonicalRequestWithoutPayload(AwsRequest request, List<String> signedHeaders,
                                                        boolean isPresigned) {
        StringBuilder canonical = new StringBuilder(256);
        canonical.append(request.method()).append('\n')
                .append(SigV4.canonicalUri(request.rawPath())).append('\n')
                .append(SigV4.canonicalQuery(request.rawQuery(), isPresigned ? QUERY_SIGNATURE : null)).append('\n');
        for (String name : signedHeaders) {
            List<String> values = request.headers().getAll(name.equals(AUTHORITY) ? HOST : name);
            canonical.append(name).append(':').append(SigV4.canonicalHeaderValue(values)).append('\n');
        }
        canonical.append('\n').append(String.join(";", signedHeaders)).append('\n');
        return canonical.toString();
    }

    private static String canonicalRequestWithoutPayload(AwsRequest request, Signed signed) {
        return canonicalRequestWithoutPayload(request, signed.signedHeaders(), signed.isPresigned());
    }

    private byte[] signingKey(String secret, CredentialScope scope) {
        SigningKeyId id = new SigningKeyId(secret, scope.date(), scope.region(), scope.service());
        byte[] key = signingKeys.get(id);
        if (key == null) {
            if (signingKeys.size() >= MAX_CACHED_SIGNING_KEYS) {
                signingKeys.clear(); // rare (a day's keys of a few thousand principals); they are derived again
            }
            key = SigV4.signingKey(secret, scope.date(), scope.region(), scope.service());
            signingKeys.put(id, key);
        }
        return key;
    }

    private static void checkTime(Signed signed, Instant now, Duration skew) throws Refusal {
        if (signed.time().isBefore(now.minus(skew))
                && !(signed.isPresigned() && !now.isAfter(signed.time().plusSeconds(signed.expiresSeconds())))) {
            throw new Refusal(SigV4Problem.INVALID_SIGNATURE, "Signature expired: " + signed.amzDate()
                    + " is now earlier than " + SigV4.AMZ_DATE.format(now.minus(skew)) + " ("
                    + SigV4.AMZ_DATE.format(now) + " - " + skew.toMinutes() + " min.)");
        }
        if (signed.time().isAfter(now.plus(skew))) {
            throw new Refusal(SigV4Problem.INVALID_SIGNATURE, "Signature not yet current: " + signed.amzDate()
                    + " is still later than " + SigV4.AMZ_DATE.format(now.plus(skew)) + " ("
                    + SigV4.AMZ_DATE.format(now) + " + " + skew.toMinutes() + " min.)");
        }
        if (signed.isPresigned() && signed.expiresSeconds() > 0
                && now.isAfter(signed.time().plusSeconds(signed.expiresSeconds()))) {
            throw new Refusal(SigV4Problem.INVALID_SIGNATURE, "Signature expired: " + signed.amzDate()
                    + " is now earlier than " + SigV4.AMZ_DATE.format(now.minusSeconds(signed.expiresSeconds())) + " ("
                    + SigV4.AMZ_DATE.format(now) + " - " + signed.expiresSeconds() + " sec.)");
        }
    }

    private static Signed parse(AwsRequest request) throws Refusal {
        String authorization = request.header(AUTHORIZATION);
        boolean isQuery = QuerySignature.isPresent(request.query());
        if (authorization != null && isQuery) {
            throw new Refusal(SigV4Problem.INVALID_SIGNATURE, QuerySignature.BOTH_FORMS);
        }
        if (authorization != null) {
            return parseHeader(request, authorization);
        }
        if (isQuery) {
            return parseQuery(request);
        }
        throw new Refusal(SigV4Problem.MISSING_TOKEN, null);
    }

    private static Signed parseHeader(AwsRequest request, String authorization) throws Refusal {
        // As Kinesis reads it: the first word is the algorithm, then key=value pairs separated by commas and/or blanks.
        Map<String, String> parameters = new HashMap<>();
        String[] words = authorization.split("[, ]", -1);
        for (int i = 1; i < words.length; i++) {
            if (words[i].isEmpty()) {
                continue;
            }
            String[] keyValue = words[i].trim().split("=", 2);
            parameters.put(keyValue[0], keyValue.length > 1 ? keyValue[1] : "");
        }
        String amzDate = request.header(X_AMZ_DATE);
        String httpDate = request.header("date");
        StringBuilder incomplete = new StringBuilder();
        for (String parameter : REQUIRED_PARAMETERS) {
            if (parameters.getOrDefault(parameter, "").isEmpty()) {
                incomplete.append("Authorization header requires '").append(parameter).append("' parameter. ");
            }
        }
        if (amzDate == null && httpDate == null) {
            incomplete.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (!incomplete.isEmpty()) {
            throw new Refusal(SigV4Problem.INCOMPLETE_SIGNATURE, incomplete.append("Authorization=")
                    .append(authorization).toString());
        }
        String algorithm = words[0].strip();
        if (!algorithm.equals(SigV4.ALGORITHM)) {
            throw new Refusal(SigV4Problem.INCOMPLETE_SIGNATURE, "Unsupported AWS 'algorithm': '" + algorithm + "'.");
        }
        String credential = parameters.get("Credential");
        CredentialScope scope = scope(credential);
        String date = amzDate != null ? amzDate : httpDate;
        Instant time = amzDate != null ? parseAmzDate(amzDate) : parseHttpDate(httpDate);
        return new Signed(scope, credential, signedHeaders(parameters.get("SignedHeaders")), parameters.get("Signature"),
                amzDate != null ? date.strip() : SigV4.AMZ_DATE.format(time), time, 0,
                request.header(X_AMZ_SECURITY_TOKEN), false);
    }

    private static Signed parseQuery(AwsRequest request) throws Refusal {
        String incomplete = QuerySignature.incompleteMessage(request.query()); // Kinesis' words, every one missing
        if (incomplete != null) {
            throw new Refusal(SigV4Problem.INCOMPLETE_SIGNATURE, incomplete);
        }
        String algorithm = request.queryParameter(QUERY_ALGORITHM);
        if (!algorithm.equals(SigV4.ALGORITHM)) {
            throw new Refusal(SigV4Problem.INCOMPLETE_SIGNATURE, "Unsupported AWS 'algorithm': '" + algorithm + "'.");
        }
        String credential = request.queryParameter(QUERY_CREDENTIAL);
        String expiresText = request.queryParameter(QUERY_EXPIRES);
        long expires; // 0: none given, the clock-skew window alone applies
        try {
            expires = expiresText == null ? 0 : Long.parseLong(expiresText);
        } catch (NumberFormatException e) {
            expires = -1;
        }
        if (expiresText != null && (expires < 1 || expires > MAX_EXPIRES_SECONDS)) {
            throw new Refusal(SigV4Problem.INCOMPLETE_SIGNATURE, "X-Amz-Expires must be a number of seconds from 1 to "
                    + MAX_EXPIRES_SECONDS + ", got '" + request.queryParameter(QUERY_EXPIRES) + "'.");
        }
        String amzDate = request.queryParameter(QUERY_DATE);
        return new Signed(scope(credential), credential, signedHeaders(request.queryParameter(QUERY_SIGNED_HEADERS)),
                request.queryParameter(QUERY_SIGNATURE), amzDate, parseAmzDate(amzDate), expires,
                request.queryParameter(QUERY_SECURITY_TOKEN), true);
    }

    private static CredentialScope scope(String credential) throws Refusal {
        Optional<CredentialScope> scope = CredentialScope.parse(credential);
        if (scope.isEmpty()) {
            throw new Refusal(SigV4Problem.INCOMPLETE_SIGNATURE, "Credential must have exactly 5 slash-delimited "
                    + "elements, e.g. keyid/date/region/service/term, got '" + credential + "'");
        }
        return scope.get();
    }

    private static List<String> signedHeaders(String list) {
        List<String> names = new ArrayList<>();
        for (String name : list.split(";")) {
            if (!name.isEmpty()) {
                names.add(name.toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static Instant parseAmzDate(String amzDate) throws Refusal {
        try {
            return Instant.from(SigV4.AMZ_DATE.parse(amzDate.strip()));
        } catch (DateTimeParseException e) {
            throw new Refusal(SigV4Problem.INCOMPLETE_SIGNATURE, "Date must be in ISO-8601 'basic format'. Got '"
                    + amzDate + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    private static Instant parseHttpDate(String httpDate) throws Refusal {
        try {
            return ZonedDateTime.parse(httpDate.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new Refusal(SigV4Problem.INCOMPLETE_SIGNATURE, "Date must be in ISO-8601 'basic format'. Got '"
                    + httpDate + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
    }
}
